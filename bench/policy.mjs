// Selector evaluation speed (issue 13): 1,000 policy selectors against 10,000 host endpoints' labels with the
// compiled matchers of dist/policy, beside a floor measured in the same run (a bare loop of as many Map
// lookups). Medians of repeated runs. Target: at least 1,000,000 selector evaluations per second.
// Run after `npm run build`: node bench/policy.mjs
import {buildModel} from '../dist/policy/model.js'
import {trace} from '../dist/policy/engine.js'
import {parseSelector} from '../dist/policy/selector/index.js'

const ENDPOINTS = 10_000
const POLICIES = 1_000
const RUNS = 5
const TARGET = 1_000_000

function rng(seed) {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}
const rand = rng(42)
const pick = (n) => Math.floor(rand() * n)

const endpoints = []
for (let i = 0; i < ENDPOINTS; i++) {
  const m = new Map([
    ['role', `role-${pick(20)}`],
    ['env', ['prod', 'staging', 'dev'][pick(3)]],
    ['zone', `zone-${pick(8)}`],
    ['kubernetes.io/hostname', `node-${i}`],
    ['team', `team-${pick(50)}`],
  ])
  if (rand() < 0.3) m.set('edge', 'true')
  endpoints.push(m)
}

const shapes = [
  () => `role == "role-${pick(20)}"`,
  () => `env in {"prod", "staging"} && zone == "zone-${pick(8)}"`,
  () => `has(edge) || team == "team-${pick(50)}"`,
  () => `!has(edge) && role != "role-${pick(20)}"`,
  () => `team starts with "team-${pick(5)}" && env == "prod"`,
  () => `kubernetes.io/hostname ends with "${pick(10)}"`,
  () => `zone not in {"zone-1", "zone-2"} && (env == "dev" || has(edge))`,
  () => 'all()',
]
const selectors = []
for (let i = 0; i < POLICIES; i++) selectors.push(parseSelector(shapes[i % shapes.length]()).matches)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function timeEvaluations() {
  let hits = 0
  const t0 = process.hrtime.bigint()
  for (const sel of selectors) for (const labels of endpoints) if (sel(labels)) hits++
  return {ms: Number(process.hrtime.bigint() - t0) / 1e6, hits}
}

function timeFloor() {
  let hits = 0
  const keys = ['role', 'env', 'zone', 'team', 'edge', 'kubernetes.io/hostname', 'missing', 'role']
  const t0 = process.hrtime.bigint()
  for (let p = 0; p < POLICIES; p++) {
    const k = keys[p % keys.length]
    for (const labels of endpoints) if (labels.get(k) !== undefined) hits++
  }
  return {ms: Number(process.hrtime.bigint() - t0) / 1e6, hits}
}

timeEvaluations()
timeFloor()
const evalTimes = []
const floorTimes = []
let hits = 0
for (let i = 0; i < RUNS; i++) {
  const e = timeEvaluations()
  hits = e.hits
  evalTimes.push(e.ms)
  floorTimes.push(timeFloor().ms)
}
const pairs = ENDPOINTS * POLICIES
const evalRate = pairs / (median(evalTimes) / 1000)
const floorRate = pairs / (median(floorTimes) / 1000)
const ok = evalRate >= TARGET
const fmt = (n) => Math.round(n).toLocaleString('en-US')
console.log(
  `selectors: ${POLICIES} policies x ${ENDPOINTS} endpoints = ${fmt(pairs)} evaluations (${fmt(hits)} matches), every pair evaluated (no index):` +
    ` ${fmt(evalRate)} evaluations/s (median of ${RUNS}; target >= ${fmt(TARGET)}) ${ok ? 'ok' : 'MISSED'};` +
    ` floor: ${fmt(floorRate)} bare Map lookups/s (${(floorRate / evalRate).toFixed(1)}x)`,
)

// The engine on a whole input: index 10,000 host endpoints and 1,000 policies, then trace one packet, beside
// a floor of copying the same objects (JSON round trip), to show the engine is not the cost of `trace`.
const resources = []
for (let i = 0; i < ENDPOINTS; i++) {
  resources.push({kind: 'HostEndpoint', metadata: {name: `hep-${i}`, labels: Object.fromEntries(endpoints[i])},
    spec: {node: `node-${i}`, interfaceName: 'eth0', expectedIPs: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`], profiles: ['projectcalico-default-allow']}})
}
for (let i = 0; i < POLICIES; i++) {
  resources.push({kind: 'GlobalNetworkPolicy', metadata: {name: `gnp-${i}`}, spec: {order: i, selector: shapes[i % shapes.length](),
    ingress: [{action: 'Allow', protocol: 'TCP', source: {selector: shapes[(i + 1) % shapes.length]()}, destination: {ports: [1000 + i]}}]}})
}
const packet = {direction: 'ingress', protocol: 'TCP', src: '10.0.0.7', dst: '10.0.0.5', srcPort: 40000, dstPort: 1999, hep: 'hep-5'}
const traceTimes = []
const copyTimes = []
let decided = ''
for (let i = 0; i < RUNS + 1; i++) {
  let t0 = process.hrtime.bigint()
  decided = trace(buildModel(resources), packet).decidedBy
  const t = Number(process.hrtime.bigint() - t0) / 1e6
  t0 = process.hrtime.bigint()
  JSON.parse(JSON.stringify(resources))
  const c = Number(process.hrtime.bigint() - t0) / 1e6
  if (i > 0) { traceTimes.push(t); copyTimes.push(c) }
}
console.log(
  `engine: index ${ENDPOINTS} endpoints + ${POLICIES} policies and trace one packet (${decided}): ${median(traceTimes).toFixed(1)} ms (median of ${RUNS});` +
    ` floor: JSON round trip of the same objects ${median(copyTimes).toFixed(1)} ms (${(median(traceTimes) / median(copyTimes)).toFixed(1)}x)`,
)
process.exitCode = ok ? 0 : 1
