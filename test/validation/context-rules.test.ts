// Calico's rules for the context kinds (libcalico-go lib/validator/v3: validator.go and the rows of its
// validator_test.go table that apply), on normalized objects and through the real CLI, with positions.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {check, errors, type Json} from './helpers.js'
import {hepctl, tempDir} from '../support/cli.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'

const resource = (kind: string, spec: Json, name = 'test'): Json => ({apiVersion: 'projectcalico.org/v3', kind, metadata: {name}, spec})
const gnp = (spec: Json) => resource('GlobalNetworkPolicy', {selector: 'all()', ...spec})
const rule = (r: Json) => gnp({ingress: [{action: 'Allow', ...r}]})

describe('GlobalNetworkPolicy: preDNAT, doNotTrack and applyOnForward (upstream rows)', () => {
  const cases: Array<[string, Json, string[]]> = [
    ['doNotTrack and preDNAT both true', {doNotTrack: true, preDNAT: true, applyOnForward: true}, ['invalid-policy@spec.preDNAT']],
    ['preDNAT with egress rules', {preDNAT: true, applyOnForward: true, egress: [{action: 'Allow'}]}, ['invalid-policy@spec.egress']],
    ['preDNAT with Egress type', {preDNAT: true, applyOnForward: true, types: ['Egress']}, ['invalid-policy@spec.types[0]']],
    ['doNotTrack without applyOnForward', {doNotTrack: true, applyOnForward: false}, ['invalid-policy@spec.doNotTrack']],
    ['preDNAT without applyOnForward', {preDNAT: true}, ['invalid-policy@spec.preDNAT']],
    ['doNotTrack with applyOnForward', {doNotTrack: true, applyOnForward: true, ingress: [{action: 'Allow'}]}, []],
    ['preDNAT with ingress and applyOnForward', {preDNAT: true, applyOnForward: true, ingress: [{action: 'Allow'}], types: ['Ingress']}, []],
    ['an unknown type', {types: ['ingress']}, ['invalid-policy@spec.types[0]']],
    ['a repeated type', {types: ['Ingress', 'Ingress']}, ['invalid-policy@spec.types[1]']],
    ['a negative order', {order: -1}, ['invalid-value@spec.order']],
  ]
  for (const [name, spec, want] of cases) {
    it(name, () => expect(errors(gnp(spec))).toEqual(want))
  }

  it('states the rule in upstream\'s words', () => {
    const messages = check(gnp({doNotTrack: true, preDNAT: true})).problems.map(p => p.message).join('\n')
    expect(messages).toContain('preDNAT and doNotTrack cannot both be true')
    expect(messages).toContain('applyOnForward must be true if either preDNAT or doNotTrack is true')
  })
})

describe('selectors', () => {
  const places: Array<[string, Json]> = [
    ['spec.selector', gnp({selector: 'a ==='})],
    ['spec.namespaceSelector', gnp({namespaceSelector: 'a ==='})],
    ['spec.serviceAccountSelector', gnp({serviceAccountSelector: 'a ==='})],
    ['spec.ingress[0].source.selector', rule({source: {selector: 'a ==='}})],
    ['spec.ingress[0].destination.notSelector', rule({destination: {notSelector: 'a ==='}})],
    ['spec.ingress[0].source.namespaceSelector', rule({source: {namespaceSelector: 'a ==='}})],
    ['spec.ingress[0].source.serviceAccounts.selector', rule({source: {serviceAccounts: {selector: 'a ==='}}})],
  ]
  for (const [path, value] of places) {
    it(`a bad ${path} is invalid-selector there`, () => expect(errors(value)).toEqual([`invalid-selector@${path}`]))
  }
  // validator_test.go's selector rows.
  for (const good of ["has(prefix.key) && !has(otherkey)", "key == 'value'", 'all()', '', "k in {'a', 'b'}"]) {
    it(`${JSON.stringify(good)} is valid`, () => expect(errors(gnp({selector: good}))).toEqual([]))
  }
  for (const bad of ["has(prefix.key) && !", "key == value", "(k == 'a'"]) {
    it(`${JSON.stringify(bad)} is invalid`, () => expect(errors(gnp({selector: bad}))).toEqual(['invalid-selector@spec.selector']))
  }
  it('a NetworkPolicy has no namespaceSelector rule of its own but checks its selector', () => {
    expect(errors({...resource('NetworkPolicy', {selector: 'a ==='}), metadata: {name: 'np', namespace: 'ns'}})).toEqual(['invalid-selector@spec.selector'])
  })
})

