// The etcdv3 datastore's speed, each figure beside a floor measured in the same run (`npm run bench`
// builds first; `node bench/etcd.mjs` alone needs `npm run build` and etcd on PATH):
//   1. writing 10,000 new HostEndpoints through the store  vs  a bare loop of the same puts, 8 in flight,
//      through the same client (in-process, so it runs before the CLI exists);
//   2. `hepctl apply -f` of 10,000 new HostEndpoints  vs  that bare loop as a process of its own;
//   3. `hepctl get -o yaml` of 10,000  vs  `hepctl validate -f` of the same 10,000 documents;
//   4. `hepctl validate` start-up with etcd configured  vs  without, and a check that no etcd module loads.
// Modes used as child processes: `--put-loop <endpoint> <count>`, `--wipe <endpoint>`.
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {measure, measureAlternating, measureAsync, report, reportTime} from './measure.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = join(ROOT, 'dist', 'datastore', 'etcd')
const PREFIX = '/calico/resources/v3/projectcalico.org/hostendpoints/'
const COUNT = Number(process.env.HEPCTL_BENCH_ETCD_COUNT) || 10_000
const IN_FLIGHT = 8

const importDist = file => import(pathToFileURL(join(DIST, file)).href)

/** The object the bench writes; about the size of a real HostEndpoint with labels and ports. */
function hostEndpoint(i) {
  const name = `bench-hep-${String(i).padStart(5, '0')}`
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: {name, labels: {'app.example.com/tier': i % 2 ? 'web' : 'db', rack: `r${i % 40}`}},
    spec: {
      node: `node-${i % 500}`,
      interfaceName: 'eth0',
      expectedIPs: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
      profiles: ['projectcalico-default-allow'],
      ports: [{name: 'https', protocol: 'TCP', port: 443}, {name: 'dns', protocol: 'UDP', port: 53}],
    },
  }
}

function manifestYaml(count) {
  const docs = []
  for (let i = 0; i < count; i++) {
    const o = hostEndpoint(i)
    docs.push(
      `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: ${o.metadata.name}\n  labels:\n` +
        `    app.example.com/tier: ${o.metadata.labels['app.example.com/tier']}\n    rack: ${o.metadata.labels.rack}\n` +
        `spec:\n  node: ${o.spec.node}\n  interfaceName: eth0\n  expectedIPs: ["${o.spec.expectedIPs[0]}"]\n` +
        `  profiles: [projectcalico-default-allow]\n  ports:\n  - {name: https, protocol: TCP, port: 443}\n  - {name: dns, protocol: UDP, port: 53}\n`,
    )
  }
  return docs.join('---\n')
}

/** The value the store would write for object i (uid and time as the lifecycle would add them). */
async function storedValues(count) {
  const {toCalicoStorage} = await importDist('calico-etcd-layout.js')
  return Array.from({length: count}, (_, i) => {
    const o = hostEndpoint(i)
    o.metadata.uid = crypto.randomUUID()
    o.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    return [PREFIX + o.metadata.name, toCalicoStorage(o)]
  })
}

async function client(endpoint) {
  const {EtcdClient} = await importDist('etcd-client.js')
  return new EtcdClient({endpoints: [endpoint], requestTimeoutMs: 30_000})
}

/** The floor: every put sent on its own, IN_FLIGHT at a time, through the store's client. */
async function putLoop(c, pairs) {
  let next = 0
  const worker = async () => {
    while (next < pairs.length) {
      const [key, value] = pairs[next++]
      await c.put(key, value)
    }
  }
  await Promise.all(Array.from({length: IN_FLIGHT}, worker))
}

async function wipe(endpoint) {
  const c = await client(endpoint)
  const {prefixRangeEnd} = await importDist('etcd-client.js')
  await c.txn([], [{deleteRange: {key: PREFIX, rangeEnd: prefixRangeEnd(PREFIX), prevKv: false}}])
  c.close()
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address()
      server.close(() => resolvePort(port))
    })
  })
}

