// The file store through the real CLI: bulk apply, get of 10,000, a small create into stores of 10,000 and
// 200,000, and 100 parallel creates into 200,000 (none may fail), against floors measured in the same run.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {freemem, tmpdir} from 'node:os'
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

  // A large store.
  const bigN = 200_000
  const bigFile = join(dir, 'hostendpoints-200k.yaml')
  writeManifest(bigFile, bigN, 'big')
  const big = join(dir, 'big-store')
  cli(big, ['apply', '-f', bigFile])
  rmSync(bigFile)
  const bigEnv = {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: big}
  const createBig = measure(process.execPath, [hepctl, 'create', '-f', one], {
    runs: 5, env: bigEnv, before: i => { if (i > 0) cli(big, ['delete', 'hostendpoint', 'extra-0']) },
  })
  ok = report('create 1 into a store of 200,000', createBig.median, 'create 1 into an empty store', createEmpty.median, {target: 3}) && ok

  // 100 writers at once: each loads the whole store into memory (about 300 MB for 200,000), so this needs
  // more memory than many machines have. Skipped, with a notice, where it would not fit.
  const writers = 100
  const needed = writers * 400 * 2 ** 20
  if (freemem() < needed) {
    console.log(`${'100 parallel creates into a store of 200,000'.padEnd(58)} skipped: needs ${Math.round(needed / 2 ** 30)} GB free, ${Math.round(freemem() / 2 ** 30)} GB here`)
  } else {
    const manifests = Array.from({length: writers}, (_, i) => {
      const path = join(dir, `parallel-${i}.yaml`)
      writeManifest(path, 1, `parallel-${i}`)
      return path
    })
    const started = performance.now()
    const exits = await Promise.all(manifests.map(path => new Promise(resolve => {
      const child = spawn(process.execPath, [hepctl, 'create', '-f', path], {env: {...process.env, ...bigEnv}, stdio: ['ignore', 'ignore', 'pipe']})
      let stderr = ''
      child.stderr.on('data', chunk => (stderr += chunk))
      child.on('close', code => resolve({code, stderr}))
    })))
    const elapsed = performance.now() - started
    const failed = exits.filter(e => e.code !== 0)
    console.log(`${'100 parallel creates into a store of 200,000'.padEnd(58)} ${`${elapsed.toFixed(1)} ms`.padStart(12)}   failed: ${failed.length} (target 0) ${failed.length === 0 ? 'ok' : 'MISSED'}`)
    if (failed.length > 0) {
      console.log(`  first failure: ${failed[0].stderr.trim().split('\n')[0]}`)
      ok = false
    }
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