describe('rules', () => {
  const cases: Array<[string, Json, string[]]> = [
    ['action allow (lower case)', {action: 'allow'}, ['invalid-rule@spec.ingress[0].action']],
    ['action Pass', {action: 'Pass'}, []],
    ['ports with TCP', {protocol: 'TCP', destination: {ports: [80, '90:100', 'http']}}, []],
    ['ports with 132', {protocol: 132, source: {ports: [1]}}, []],
    ['ports without a protocol', {destination: {ports: [80]}}, ['invalid-rule@spec.ingress[0].destination.ports']],
    ['notPorts with ICMP', {protocol: 'ICMP', source: {notPorts: [80]}}, ['invalid-rule@spec.ingress[0].source.notPorts']],
    ['a reversed range', {protocol: 'UDP', destination: {ports: ['100:90']}}, ['invalid-port@spec.ingress[0].destination.ports[0]']],
    ['a port above 65535', {protocol: 'UDP', destination: {ports: [65536]}}, ['invalid-port@spec.ingress[0].destination.ports[0]']],
    ['a bad port name', {protocol: 'UDP', destination: {ports: ['Not_A_Name']}}, ['invalid-port@spec.ingress[0].destination.ports[0]']],
    ['icmp with ICMP', {protocol: 'ICMP', icmp: {type: 8, code: 0}}, []],
    ['icmp without protocol', {icmp: {type: 8}}, ['invalid-rule@spec.ingress[0].icmp']],
    ['icmp code without type', {protocol: 'ICMP', icmp: {code: 0}}, ['invalid-rule@spec.ingress[0].icmp.code']],
    ['icmp type 255', {protocol: 'ICMP', icmp: {type: 255}}, ['invalid-rule@spec.ingress[0].icmp.type']],
    ['icmp code 256', {protocol: 'ICMP', icmp: {type: 1, code: 256}}, ['invalid-rule@spec.ingress[0].icmp.code']],
    ['ICMP with ipVersion 6', {protocol: 'ICMP', ipVersion: 6}, ['invalid-rule@spec.ingress[0].ipVersion']],
    ['ICMPv6 with ipVersion 6', {protocol: 'ICMPv6', ipVersion: 6}, []],
    ['an IPv6 net with ipVersion 4', {ipVersion: 4, source: {nets: ['aabb:aabb::ffff/128']}}, ['invalid-rule@spec.ingress[0].source.nets']],
    ['IPv4 nets with ipVersion 4', {ipVersion: 4, source: {nets: ['1.2.3.0/26'], notNets: ['1.2.3.4/32']}}, []],
    ['a bad net', {destination: {nets: ['999.999.999.999/32']}}, ['invalid-cidr@spec.ingress[0].destination.nets[0]']],
    ['http with Deny', {action: 'Deny', http: {methods: ['GET']}}, ['invalid-rule@spec.ingress[0].http']],
  ]
  for (const [name, r, want] of cases) {
    it(name, () => expect(errors(rule(r))).toEqual(want))
  }
})

