// The Kubernetes datastore's speed against a real kube-apiserver (started here from ../shared/tools), each
// figure beside a floor measured in the same run (`npm run bench` builds first; `node bench/kubernetes.mjs`
// alone needs `npm run build`, kubectl on PATH and the shared kube-apiserver scripts):
//   1. store.write of 1,000 new HostEndpoints (in-process)  vs  a bare Node loop of the same POSTs, 8 in
//      flight over keep-alive (in-process too; runs before the CLI exists);
//   2. `hepctl apply -f` of 1,000 new  vs  the bare loop as a process of its own (target <= 1.5x)
//      and  vs  `kubectl apply -f` of the same objects (target <= 1/3), with the bare loop and the same
//      loop through got beside kubectl for context;
//   3. `hepctl delete -f` of the same 1,000  vs  `kubectl delete -f` (measured on 100 and scaled x10,
//      because kubectl takes minutes for 1,000 here) (target: at least 20x faster);
//   4. `hepctl get -o yaml` of 10,000  vs  `kubectl get hostendpoints.crd.projectcalico.org -o yaml` (<= 1.5x);
//   5. what `validate --context-from-datastore` adds with 1,000 stored GlobalNetworkPolicies  vs  one paged
//      list of them by a bare Node process, less that process's start (`node -e 0`) (target <= 1x).
// Child-process modes: `--create-loop <stateDir> <bodies.json>`, `--got-create-loop <stateDir> <bodies.json>`,
// `--wipe <stateDir>`, `--list-loop <stateDir> <collection>`.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {Agent, request} from 'node:https'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {parseAllDocuments} from 'yaml'

import {manifestText} from './generate.mjs'
import {measure, measureAsync, report, reportTime} from './measure.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SHARED = process.env.HEPCTL_SHARED_DIR ?? resolve(ROOT, '..', 'shared')
const TOOLS = join(SHARED, 'tools', 'kube-apiserver')
const CRD = join(SHARED, 'reference', 'crds', 'crd.projectcalico.org_hostendpoints.yaml')
const COLLECTION = '/apis/crd.projectcalico.org/v1/hostendpoints'
const APPLY_COUNT = 1000
const KUBECTL_DELETE_COUNT = 100
const GET_COUNT = 10_000
const POLICY_COUNT = 1000
const GNP_CRD = join(SHARED, 'reference', 'crds', 'crd.projectcalico.org_globalnetworkpolicies.yaml')
const GNP_COLLECTION = '/apis/crd.projectcalico.org/v1/globalnetworkpolicies'
const IN_FLIGHT = 8

const importDist = file => import(pathToFileURL(join(ROOT, 'dist', file)).href)

/** Server, token and CA from the state folder start.sh wrote. */
function connection(stateDir) {
  const kubeconfig = join(stateDir, 'kubeconfig')
  return {
    kubeconfig,
    server: /server:\s*(\S+)/.exec(readFileSync(kubeconfig, 'utf8'))[1],
    token: readFileSync(join(stateDir, 'token'), 'utf8').trim(),
    ca: readFileSync(join(stateDir, 'ca.crt')),
  }
}

