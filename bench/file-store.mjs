// The file store through the real CLI: bulk apply, get of 10,000, a small create into stores of 10,000 and
// 200,000, and 100 parallel creates into 200,000 (none may fail), against floors measured in the same run.
import {spawn, spawnSync} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {freemem, tmpdir} from 'node:os'
import {join} from 'node:path'

import {serializeSnapshot} from '../dist/datastore/file/store-format.js'
import {writeManifest} from './generate.mjs'
import {measure, measureAlternating, report} from './measure.mjs'

const hepctl = join(import.meta.dirname, '..', 'bin', 'run.js')
const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-'))
const cli = (store, args) => {
  const r = spawnSync(process.execPath, [hepctl, ...args], {env: {...process.env, DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: store}, encoding: 'utf8', maxBuffer: 1 << 30})
  if (r.status !== 0) throw new Error(`hepctl ${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 500)}`)
  return r
}
/** A file store of `n` HostEndpoints like those of generate.mjs, as hepctl stores them, written in one go. */
function writeStore(store, n, prefix) {
  const octet = v => (v % 250) + 1
  const resources = new Map()
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${i}`
    const object = {
      apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint',
      metadata: {name, labels: {environment: 'production', rack: `rack-${i % 40}`, role: 'worker'}, uid: randomUUID(), creationTimestamp: '2026-01-01T00:00:00Z'},
      spec: {node: `node-${i}.cluster.example.com`, interfaceName: 'eth0', expectedIPs: [`10.${octet(i >> 16)}.${octet(i >> 8)}.${octet(i)}`, `fd00::${(i % 65535).toString(16)}`],
        profiles: ['projectcalico-default-allow'], ports: [{name: 'https', protocol: 'TCP', port: 443}]},
    }
    resources.set(name, {revision: i + 1, json: JSON.stringify(object)})
  }
  mkdirSync(store, {mode: 0o700})
  writeFileSync(join(store, 'hostendpoints.json'), serializeSnapshot({revision: n, resources}), {mode: 0o600})
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

  // A large store. It is written with the store's own serialiser (the format hepctl writes, names index and
  // checksums included): applying 200,000 through the CLI would take minutes and is not what is measured.
  const bigN = 200_000
  const big = join(dir, 'big-store')
  writeStore(big, bigN, 'big')
  const bigEnv = {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: big}
  // Alternated with the same create into an empty store, each run a new name (no delete in between: that
  // reads every object).
  const oneBig = join(dir, 'one-big.yaml')
  let created = 0
  const [createBig, createEmptyAlternated] = measureAlternating(
    {cmd: process.execPath, args: [hepctl, 'create', '-f', oneBig], options: {env: bigEnv, before: () => writeManifest(oneBig, 1, `extra-big-${created++}`)}},
    {cmd: process.execPath, args: [hepctl, 'create', '-f', one], options: {
      env: {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: empty},
      before: () => rmSync(empty, {recursive: true, force: true}),
    }},
  )
  ok = report('create 1 into a store of 200,000', createBig.median, 'create 1 into an empty store (alternated)', createEmptyAlternated.median, {target: 3}) && ok
  const {peakRssKiB} = measure(process.execPath, [hepctl, 'create', '-f', oneBig], {runs: 1, warmup: 0, env: bigEnv, before: () => writeManifest(oneBig, 1, `extra-big-${created++}`)})

  // 100 writers at once, each reading the store's names index before it takes the lock and holding the
  // lock for its append. Skipped, with a notice, where 100 of them would not fit in memory.
  const writers = 100
  const needed = writers * (peakRssKiB > 0 ? peakRssKiB * 1024 * 1.5 : 400 * 2 ** 20)
  if (freemem() < needed) {
    console.log(`${'100 parallel creates into a store of 200,000'.padEnd(58)} skipped: needs ${(needed / 2 ** 30).toFixed(1)} GB free, ${(freemem() / 2 ** 30).toFixed(1)} GB here`)
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
    // Each landed once: the store holds all 100, with 100 different revisions.
    const stored = cli(big, ['get', 'hostendpoints', '-o', 'custom-columns=NAME:.metadata.name,RV:.metadata.resourceVersion', '--no-headers'])
      .stdout.split('\n').filter(line => line.startsWith('parallel-'))
    const revisions = new Set(stored.map(line => line.trim().split(/\s+/)[1]))
    const landed = stored.length === writers && revisions.size === writers
    const memory = peakRssKiB > 0 ? `, each about ${Math.round(peakRssKiB / 1024)} MB` : ''
    console.log(`${'100 parallel creates into a store of 200,000'.padEnd(58)} ${`${elapsed.toFixed(1)} ms`.padStart(12)}   failed: ${failed.length} (target 0), stored: ${stored.length} with ${revisions.size} revisions${memory} ${failed.length === 0 && landed ? 'ok' : 'MISSED'}`)
    if (failed.length > 0) console.log(`  first failure: ${failed[0].stderr.trim().split('\n')[0]}`)
    if (failed.length > 0 || !landed) ok = false
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
