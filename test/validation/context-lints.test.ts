import {describe, expect, it} from 'vitest'
import {stringify} from 'yaml'
import {applyContextLints, contextLints, parseMustAllow, type ContextLintOptions} from '../../src/validation/context-lints.js'
import {validateResources, type ValidatedResource} from '../../src/validation/validate-resources.js'
import {formatPath} from '../../src/problem/path-text.js'
import {hep, type Json} from './helpers.js'
import {resourceFromYaml} from './yaml-resource.js'

const v3 = 'projectcalico.org/v3'
const gnp = (name: string, spec: Json): Json => ({apiVersion: v3, kind: 'GlobalNetworkPolicy', metadata: {name}, spec})
const noFailsafes: Json = {apiVersion: v3, kind: 'FelixConfiguration', metadata: {name: 'default'}, spec: {failsafeInboundHostPorts: [], failsafeOutboundHostPorts: []}}
const allowTcp = (...ports: number[]): Json => ({action: 'Allow', protocol: 'TCP', destination: {ports}})

/** Each object as its own file (`<kind>-<name>.yaml`), validated as validate does. */
function validated(objects: Json[]): ValidatedResource[] {
  const sources = objects.map(o => {
    const m = o.metadata as {name: string}
    return resourceFromYaml(stringify(o), `${String(o.kind).toLowerCase()}-${m.name}.yaml`)
  })
  return validateResources(sources)
}

/** `code@resource:path` of every context lint. */
function lints(objects: Json[], options: ContextLintOptions = {}): string[] {
  return contextLints(validated(objects), options).map(({problem: p}) => `${p.code}@${p.resource}:${formatPath(p.path)}`)
}

function messages(objects: Json[], code: string, options: ContextLintOptions = {}): string[] {
  return contextLints(validated(objects), options).filter(c => c.problem.code === code).map(c => c.problem.message)
}

describe('lock-out', () => {
  const onlyHttps = gnp('allow-https', {selector: "role == 'node'", ingress: [allowTcp(443)]})
  const node = hep({}, {labels: {role: 'node'}})

  it('is an error naming the deciding step and the FelixConfiguration that emptied the failsafe ports', () => {
    const found = contextLints(validated([node, noFailsafes, onlyHttps]))
    const lockOut = found.filter(c => c.problem.code === 'lock-out').map(c => c.problem)
    expect(lockOut.map(p => `${p.severity} ${p.resource} ${p.file}:${p.line}`)).toEqual([
      'error node1-eth0 hostendpoint-node1-eth0.yaml:4',
      'error node1-eth0 hostendpoint-node1-eth0.yaml:4',
    ])
    expect(lockOut[0].message).toMatch(/^ingress TCP 22 to 10\.0\.0\.1 from 203\.0\.113\.10 would be denied \(end-of-tier:default\)/)
    expect(lockOut[0].message).toContain('FelixConfiguration default (felixconfiguration-default.yaml:')
    expect(lockOut[0].message).toMatch(/GlobalNetworkPolicy allow-https \(globalnetworkpolicy-allow-https\.yaml:\d+:\d+, spec\.ingress\)/)
    expect(lockOut[1].message).toContain('TCP 6443')
  })

  it('is not raised when a policy allows the must-allow traffic', () => {
    const allowAdmin = gnp('allow-admin', {selector: "role == 'node'", ingress: [allowTcp(22, 6443, 443)]})
    expect(lints([node, noFailsafes, allowAdmin]).filter(l => l.startsWith('lock-out'))).toEqual([])
  })

  it('is not raised while the failsafe ports keep the traffic open (Felix\'s defaults)', () => {
    expect(lints([node, onlyHttps]).filter(l => l.startsWith('lock-out'))).toEqual([])
  })

  it('checks the --must-allow list instead of the default, egress included', () => {
    const egressDeny = gnp('deny-out', {selector: 'all()', types: ['Egress'], egress: [{action: 'Deny'}]})
    const found = messages([node, noFailsafes, allowTcpAll(), egressDeny], 'lock-out', {mustAllow: parseMustAllow('egress:udp:53')})
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/^egress UDP 53 from 10\.0\.0\.1 to 203\.0\.113\.10 would be denied \(policy:default\/deny-out:egress\[0\]:Deny\)/)
  })

  it('says when the address is a placeholder (no expectedIPs)', () => {
    const noIPs = hep({expectedIPs: undefined}, {labels: {role: 'node'}})
    const found = messages([noIPs, noFailsafes, onlyHttps], 'lock-out', {mustAllow: parseMustAllow('ingress:tcp:22')})
    expect(found[0]).toContain('the endpoint has no expectedIPs, so 192.0.2.10 stands in for its address')
  })

  it('traces each endpoint with its own address when a rule looks at it', () => {
    const toOne = gnp('ssh-to-one', {selector: "role == 'node'", ingress: [{action: 'Allow', protocol: 'TCP', destination: {nets: ['10.0.0.1/32'], ports: [22]}}]})
    const other = hep({node: 'node2', expectedIPs: ['10.0.0.2']}, {name: 'node2-eth0', labels: {role: 'node'}})
    const found = contextLints(validated([node, other, noFailsafes, toOne]), {mustAllow: parseMustAllow('ingress:tcp:22')})
    expect(found.filter(c => c.problem.code === 'lock-out').map(c => c.problem.resource)).toEqual(['node2-eth0'])
  })

  it('refuses a malformed --must-allow list', () => {
    expect(() => parseMustAllow('ingress:icmp:1')).toThrow(/DIRECTION:PROTOCOL:PORT/)
    expect(() => parseMustAllow('ingress:tcp:70000')).toThrow(/port 1 to 65535/)
    expect(() => parseMustAllow('')).toThrow(/empty/)
  })
})