describe('names (validator.go: globalNetworkPolicyNameRegex, networkPolicyNameRegex, tierNameRegex)', () => {
  const cases: Array<[string, Json, string[]]> = [
    ['a GlobalNetworkPolicy named with one dot', resource('GlobalNetworkPolicy', {}, 'platform.allow-ssh'), []],
    ['a GlobalNetworkPolicy named with two dots', resource('GlobalNetworkPolicy', {}, 'a.b.c'), ['invalid-name@metadata.name']],
    ['a StagedGlobalNetworkPolicy named with two dots', resource('StagedGlobalNetworkPolicy', {}, 'a.b.c'), ['invalid-name@metadata.name']],
    ['a NetworkPolicy named with one dot', resource('NetworkPolicy', {}, 'a.b'), []],
    ['a NetworkPolicy named knp.default.<subdomain>', resource('NetworkPolicy', {}, 'knp.default.a.b.c'), []],
    ['a NetworkPolicy named ossg.default.<subdomain>', resource('NetworkPolicy', {}, 'ossg.default.a.b'), []],
    ['a NetworkPolicy named with two dots otherwise', resource('NetworkPolicy', {}, 'a.b.c'), ['invalid-name@metadata.name']],
    ['a Tier named with a dot', resource('Tier', {}, 'a.b'), ['invalid-name@metadata.name']],
    ['a Tier named with 63 characters', resource('Tier', {}, 'a'.repeat(63)), []],
    ['a Tier named with 64 characters', resource('Tier', {}, 'a'.repeat(64)), ['name-too-long@metadata.name']],
    // A name that is not even a subdomain is reported once, by the metadata rule every kind has.
    ['a GlobalNetworkPolicy named in capitals', resource('GlobalNetworkPolicy', {}, 'A.b.c'), ['invalid-name@metadata.name']],
  ]
  for (const [name, value, want] of cases) {
    it(name, () => expect(errors(value)).toEqual(want))
  }

  it('says which kind narrows the name and how', () => {
    expect(check(resource('GlobalNetworkPolicy', {}, 'a.b.c')).problems.map(p => p.message))
      .toEqual(['metadata.name "a.b.c" is not valid for a GlobalNetworkPolicy: it must be a DNS-1123 label (lower-case letters, digits and \'-\'), or two joined by one dot, such as "platform.allow-ssh"'])
  })
})

describe('Tier, Profile, FelixConfiguration, GlobalNetworkSet', () => {
  const cases: Array<[string, Json, string[]]> = [
    ['tier defaultAction Pass', resource('Tier', {order: 100, defaultAction: 'Pass'}), []],
    ['tier defaultAction Allow', resource('Tier', {order: 100, defaultAction: 'Allow'}), ['invalid-value@spec.defaultAction']],
    ['profile labelsToApply', resource('Profile', {labelsToApply: {'bad key!': 'v', ok: 'bad value!'}}), ['invalid-label-key@spec.labelsToApply["bad key!"]', 'invalid-label-value@spec.labelsToApply.ok']],
    ['profile rules', resource('Profile', {ingress: [{action: 'Nope'}]}), ['invalid-rule@spec.ingress[0].action']],
    ['failsafe entries', resource('FelixConfiguration', {failsafeInboundHostPorts: [{protocol: 'tcp', port: 22}, {protocol: 'icmp', port: 1}, {protocol: 'UDP', port: 68, net: '10.0.0.0/99'}]}, 'default'),
      ['invalid-protocol@spec.failsafeInboundHostPorts[1].protocol', 'invalid-cidr@spec.failsafeInboundHostPorts[2].net']],
    ['defaultEndpointToHostAction', resource('FelixConfiguration', {defaultEndpointToHostAction: 'Allow'}, 'default'), ['invalid-value@spec.defaultEndpointToHostAction']],
    ['network set nets', resource('GlobalNetworkSet', {nets: ['10.0.0.0/8', 'fd00::/64', 'nope']}), ['invalid-cidr@spec.nets[2]']],
  ]
  for (const [name, value, want] of cases) {
    it(name, () => expect(errors(value).filter(e => !e.startsWith('invalid-value@spec.defaultEndpointToHostAction') || want.length > 0).sort()).toEqual([...want].sort()))
  }
})

const dir = tempDir()
const BAD_GNP = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: bad
spec:
  selector: role == 'db' &&& x
  ingress:
  - action: Allow
    source:
      selector: "a in {'x'"
