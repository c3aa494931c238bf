// `hepctl trace` as a user runs it: the built CLI spawned on manifests in a temporary directory, one case for
// each direction and each decidedBy kind of the vocabulary (issue 13), checking the exit code, the verdict on
// the first line, decidedBy in -o json and that the text names the file and line of what decided.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'

import {hepctl, tempDir} from '../support/cli.js'

const dir = tempDir('hepctl-trace-')
afterAll(() => dir.cleanup())
let counter = 0

/** Writes the documents to a new file; returns its path and the 1-based line of the text marked `# decides`. */
function manifest(...docs: string[]): {file: string; line?: number} {
  const text = docs.map((d) => d.trim() + '\n').join('---\n')
  const file = join(dir.path, `case-${++counter}.yaml`)
  writeFileSync(file, text)
  const index = text.split('\n').findIndex((l) => l.includes('# decides'))
  return {file, line: index >= 0 ? index + 1 : undefined}
}

const HEP = (opts: {iface?: string; profiles?: string[]; ips?: boolean} = {}) => `
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: eth0-hep
  labels:
    role: web
spec:
  node: n1
${opts.iface === undefined ? '  interfaceName: eth0\n' : opts.iface === '' ? '' : `  interfaceName: "${opts.iface}"\n`}  expectedIPs: ["10.0.0.1"]
${opts.profiles ? `  profiles: [${opts.profiles.join(', ')}]\n` : ''}`

const gnp = (name: string, spec: string) => `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: ${name}
spec:
${spec.trim().split('\n').map((l) => '  ' + l).join('\n')}`

const DENY_ALL = gnp('deny-all', `
selector: all()
types: [Ingress, Egress]
ingress:
  - action: Deny
egress:
  - action: Deny`)

const IN = ['--direction', 'ingress', '--protocol', 'TCP', '--port', '8080', '--src', '192.168.1.5', '--dst', '10.0.0.1']
const OUT = (proto: string, port: string) => ['--direction', 'egress', '--protocol', proto, '--port', port, '--src', '10.0.0.1', '--dst', '8.8.8.8']

interface Case {
  name: string
  docs: string[]
  args: string[]
  code: 0 | 1
  decidedBy: string
  /** the endpoint is chosen by name unless the args say otherwise */
  byInterface?: boolean
}

