// Start-up of every plain command on the file store, each beside `node -e 0` measured in alternation with it
// (so load from elsewhere weighs on both). Targets: a plain command at most 1.3x `node -e 0`; help, usage
// errors and --version at most 2x.
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {spawnSync} from 'node:child_process'

import {writeManifest} from './generate.mjs'
import {measureAlternating, report} from './measure.mjs'

const hepctl = join(import.meta.dirname, '..', 'bin', 'run.js')
const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-startup-'))
const store = join(dir, 'store')
const seeded = join(dir, 'seeded')
const env = {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: store}
let ok = true
try {
  const one = join(dir, 'one.yaml')
  writeManifest(one, 1)
  const ten = join(dir, 'ten.yaml')
  writeManifest(ten, 10, 'seed')
  const seed = spawnSync(process.execPath, [hepctl, 'apply', '-f', ten], {env: {...process.env, ...env, HEPCTL_FILE_STORE: seeded}, encoding: 'utf8'})
  if (seed.status !== 0) throw new Error(`seeding the store failed: ${seed.stderr}`)
  const reseed = () => {
    rmSync(store, {recursive: true, force: true})
    cpSync(seeded, store, {recursive: true})
  }
  reseed()
  const cases = [
    {name: 'get hep (10 in the store)', args: ['get', 'hep'], target: 1.3},
    {name: 'get hep seed-1 -o yaml', args: ['get', 'hep', 'seed-1', '-o', 'yaml'], target: 1.3},
    {name: 'create -f one.yaml', args: ['create', '-f', one], target: 1.3, before: reseed},
    {name: 'apply -f one.yaml', args: ['apply', '-f', one], target: 1.3, before: reseed},
    {name: 'delete hep seed-1', args: ['delete', 'hep', 'seed-1'], target: 1.3, before: reseed},
    {name: 'label hep seed-1 tier=web --overwrite', args: ['label', 'hep', 'seed-1', 'tier=web', '--overwrite'], target: 1.3, before: reseed},
    {name: 'version', args: ['version'], target: 1.3},
    {name: 'crd', args: ['crd'], target: 1.3},
    {name: 'completion bash', args: ['completion', 'bash'], target: 1.3},
    {name: '--version', args: ['--version'], target: 2},
    {name: 'get --help', args: ['get', '--help'], target: 2},
    {name: 'usage error (get --no-such-flag)', args: ['get', '--no-such-flag'], target: 2, status: 2},
    {name: 'usage error (label, no argument)', args: ['label'], target: 2, status: 2},
  ]
  for (const c of cases) {
    const [floor, run] = measureAlternating(
      {cmd: process.execPath, args: ['-e', '0']},
      {cmd: process.execPath, args: [hepctl, ...c.args], options: {env, before: c.before, status: c.status ?? 0}},
      {runs: 11},
    )
    ok = report(`start-up: ${c.name}`, run.median, 'node -e 0', floor.median, {target: c.target}) && ok
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