function allowTcpAll(): Json {
  return gnp('allow-in', {selector: 'all()', ingress: [allowTcp(22, 6443)]})
}

describe('default-deny', () => {
  it('warns naming what is open when nothing allows a direction', () => {
    const denyIn = gnp('deny-in', {selector: 'all()', ingress: [{action: 'Deny', protocol: 'UDP'}]})
    const found = messages([hep({profiles: undefined}), denyIn], 'default-deny')
    expect(found).toHaveLength(2)
    expect(found[0]).toMatch(/^ingress of this host endpoint is denied by default: no policy that selects it for ingress has an Allow rule/)
    expect(found[0]).toContain('only the inbound failsafe ports are open (tcp:22, udp:68')
    expect(found[1]).toMatch(/^egress .*no policy selects it for egress, and it has no profile; only the outbound failsafe ports are open/)
  })

  it('is not raised when a policy allows traffic, nor for a direction a profile allows', () => {
    const allowIn = gnp('allow-in', {selector: 'all()', ingress: [allowTcp(443)]})
    expect(lints([hep(), allowIn]).filter(l => l.startsWith('default-deny'))).toEqual([])
  })

  it('replaces no-allow-profile once policies are given', () => {
    const allowIn = gnp('allow-in', {selector: 'all()', types: ['Ingress', 'Egress'], ingress: [allowTcp(443)], egress: [{action: 'Allow'}]})
    const v = validated([hep({profiles: undefined}), allowIn])
    expect(v[0].problems.map(p => p.code)).toEqual(['no-allow-profile'])
    expect(v[0].problems[0].message).toContain('(no policies given:')
    applyContextLints(v)
    expect(v[0].problems).toEqual([])
  })
})

describe('profile-never-applies', () => {
  const both = (name: string): Json => gnp(name, {selector: 'all()', types: ['Ingress', 'Egress'], ingress: [allowTcp(22)], egress: [{action: 'Allow'}]})
  it('warns when a tier ending in Deny decides every packet in both directions', () => {
    const found = contextLints(validated([hep(), both('everything')])).filter(c => c.problem.code === 'profile-never-applies')
    expect(found.map(c => formatPath(c.problem.path))).toEqual(['spec.profiles'])
    expect(found[0].problem.message).toMatch(/projectcalico-default-allow never apply: tier default decides every packet first/)
  })
  it('is not raised while one direction still reaches the profiles, or a Pass rule leads there', () => {
    const ingressOnly = gnp('ingress-only', {selector: 'all()', ingress: [allowTcp(22)]})
    expect(lints([hep(), ingressOnly]).filter(l => l.startsWith('profile-never-applies'))).toEqual([])
    const passing = gnp('pass', {selector: 'all()', types: ['Ingress', 'Egress'], ingress: [{action: 'Pass'}], egress: [{action: 'Pass'}]})
    expect(lints([hep(), passing]).filter(l => l.startsWith('profile-never-applies'))).toEqual([])
  })
})

describe('untracked-on-wildcard', () => {
  const untracked = gnp('untracked', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [allowTcp(22)]})
  it('warns on a wildcard endpoint a doNotTrack policy selects', () => {
    expect(lints([hep({interfaceName: '*'}), untracked])).toContain('untracked-on-wildcard@node1-eth0:spec.interfaceName')
  })
  it('is not raised for a named interface', () => {
    expect(lints([hep(), untracked]).filter(l => l.startsWith('untracked'))).toEqual([])
  })
})

