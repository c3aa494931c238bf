// The file store through the real CLI: bulk apply, get of 10,000, and a small create into a large store,
// each against a floor measured in the same run.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {writeManifest} from './generate.mjs'
import {measure, measureAlternating, report} from './measure.mjs'

const hepctl = join(import.meta.dirname, '..', 'bin', 'run.js')
const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-'))
const cli = (store, args) => {
  const r = spawnSync(process.execPath, [hepctl, ...args], {env: {...process.env, DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: store}, encoding: 'utf8', maxBuffer: 1 << 30})
  if (r.status !== 0) throw new Error(`hepctl ${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`)
  return r
}
let ok = true
try {
  const n = 10_000
  const file = join(dir, 'hostendpoints-10k.yaml')
  writeManifest(file, n)
  const one = join(dir, 'one.yaml')
  writeManifest(one, 1, 'extra')

  const storeA = join(dir, 'apply-store')
  const [apply, validate] = measureAlternating(
    {cmd: process.execPath, args: [hepctl, 'apply', '-f', file], options: {
      env: {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: storeA},
      before: () => rmSync(storeA, {recursive: true, force: true}),
    }},
    {cmd: process.execPath, args: [hepctl, 'validate', '-f', file]},
  )
  ok = report('apply 10,000 new HostEndpoints (empty store)', apply.median, 'validate same file', validate.median, {target: 1.5}) && ok

  const full = join(dir, 'full-store')
  cli(full, ['apply', '-f', file])
  const env = {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: full}
  const getYaml = measure(process.execPath, [hepctl, 'get', 'hostendpoints', '-o', 'yaml'], {runs: 5, env})
  // The floor is the validate median measured in alternation with apply above.
  ok = report('get -o yaml of 10,000 stored', getYaml.median, 'validate 10,000 docs (alternated with apply)', validate.median, {target: 1.5}) && ok
  const getWide = measure(process.execPath, [hepctl, 'get', 'hostendpoints', '-o', 'wide'], {runs: 5, env})
  ok = report('get -o wide of 10,000 stored', getWide.median, 'validate 10,000 docs (alternated with apply)', validate.median, {target: 1.5}) && ok

  const empty = join(dir, 'empty-store')
  const createEmpty = measure(process.execPath, [hepctl, 'create', '-f', one], {
    runs: 9, env: {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: empty},
    before: () => rmSync(empty, {recursive: true, force: true}),
  })
  const createFull = measure(process.execPath, [hepctl, 'create', '-f', one], {
    runs: 9, env, before: i => { if (i > 0) cli(full, ['delete', 'hostendpoint', 'extra-0']) },
  })
  ok = report('create 1 into a store of 10,000', createFull.median, 'create 1 into an empty store', createEmpty.median, {target: 2}) && ok
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