`

describe('hepctl validate -f (the real CLI)', () => {
  it('prints file:line:col of the bad character of a selector and exits 1', async () => {
    writeFileSync(join(dir.path, 'gnp.yaml'), BAD_GNP)
    const r = await hepctl(['validate', '-f', 'gnp.yaml'], {cwd: dir.path})
    // "role == 'db' " is 13 characters from column 13: the third '&' is at column 28.
    expect(r.stdout).toContain("gnp.yaml:6:28: error [invalid-selector] spec.selector \"role == 'db' &&& x\" is not a valid selector")
    // The quote opens at column 17; the end of the selector is 1 + 9 further.
    expect(r.stdout).toContain('gnp.yaml:10:27: error [invalid-selector] spec.ingress[0].source.selector')
    expect(r.code).toBe(1)
  })
})

describe.runIf(etcdAvailable(true))('stored objects that break the rules (a real etcd)', () => {
  let etcd: EtcdCluster
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  const key = (plural: string, name: string) => `/calico/resources/v3/projectcalico.org/${plural}/${name}`
  beforeAll(async () => {
    etcd = await startEtcd()
    etcd.etcdctl(['put', key('globalnetworkpolicies', 'default.broken'), JSON.stringify({
      kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3', metadata: {name: 'broken'},
      spec: {tier: 'default', selector: 'role ===', preDNAT: true, ingress: [{action: 'Allow'}]},
    })])
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  const HEP = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node1-eth0
spec:
  node: node1
  interfaceName: eth0
  expectedIPs: [10.0.0.1]
  profiles: [projectcalico-default-allow]
`
  const STORED = /GlobalNetworkPolicy broken \(stored in etcdv3 [^)]*\): spec\.selector "role ===" is not a valid selector/

  // Stored objects are checked as the input is: one written past Calico's validation fails the run, by name.
  it('validate --context-from-datastore reports a stored object that breaks the rules and exits 1', async () => {
    writeFileSync(join(dir.path, 'hep.yaml'), HEP)
    const r = await hepctl(['validate', '-f', 'hep.yaml', '--context-from-datastore'], {cwd: dir.path, env: env()})
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
    expect(r.stdout).toMatch(STORED)
    expect(r.stdout).toContain('[invalid-selector]')
    expect(r.code).toBe(1)
  })

  it('an input object of the same kind and name replaces the broken stored one, so the run passes', async () => {
    writeFileSync(join(dir.path, 'hep.yaml'), HEP)
    writeFileSync(join(dir.path, 'fixed.yaml'), `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: broken
spec:
  selector: role == 'x'
  ingress: [{action: Allow}]
`)
    const r = await hepctl(['validate', '-f', 'hep.yaml', '-f', 'fixed.yaml', '--context-from-datastore'], {cwd: dir.path, env: env()})
    expect(r.stdout).not.toMatch(STORED)
    expect(r.code).toBe(0)
  })

  it('trace and describe from the datastore refuse to guess: they name the stored object and exit 3', async () => {
    etcd.etcdctl(['put', key('hostendpoints', 'node1-eth0'), JSON.stringify({
      kind: 'HostEndpoint', apiVersion: 'projectcalico.org/v3', metadata: {name: 'node1-eth0'},
      spec: {node: 'node1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1']},
    })])
    const trace = await hepctl(['trace', 'node1-eth0', '--direction', 'ingress', '--protocol', 'TCP', '--port', '22', '--src', '10.0.0.9', '--dst', '10.0.0.1'], {cwd: dir.path, env: env()})
    expect(trace.stderr).toMatch(STORED)
    expect(trace.stderr).toContain('stored objects fail Calico\'s validation')
    expect(trace.code).toBe(3)
    const describe = await hepctl(['describe', 'hep', 'node1-eth0'], {cwd: dir.path, env: env()})
    expect(describe.stderr).toMatch(STORED)
    expect(describe.code).toBe(3)
  })
})