async function startEtcd(dir) {
  const [clientPort, peerPort] = [await freePort(), await freePort()]
  const url = `http://127.0.0.1:${clientPort}`
  const child = spawn('etcd', [
    '--data-dir', join(dir, 'etcd'), '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
    '--initial-cluster', `default=http://127.0.0.1:${peerPort}`, '--logger', 'zap', '--log-outputs', 'stderr',
    '--quota-backend-bytes', String(8 * 1024 ** 3),
  ], {stdio: ['ignore', 'ignore', 'pipe']})
  let log = ''
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`etcd did not start:\n${log.slice(-2000)}`)), 60_000)
    child.stderr.on('data', chunk => {
      if (log.length < 100_000) log += chunk
      if (/serving client traffic|ready to serve client requests/.test(log)) {
        clearTimeout(timer)
        ok()
      }
    })
    child.once('exit', code => fail(new Error(`etcd exited with ${code}:\n${log.slice(-2000)}`)))
  })
  return {url, stop: () => new Promise(done => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM'))))}
}

/** Modules resolved while running `args`, through a resolve hook registered before the CLI loads. */
function loadedModules(args, env) {
  // The fast route's chunks are CommonJS (require sees them); what loads with import() the ES module hook sees.
  const hook = `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r }`
  const register = `import {register} from 'node:module'; register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(hook))});`
  const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-loads-'))
  const preload = join(dir, 'log-requires.cjs')
  writeFileSync(preload, `const M = require('node:module'); const load = M._load;
M._load = function (request, parent, isMain) { process.stderr.write('LOADED ' + M._resolveFilename(request, parent, isMain) + '\\n'); return load.apply(this, arguments) }`)
  try {
    const r = spawnSync(process.execPath, ['--require', preload, '--import', `data:text/javascript,${encodeURIComponent(register)}`, join(ROOT, 'bin', 'run.js'), ...args], {
      env: {...process.env, ...env}, encoding: 'utf8', maxBuffer: 1 << 28,
    })
    return r.stderr.split('\n').filter(l => l.startsWith('LOADED ')).map(l => l.slice(7))
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

export async function main() {
  if (!existsSync(join(DIST, 'etcd-store.js'))) {
    console.log('etcd bench: skipped (run `npm run build` first)')
    return true
  }
  if (spawnSync('etcd', ['--version']).status !== 0) {
    console.log('etcd bench: skipped (etcd is not installed; Debian: etcd-server)')
    return !process.env.CI
  }
  const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-etcd-'))
  const etcd = await startEtcd(dir)
  let ok = true
  try {
    console.log(`etcd bench: ${COUNT} HostEndpoints, etcd ${spawnSync('etcd', ['--version'], {encoding: 'utf8'}).stdout.split('\n')[0].replace('etcd Version: ', '')}`)

    // 1. In-process: the store's bulk write against the bare put loop, same client code.
    const {openEtcdStore} = await importDist('etcd-store.js')
    const c = await client(etcd.url)
    let pairs = []
    const runs = 3
    const floor = await measureAsync(() => putLoop(c, pairs), {runs, before: async () => {
      await wipe(etcd.url)
      pairs = await storedValues(COUNT)
    }})
    c.close()
    let ops = []
    const store = await openEtcdStore({endpoints: [etcd.url], requestTimeoutMs: 30_000})
    const bulk = await measureAsync(async () => {
      const results = await store.write(ops)
      if (!results.every(r => r.ok)) throw new Error('a bench write failed')
    }, {runs, before: async () => {
      await wipe(etcd.url)
      ops = (await storedValues(COUNT)).map(([, value]) => ({op: 'create', object: JSON.parse(value)}))
    }})
    ok = report(`store.write: ${COUNT} creates (in-process)`, bulk.median, `bare put loop x${IN_FLIGHT}`, floor.median, {target: 1.5}) && ok
    const listed = await measureAsync(() => store.list(), {runs})
    reportTime(`store.list: ${COUNT} items (in-process)`, listed.median)
    await store.close()

    // 2-4. Through the CLI, when it is built.
    const cliReady = existsSync(join(ROOT, 'bin', 'run.js')) && existsSync(join(ROOT, 'dist', 'commands', 'apply.js')) && existsSync(join(ROOT, 'dist', 'commands', 'get.js'))
    if (!cliReady) {
      console.log('etcd bench: CLI figures skipped (bin/run.js or dist/commands/{apply,get}.js missing)')
      return ok
    }
    ok = (await cliFigures(dir, etcd.url)) && ok
  } finally {
    await etcd.stop()
    rmSync(dir, {recursive: true, force: true})
  }
  return ok
}

/** Figures 2-4; a CLI that fails is reported as a miss, not a crash of the whole bench. */
async function cliFigures(dir, etcdUrl) {
  const bin = join(ROOT, 'bin', 'run.js')
  let ok = true
  try {
    const manifest = join(dir, 'heps.yaml')
    writeFileSync(manifest, manifestYaml(COUNT))
    const env = {DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcdUrl, NO_COLOR: '1'}
    const self = fileURLToPath(import.meta.url)
    const wipeSync = () => {
      const r = spawnSync(process.execPath, [self, '--wipe', etcdUrl], {encoding: 'utf8'})
      if (r.status !== 0) throw new Error(`wipe failed: ${r.stderr}`)
    }
    const cliRuns = 3
    const putFloor = measure(process.execPath, [self, '--put-loop', etcdUrl, String(COUNT)], {runs: cliRuns, before: wipeSync})
    const apply = measure(process.execPath, [bin, 'apply', '-f', manifest], {runs: cliRuns, env, before: wipeSync})
    ok = report(`hepctl apply -f: ${COUNT} new (etcd)`, apply.median, `bare put loop x${IN_FLIGHT} (process)`, putFloor.median, {target: 1.5}) && ok

    // The store now holds the 10,000 from the last apply.
    const [get, validate] = measureAlternating(
      {cmd: process.execPath, args: [bin, 'get', 'hostendpoints', '-o', 'yaml'], options: {env}},
      {cmd: process.execPath, args: [bin, 'validate', '-f', manifest]},
    )
    ok = report(`hepctl get -o yaml: ${COUNT} (etcd)`, get.median, `validate -f of ${COUNT}`, validate.median, {target: 1.5}) && ok

    const one = join(dir, 'one.yaml')
    writeFileSync(one, manifestYaml(1))
    // Alternate the two so that load from elsewhere on the machine hits both alike.
    const plainTimes = []
    const etcdTimes = []
    const median = times => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]
    for (let i = 0; i < 11; i++) {
      plainTimes.push(measure(process.execPath, [bin, 'validate', '-f', one], {runs: 1, warmup: i === 0 ? 1 : 0, env: {DATASTORE_TYPE: '', ETCD_ENDPOINTS: ''}}).median)
      etcdTimes.push(measure(process.execPath, [bin, 'validate', '-f', one], {runs: 1, warmup: 0, env}).median)
    }
    ok = report('hepctl validate start-up, etcd configured', median(etcdTimes), 'etcd not configured', median(plainTimes), {target: 1.2}) && ok
    // The same hook must see the etcd modules when `get` loads them, or its silence would prove nothing.
    // Unbundled modules live in dist/datastore/etcd/; in the build's bundle, etcd's code is its own chunk.
    const isEtcdModule = u => u.includes('/datastore/etcd/') || /\/bundle-etcd-[^/]*\.c?js$/.test(u)
    const control = loadedModules(['get', 'hostendpoints', '-o', 'name'], env).filter(isEtcdModule)
    const validateLoads = loadedModules(['validate', '-f', one], env)
    const etcdModules = validateLoads.filter(isEtcdModule)
    const verdict = control.length === 0 ? 'MISSED: the module hook saw nothing (check bench/etcd.mjs)' : etcdModules.length === 0 ? 'ok' : `MISSED: ${etcdModules.join(', ')}`
    console.log(`${'hepctl validate loads no etcd module'.padEnd(58)} ${verdict}   (modules: ${validateLoads.length}; get loads ${control.length} etcd modules)`)
    ok = verdict === 'ok' && ok
  } catch (error) {
    console.log(`etcd bench: CLI figures MISSED: ${String(error.message).split('\n').slice(0, 3).join(' | ')}`)
    return false
  }
  return ok
}

const mode = process.argv[2]
if (mode === '--put-loop') {
  const c = await client(process.argv[3])
  await putLoop(c, await storedValues(Number(process.argv[4])))
  c.close()
} else if (mode === '--wipe') {
  await wipe(process.argv[3])
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = (await main()) ? 0 : 1
}