describe('selected-without-addresses', () => {
  const fromDb = gnp('from-db', {selector: 'all()', ingress: [{action: 'Allow', source: {selector: "role == 'db'"}}]})
  it('warns when a rule selector matches an endpoint that has no expectedIPs', () => {
    const found = contextLints(validated([hep({expectedIPs: undefined}, {labels: {role: 'db'}}), fromDb])).filter(c => c.problem.code === 'selected-without-addresses')
    expect(found).toHaveLength(1)
    expect(found[0].problem.message).toMatch(/^spec\.ingress\[0\]\.source\.selector of GlobalNetworkPolicy from-db \(globalnetworkpolicy-from-db\.yaml:\d+:\d+/)
  })
  it('is not raised when the endpoint has addresses, nor replaced by the guess without context', () => {
    expect(lints([hep({}, {labels: {role: 'db'}}), fromDb]).filter(l => l.startsWith('selected'))).toEqual([])
    const v = validated([hep({expectedIPs: undefined}, {labels: {role: 'web'}}), fromDb])
    applyContextLints(v)
    expect(v[0].problems.map(p => p.code)).not.toContain('no-expected-ips')
  })
})

describe('named-port-not-found and unused-endpoint-port', () => {
  const ssh = gnp('ssh', {selector: 'all()', ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: ['ssh']}}]})
  it('warns on the rule when no selected endpoint defines the named port with that protocol', () => {
    expect(lints([hep({ports: [{name: 'ssh', protocol: 'UDP', port: 22}]}), ssh])).toContain('named-port-not-found@ssh:spec.ingress[0].destination.ports[0]')
  })
  it('is not raised when an endpoint defines it', () => {
    expect(lints([hep({ports: [{name: 'ssh', protocol: 'TCP', port: 22}]}), ssh]).filter(l => l.startsWith('named-port'))).toEqual([])
  })
  it('reports unused endpoint ports only with --info-lints', () => {
    const objects = [hep({ports: [{name: 'ssh', protocol: 'TCP', port: 22}, {name: 'metrics', protocol: 'TCP', port: 9100}]}), ssh]
    expect(lints(objects).filter(l => l.startsWith('unused'))).toEqual([])
    expect(lints(objects, {infoLints: true}).filter(l => l.startsWith('unused'))).toEqual(['unused-endpoint-port@node1-eth0:spec.ports[1].name'])
  })
})

describe('missing-profile', () => {
  it('warns on a listed profile that is not in the input', () => {
    expect(lints([hep({profiles: ['web']}), allowTcpAll()])).toContain('missing-profile@node1-eth0:spec.profiles[0]')
  })
  it('is not raised for a given, built-in or Kubernetes-derived profile', () => {
    const web: Json = {apiVersion: v3, kind: 'Profile', metadata: {name: 'web'}, spec: {egress: [{action: 'Allow'}]}}
    expect(lints([hep({profiles: ['web', 'kns.default', 'projectcalico-default-allow']}), web, allowTcpAll()]).filter(l => l.startsWith('missing'))).toEqual([])
  })
})

describe('interface-claimed-twice', () => {
  it('warns on every endpoint after the first that claims the interface', () => {
    const found = contextLints(validated([hep({}, {name: 'b-eth0'}), hep({}, {name: 'a-eth0'}), allowTcpAll()])).filter(c => c.problem.code === 'interface-claimed-twice')
    expect(found.map(c => c.problem.resource)).toEqual(['b-eth0'])
    expect(found[0].problem.message).toContain('HostEndpoint a-eth0 (hostendpoint-a-eth0.yaml:')
  })
  it('is not raised for the same interface on two nodes', () => {
    expect(lints([hep({}, {name: 'a'}), hep({node: 'node2'}, {name: 'b'}), allowTcpAll()]).filter(l => l.startsWith('interface'))).toEqual([])
  })
})

describe('tier-not-found', () => {
  const inTier = gnp('platform.ssh', {tier: 'platform', selector: 'all()', ingress: [allowTcp(22)]})
  it('warns on a policy whose tier is not given', () => {
    expect(lints([hep(), inTier])).toContain('tier-not-found@platform.ssh:spec.tier')
  })
  it('is not raised when the Tier is given', () => {
    const tier: Json = {apiVersion: v3, kind: 'Tier', metadata: {name: 'platform'}, spec: {order: 100}}
    expect(lints([hep(), inTier, tier]).filter(l => l.startsWith('tier'))).toEqual([])
  })
})

describe('staged-policy-changes-verdict', () => {
  const staged = (ports: number[]): Json => ({apiVersion: v3, kind: 'StagedGlobalNetworkPolicy', metadata: {name: 'lockdown'}, spec: {selector: 'all()', ingress: [allowTcp(...ports)]}})
  it('reports, with --info-lints, a staged policy that would deny what is allowed today', () => {
    const found = messages([hep(), noFailsafes, staged([443])], 'staged-policy-changes-verdict', {infoLints: true})
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/ingress TCP 22 of HostEndpoint node1-eth0 .* from allow \(profile:projectcalico-default-allow:ingress\[0\]:Allow\) to deny \(end-of-tier:default\)/)
    expect(messages([hep(), noFailsafes, staged([443])], 'staged-policy-changes-verdict')).toEqual([])
  })
  it('is not raised when the staged policy allows what is allowed today', () => {
    expect(messages([hep(), noFailsafes, staged([22, 443, 6443])], 'staged-policy-changes-verdict', {infoLints: true})).toEqual([])
  })
})

describe('strict mode', () => {
  it('makes every context warning an error', () => {
    const found = contextLints(validated([hep({profiles: ['web']}), allowTcpAll()]), {strict: true})
    expect(found.map(c => `${c.problem.severity} ${c.problem.code}`)).toContain('error missing-profile')
  })
})