const cases: Case[] = [
  {name: 'ingress, a policy rule Deny', docs: [HEP(), gnp('p', `
selector: role == "web"
ingress:
  - action: Deny # decides
    protocol: TCP
    destination:
      ports: [8080]`)], args: IN, code: 1, decidedBy: 'policy:default/p:ingress[0]:Deny'},
  {name: 'egress, a policy rule Allow', docs: [HEP(), gnp('out', `
selector: all()
types: [Egress]
egress:
  - action: Allow # decides
    protocol: TCP`)], args: OUT('TCP', '443'), code: 0, decidedBy: 'policy:default/out:egress[0]:Allow'},
  {name: 'ingress, a pre-DNAT Allow before a deny-all', docs: [HEP(), DENY_ALL, gnp('pre', `
selector: all()
preDNAT: true
applyOnForward: true
ingress:
  - action: Allow # decides
    protocol: TCP`)], args: IN, code: 0, decidedBy: 'prednat:default/pre:ingress[0]:Allow'},
  {name: 'ingress, an untracked Deny', docs: [HEP(), gnp('raw', `
selector: all()
doNotTrack: true
applyOnForward: true
ingress:
  - action: Deny # decides`)], args: IN, code: 1, decidedBy: 'untracked:default/raw:ingress[0]:Deny'},
  {name: 'ingress, no rule matches: end of tier', docs: [HEP({profiles: ['projectcalico-default-allow']}), gnp('ssh-only', `
selector: all()
ingress:
  - action: Allow
    protocol: TCP
    destination:
      ports: [2222]`)], args: IN, code: 1, decidedBy: 'end-of-tier:default'},
  {name: 'ingress, a profile rule', docs: [HEP({profiles: ['p1']}), `
apiVersion: projectcalico.org/v3
kind: Profile
metadata:
  name: p1
spec:
  ingress:
    - action: Allow # decides`], args: IN, code: 0, decidedBy: 'profile:p1:ingress[0]:Allow'},
  {name: 'ingress, a missing profile', docs: [HEP({profiles: ['typo', 'projectcalico-default-allow']})], args: IN, code: 1, decidedBy: 'profile-missing:typo'},
  {name: 'ingress, nothing at all: default deny', docs: [HEP()], args: IN, code: 1, decidedBy: 'default-deny'},
  {name: 'ingress, a failsafe port beats deny-all', docs: [HEP(), DENY_ALL], args: [...IN.slice(0, 4), '--port', '22', ...IN.slice(6)], code: 0, decidedBy: 'failsafe-in:tcp:22'},
  {name: 'egress, an outbound failsafe port', docs: [HEP(), DENY_ALL], args: OUT('UDP', '53'), code: 0, decidedBy: 'failsafe-out:udp:53'},
  {name: 'forward-in, no applyOnForward policy', docs: [HEP(), DENY_ALL], args: ['--direction', 'forward-in', '--protocol', 'TCP', '--port', '22', '--src', '192.168.1.5', '--dst', '10.9.9.9'], code: 0, decidedBy: 'forward-default-allow'},
  {name: 'forward-out, an applyOnForward egress Deny', docs: [HEP(), gnp('aof', `
selector: all()
applyOnForward: true
types: [Egress]
egress:
  - action: Deny # decides`)], args: ['--direction', 'forward-out', '--protocol', 'TCP', '--port', '443', '--src', '10.9.9.9', '--dst', '8.8.8.8'], code: 1, decidedBy: 'policy:default/aof:egress[0]:Deny'},
  {name: 'host-to-workload is never policed', docs: [HEP(), DENY_ALL], args: ['--direction', 'host-to-workload', '--protocol', 'TCP', '--port', '80', '--src', '10.0.0.1', '--dst', '10.244.0.5'], code: 0, decidedBy: 'not-policed:host-to-local-workload'},
  {name: 'an interface no endpoint claims is not policed', docs: [HEP(), DENY_ALL], args: ['--node', 'n1', '--interface', 'eth9', ...IN], code: 0, decidedBy: 'not-policed:interface-without-active-hep', byInterface: true},
  {name: 'workload-to-host, the default endpoint-to-host action', docs: [HEP({iface: '*', profiles: ['projectcalico-default-allow']})], args: ['--direction', 'workload-to-host', '--protocol', 'TCP', '--port', '8080', '--src', '10.244.0.5', '--dst', '10.0.0.1'], code: 1, decidedBy: 'endpoint-to-host-action:Drop'},
  {name: 'workload-to-host, DefaultEndpointToHostAction Accept', docs: [HEP({iface: '*'}), `
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: default
spec:
  defaultEndpointToHostAction: Accept # decides`], args: ['--direction', 'workload-to-host', '--protocol', 'TCP', '--port', '8080', '--src', '10.244.0.5', '--dst', '10.0.0.1'], code: 0, decidedBy: 'endpoint-to-host-action:Accept'},
  {name: 'ingress, an established connection: conntrack', docs: [HEP(), DENY_ALL], args: [...IN, '--established'], code: 0, decidedBy: 'conntrack'},
  {name: 'ingress, the reply of an untracked connection with no untracked Allow', docs: [HEP(), gnp('raw', `
selector: all()
doNotTrack: true
applyOnForward: true
types: [Egress]
egress:
  - action: Allow`)], args: [...IN, '--untracked-reply'], code: 1, decidedBy: 'untracked-reply-not-allowed'},
]

describe('hepctl trace: every direction and every decidedBy kind', () => {
  for (const c of cases) {
    it(`${c.name}: exit ${c.code}, decidedBy ${c.decidedBy}`, async () => {
      const {file, line} = manifest(...c.docs)
      const target = c.byInterface ? [] : ['eth0-hep']
      const text = await hepctl(['trace', ...target, ...c.args, '-f', file])
      expect(text.stderr).toBe('')
      expect(text.code).toBe(c.code)
      const first = text.stdout.split('\n')[0]
      expect(first).toBe(`${c.code === 0 ? 'allowed' : 'denied'} by ${c.decidedBy}`)
      if (line !== undefined) expect(text.stdout).toContain(`(${file}:${line}:`)
      if (c.decidedBy.startsWith('end-of-tier')) expect(text.stdout).toMatch(new RegExp(`policy default/ssh-only.*\\(${file.replace(/[.]/g, '\\.')}:\\d+:\\d+\\)`))
      const json = await hepctl(['trace', ...target, ...c.args, '-f', file, '-o', 'json'])
      expect(json.code).toBe(c.code)
      const result = JSON.parse(json.stdout)
      expect(result.decidedBy).toBe(c.decidedBy)
      expect(result.verdict).toBe(c.code === 0 ? 'allow' : 'deny')
    })
  }
})