function call(c, agent, method, path, body) {
  return new Promise((resolvePromise, reject) => {
    const req = request(new URL(path, c.server), {
      method, agent, headers: {authorization: `Bearer ${c.token}`, 'content-type': 'application/json', accept: 'application/json'},
    }, res => {
      const chunks = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => resolvePromise({status: res.statusCode, body: Buffer.concat(chunks).toString('utf8')}))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The floor of section 5: read a collection in pages of 500, as hepctl's readers and kubectl page. */
async function listLoop(c, collection) {
  const agent = new Agent({keepAlive: true, ca: c.ca})
  let token = ''
  let items = 0
  do {
    const r = await call(c, agent, 'GET', `${collection}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`)
    if (r.status !== 200) throw new Error(`list failed: HTTP ${r.status}`)
    const page = JSON.parse(r.body)
    items += page.items.length
    token = page.metadata.continue ?? ''
  } while (token)
  agent.destroy()
  return items
}

/** The floor: POST each body, IN_FLIGHT at a time, over keep-alive connections. */
async function createLoop(c, bodies, collection = COLLECTION) {
  const agent = new Agent({keepAlive: true, ca: c.ca, maxSockets: IN_FLIGHT})
  let next = 0
  await Promise.all(Array.from({length: IN_FLIGHT}, async () => {
    while (next < bodies.length) {
      const r = await call(c, agent, 'POST', collection, bodies[next++])
      if (r.status !== 201) throw new Error(`create failed: HTTP ${r.status} ${r.body.slice(0, 200)}`)
    }
  }))
  agent.destroy()
}

/** The same loop through got (the HTTP library hepctl uses for Kubernetes), for context. */
async function gotCreateLoop(c, bodies) {
  const {default: got} = await import('got')
  const agent = new Agent({keepAlive: true, ca: c.ca, maxSockets: IN_FLIGHT})
  const http = got.extend({
    prefixUrl: c.server, agent: {https: agent}, retry: {limit: 0}, throwHttpErrors: false, decompress: false,
    headers: {authorization: `Bearer ${c.token}`, 'content-type': 'application/json', accept: 'application/json'},
  })
  let next = 0
  await Promise.all(Array.from({length: IN_FLIGHT}, async () => {
    while (next < bodies.length) {
      const r = await http.post(COLLECTION.slice(1), {body: bodies[next++]})
      if (r.statusCode !== 201) throw new Error(`create failed: HTTP ${r.statusCode} ${r.body.slice(0, 200)}`)
    }
  }))
  agent.destroy()
}

async function wipe(c) {
  const agent = new Agent({keepAlive: true, ca: c.ca})
  await call(c, agent, 'DELETE', COLLECTION)
  for (let i = 0; i < 600; i++) {
    const r = await call(c, agent, 'GET', `${COLLECTION}?limit=1`)
    if (JSON.parse(r.body).items.length === 0) break
    await new Promise(res => setTimeout(res, 100))
  }
  agent.destroy()
}

if (process.argv[2] === '--create-loop') {
  const c = connection(process.argv[3])
  await createLoop(c, JSON.parse(readFileSync(process.argv[4], 'utf8')))
  process.exit(0)
}
if (process.argv[2] === '--got-create-loop') {
  const c = connection(process.argv[3])
  await gotCreateLoop(c, JSON.parse(readFileSync(process.argv[4], 'utf8')))
  process.exit(0)
}
if (process.argv[2] === '--list-loop') {
  await listLoop(connection(process.argv[3]), process.argv[4])
  process.exit(0)
}
if (process.argv[2] === '--wipe') {
  await wipe(connection(process.argv[3]))
  process.exit(0)
}

const cliBuilt = existsSync(join(ROOT, 'bin', 'run.js')) && existsSync(join(ROOT, 'dist', 'commands', 'apply.js'))
if (!existsSync(join(ROOT, 'dist', 'datastore', 'kubernetes', 'kubernetes-store.js'))) {
  console.log('kubernetes: skipped (run `npm run build` first)')
  process.exit(0)
}
const work = mkdtempSync(join(tmpdir(), 'hepctl-bench-kube-'))
const state = join(work, 'apiserver')
let ok = true
try {
  try {
    // start.sh picks free ports before binding them; another process can take one in between: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        execFileSync('bash', [join(TOOLS, 'start.sh'), state], {stdio: ['ignore', 'ignore', 'pipe']})
        break
      } catch (error) {
        if (attempt >= 3 || !/address already in use/.test(String(error.stderr))) throw error
        spawnSync('bash', [join(TOOLS, 'stop.sh'), state, '--wipe'])
      }
    }
    execFileSync('kubectl', ['apply', '--validate=false', '-f', CRD], {env: {...process.env, KUBECONFIG: join(state, 'kubeconfig')}, stdio: 'ignore'})
    execFileSync('kubectl', ['wait', '--for', 'condition=established', 'crd/hostendpoints.crd.projectcalico.org'], {env: {...process.env, KUBECONFIG: join(state, 'kubeconfig')}, stdio: 'ignore'})
  } catch (error) {
    const detail = String(error.stderr ?? '').trim().split('\n').pop() || String(error.message).split('\n')[0]
    console.log(`kubernetes: skipped (kube-apiserver could not be started: ${detail})`)
    process.exit(process.env.CI ? 1 : 0)
  }
  const c = connection(state)
  const kubeEnv = {KUBECONFIG: c.kubeconfig}
  const cliEnv = {DATASTORE_TYPE: 'kubernetes', KUBECONFIG: c.kubeconfig}
  const {openKubernetesStore} = await importDist('datastore/kubernetes/kubernetes-store.js')
  const {toCalicoStorage} = await importDist('datastore/kubernetes/calico-storage.js')

  // The same 1,000 objects three ways: a manifest for hepctl, the v3 objects for the store, and the
  // custom resources Calico's layout gives them (for kubectl and the bare loop).
  const manifest = join(work, 'heps.yaml')
  writeFileSync(manifest, manifestText(APPLY_COUNT, 'bench'))
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const objects = parseAllDocuments(readFileSync(manifest, 'utf8')).map(d => {
    const o = d.toJS()
    o.metadata.creationTimestamp = now
    o.metadata.uid = crypto.randomUUID()
    return o
  })
  const customResources = objects.map(o => toCalicoStorage(o, 'crd.projectcalico.org/v1'))
  const bodies = customResources.map(cr => JSON.stringify(cr))
  const bodiesFile = join(work, 'bodies.json')
  writeFileSync(bodiesFile, JSON.stringify(bodies))
  const crManifest = join(work, 'crs.yaml')
  const list = items => JSON.stringify({apiVersion: 'v1', kind: 'List', items})
  writeFileSync(crManifest, list(customResources))
  const crManifestSmall = join(work, 'crs-small.yaml')
  writeFileSync(crManifestSmall, list(customResources.slice(0, KUBECTL_DELETE_COUNT)))

  // 1. In-process: the store against the bare loop.
  const store = await openKubernetesStore({kubeconfig: c.kubeconfig, requestTimeoutMs: 30_000})
  await store.get('warm-up')
  const floorInProcess = await measureAsync(() => createLoop(c, bodies), {runs: 5, before: () => wipe(c)})
  const storeCreate = await measureAsync(async () => {
    const results = await store.write(objects.map(object => ({op: 'create', object})))
    if (!results.every(r => r.ok)) throw new Error('store create failed')
  }, {runs: 5, before: () => wipe(c)})
  ok = report(`store.write: ${APPLY_COUNT} creates (in-process)`, storeCreate.median, `bare loop x${IN_FLIGHT}`, floorInProcess.median, {target: 1.5}) && ok
  const listed = await measureAsync(() => store.list(), {runs: 5})
  reportTime(`store.list: ${APPLY_COUNT} items (in-process)`, listed.median)
  const deleted = await measureAsync(async () => {
    const results = await store.write(objects.map(o => ({op: 'delete', name: o.metadata.name})))
    if (!results.every(r => r.ok)) throw new Error('store delete failed')
  }, {runs: 3, before: async () => {
    await wipe(c)
    await createLoop(c, bodies)
  }})
  reportTime(`store.write: ${APPLY_COUNT} deletes (in-process)`, deleted.median)

  if (!cliBuilt) {
    console.log('kubernetes CLI figures: skipped (the hepctl CLI is not built yet)')
  } else {
    // 2. hepctl apply of 1,000 new objects.
    const loopProcess = measure(process.execPath, [fileURLToPath(import.meta.url), '--create-loop', state, bodiesFile], {runs: 5, before: () => wipeSync(state)})
    const apply = measure(process.execPath, [join(ROOT, 'bin', 'run.js'), 'apply', '-f', manifest], {runs: 5, env: cliEnv, before: () => wipeSync(state)})
    ok = report(`hepctl apply -f: ${APPLY_COUNT} new`, apply.median, `bare loop x${IN_FLIGHT} (process)`, loopProcess.median, {target: 1.5}) && ok
    const kubectlApply = measure('kubectl', ['apply', '--validate=false', '-f', crManifest], {runs: 3, warmup: 0, env: kubeEnv, before: () => wipeSync(state)})
    ok = report(`hepctl apply -f: ${APPLY_COUNT} new`, apply.median, 'kubectl apply -f', kubectlApply.median, {target: 1 / 3}) && ok
    // Context for the line above: how close the bare loops themselves come to kubectl on this machine.
    report(`(bare loop x${IN_FLIGHT} (process): ${APPLY_COUNT} new)`, loopProcess.median, 'kubectl apply -f', kubectlApply.median)
    const gotLoop = measure(process.execPath, [fileURLToPath(import.meta.url), '--got-create-loop', state, bodiesFile], {runs: 5, before: () => wipeSync(state)})
    report(`(bare got loop x${IN_FLIGHT} (process): ${APPLY_COUNT} new)`, gotLoop.median, 'kubectl apply -f', kubectlApply.median)

    // 3. hepctl delete -f of the same 1,000 against kubectl delete -f (100, scaled).
    const recreate = () => {
      wipeSync(state)
      spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--create-loop', state, bodiesFile])
    }
    const del = measure(process.execPath, [join(ROOT, 'bin', 'run.js'), 'delete', '-f', manifest], {runs: 3, env: cliEnv, before: recreate})
    const kubectlDelete = measure('kubectl', ['delete', '-f', crManifestSmall], {runs: 1, warmup: 0, env: kubeEnv, before: recreate})
    const scaled = kubectlDelete.median * (APPLY_COUNT / KUBECTL_DELETE_COUNT)
    console.log(`(kubectl delete -f measured on ${KUBECTL_DELETE_COUNT} objects: ${kubectlDelete.median.toFixed(0)} ms, scaled x${APPLY_COUNT / KUBECTL_DELETE_COUNT})`)
    ok = report(`hepctl delete -f: ${APPLY_COUNT}`, del.median, 'kubectl delete -f (scaled)', scaled, {target: 1 / 20}) && ok

    // 4. get -o yaml of 10,000.
    wipeSync(state)
    const many = Array.from({length: GET_COUNT}, (_, i) => {
      const o = structuredClone(objects[i % APPLY_COUNT])
      o.metadata.name = `get-${String(i).padStart(5, '0')}`
      return {op: 'create', object: o}
    })
    const created = await store.write(many)
    if (!created.every(r => r.ok)) throw new Error('seeding 10,000 failed')
    const get = measure(process.execPath, [join(ROOT, 'bin', 'run.js'), 'get', 'hostendpoints', '-o', 'yaml'], {runs: 3, env: cliEnv})
    const kubectlGet = measure('kubectl', ['get', 'hostendpoints.crd.projectcalico.org', '-o', 'yaml'], {runs: 3, env: kubeEnv})
    ok = report(`hepctl get -o yaml: ${GET_COUNT}`, get.median, 'kubectl get -o yaml', kubectlGet.median, {target: 1.5}) && ok

    // 5. validate --context-from-datastore with 1,000 stored GlobalNetworkPolicies (Calico's v1 layout).
    execFileSync('kubectl', ['apply', '--validate=false', '-f', GNP_CRD], {env: {...process.env, ...kubeEnv}, stdio: 'ignore'})
    execFileSync('kubectl', ['wait', '--for', 'condition=established', 'crd/globalnetworkpolicies.crd.projectcalico.org'], {env: {...process.env, ...kubeEnv}, stdio: 'ignore'})
    const policies = Array.from({length: POLICY_COUNT}, (_, i) => JSON.stringify({
      apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy',
      metadata: {name: `default.bench-${String(i).padStart(4, '0')}`},
      spec: {tier: 'default', order: i, selector: `role == 'r${i % 50}'`, types: ['Ingress'], ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [22, 443]}}]},
    }))
    await createLoop(c, policies, GNP_COLLECTION)
    if (await listLoop(c, GNP_COLLECTION) !== POLICY_COUNT) throw new Error('seeding the policies failed')
    const one = join(work, 'one.yaml')
    writeFileSync(one, manifestText(1, 'ctx'))
    const run = join(ROOT, 'bin', 'run.js')
    const plain = measure(process.execPath, [run, 'validate', '-f', one], {runs: 7, env: cliEnv})
    const withContext = measure(process.execPath, [run, 'validate', '-f', one, '--context-from-datastore'], {runs: 7, env: cliEnv})
    const listProcess = measure(process.execPath, [fileURLToPath(import.meta.url), '--list-loop', state, GNP_COLLECTION], {runs: 7})
    const nodeStart = measure(process.execPath, ['-e', '0'], {runs: 7})
    const added = withContext.median - plain.median
    const oneList = listProcess.median - nodeStart.median
    console.log(`(validate -f one HostEndpoint: ${plain.median.toFixed(0)} ms; with --context-from-datastore and ${POLICY_COUNT} stored policies: ${withContext.median.toFixed(0)} ms)`)
    ok = report(`context read (${POLICY_COUNT} GlobalNetworkPolicies): added time`, added, 'one paged list (bare process less node -e 0)', oneList, {target: 1}) && ok
  }
  await store.close()
} finally {
  spawnSync('bash', [join(TOOLS, 'stop.sh'), state, '--wipe'])
  rmSync(work, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1

/** wipe() for measure()'s synchronous `before`: runs it in a child process. */
function wipeSync(stateDir) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--wipe', stateDir], {stdio: 'inherit'})
  if (r.status !== 0) throw new Error('wipe failed')
}
