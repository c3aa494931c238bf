// The single executable file (npm run build:binary, built here first): start-up of `validate -f one.yaml`
// and `get hep` (a file store of 10 HostEndpoints), each beside `node bin/run.js` for the same command (the
// target: at most its time) and beside `node -e 0`. Runs in alternation, so load elsewhere weighs on both.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {arch, platform, tmpdir} from 'node:os'
import {join} from 'node:path'

import {writeManifest} from './generate.mjs'
import {measure, measureAlternating, report} from './measure.mjs'

const root = join(import.meta.dirname, '..')
const hepctl = join(root, 'bin', 'run.js')
execFileSync(process.execPath, [join(root, 'scripts', 'build-binary.mjs')], {stdio: 'inherit'})
const binary = join(root, 'dist', 'bin', `hepctl-${platform()}-${arch()}`)
const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-'))
let ok = true
try {
  const one = join(dir, 'one-hostendpoint.yaml')
  writeManifest(one, 1)
  const ten = join(dir, 'ten.yaml')
  writeManifest(ten, 10)
  const env = {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: join(dir, 'store')}
  const applied = spawnSync(binary, ['apply', '-f', ten], {env: {...process.env, ...env}, encoding: 'utf8'})
  if (applied.status !== 0) throw new Error(`binary apply: exit ${applied.status}: ${applied.stderr}`)

  const floor = measure(process.execPath, ['-e', '0'], {runs: 21})
  for (const [name, args] of [['validate -f one-hostendpoint.yaml', ['validate', '-f', one]], ['get hep (10 in a file store)', ['get', 'hep']]]) {
    const [bin, node] = measureAlternating(
      {cmd: binary, args, options: {env}},
      {cmd: process.execPath, args: [hepctl, ...args], options: {env}},
      {runs: 15},
    )
    ok = report(`binary start-up: ${name}`, bin.median, 'node bin/run.js', node.median, {target: 1}) && ok
    report(`binary start-up: ${name}`, bin.median, 'node -e 0', floor.median)
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