describe('hepctl trace: choosing the host endpoint', () => {
  it('--node and --interface select the endpoint that claims the interface', async () => {
    const {file} = manifest(HEP())
    const r = await hepctl(['trace', '--node', 'n1', '--interface', 'eth0', ...IN, '-f', file, '-o', 'json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).endpoint.name).toBe('eth0-hep')
  })
  it('--interface-ip selects an endpoint known only by its expectedIPs', async () => {
    const {file} = manifest(HEP({iface: ''}))
    const without = await hepctl(['trace', '--node', 'n1', '--interface', 'eth0', ...IN, '-f', file, '-o', 'json'])
    expect(JSON.parse(without.stdout).decidedBy).toBe('not-policed:interface-without-active-hep')
    const r = await hepctl(['trace', '--node', 'n1', '--interface', 'eth0', '--interface-ip', '10.0.0.1', ...IN, '-f', file, '-o', 'json'])
    expect(r.code).toBe(1)
    const result = JSON.parse(r.stdout)
    expect(result.endpoint.name).toBe('eth0-hep')
    expect(result.decidedBy).toBe('default-deny')
  })
  it('-o yaml gives the same result as data', async () => {
    const {file} = manifest(HEP(), DENY_ALL)
    const r = await hepctl(['trace', 'eth0-hep', ...IN, '-f', file, '-o', 'yaml'])
    expect(r.code).toBe(1)
    const result = parseYaml(r.stdout)
    expect(result).toMatchObject({kind: 'TraceResult', verdict: 'deny', decidedBy: 'policy:default/deny-all:ingress[0]:Deny'})
  })
})

describe('hepctl trace: bad input', () => {
  const {file} = manifest(HEP())
  const usage: Array<[string, string[]]> = [
    ['missing --direction', ['eth0-hep', '--protocol', 'TCP', '--src', '1.1.1.1', '--dst', '10.0.0.1']],
    ['a protocol that does not exist', ['eth0-hep', '--direction', 'ingress', '--protocol', 'BOGUS', '--src', '1.1.1.1', '--dst', '10.0.0.1']],
    ['a source that is not an IP', ['eth0-hep', '--direction', 'ingress', '--protocol', 'TCP', '--src', 'not-an-ip', '--dst', '10.0.0.1']],
  ]
  for (const [name, args] of usage) {
    it(`${name}: exit 2 with one line`, async () => {
      const r = await hepctl(['trace', ...args, '-f', file])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      if (name === 'missing --direction') expect(r.stderr).toMatch(/^required flag --direction is not set \(one of: ingress, egress, /)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    })
  }
  it('a YAML error in -f: exit 3 with file:line:col', async () => {
    const bad = join(dir.path, 'broken.yaml')
    writeFileSync(bad, 'apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: [unclosed\n')
    const r = await hepctl(['trace', 'eth0-hep', ...IN, '-f', bad])
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.]/g, '\\.')}:\\d+:\\d+`))
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('hepctl trace: a lock-out caught before it happens', () => {
  it('failsafeInboundHostPorts: [] and a policy allowing only 443: TCP 22 is denied at the end of the tier', async () => {
    const {file} = manifest(HEP(), `
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: default
spec:
  failsafeInboundHostPorts: []`, gnp('https-only', `
selector: role == "web"
ingress:
  - action: Allow
    protocol: TCP
    destination:
      ports: [443]`))
    const ssh = ['eth0-hep', '--direction', 'ingress', '--protocol', 'TCP', '--port', '22', '--src', '192.0.2.10', '--dst', '10.0.0.1', '-f', file]
    const r = await hepctl(['trace', ...ssh])
    expect(r.code).toBe(1)
    expect(r.stdout.split('\n')[0]).toBe('denied by end-of-tier:default')
    expect(r.stdout).toMatch(/failsafe .*none \(the list is \[\]\)/)
    const d = await hepctl(['describe', 'hep', 'eth0-hep', '-f', file, '-o', 'json'])
    expect(JSON.parse(d.stdout).failsafe.inbound).toEqual([])
  })
})
