import {describe, expect, it} from 'vitest'
import {check, codes, errors, hep} from './helpers.js'
import {formatPath} from '../../src/problem/path-text.js'

describe('a valid HostEndpoint', () => {
  it('has no problems and yields the object', () => {
    const r = check(hep({ports: [{name: 'a-valid-port', protocol: 'TCP', port: 1234}]}))
    expect(r.problems).toEqual([])
    expect(r.name).toBe('node1-eth0')
    expect(r.object?.spec.ports?.[0]).toEqual({name: 'a-valid-port', protocol: 'TCP', port: 1234})
  })
})

// libcalico-go validator_test.go HostEndpoint entries (reference §3.1), plus the CRD cases of §3.2.
describe('Calico validator_test cases', () => {
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['1 interface, node and a named port', {interfaceName: 'eth0', node: 'node01', expectedIPs: undefined, ports: [{name: 'a-valid-port', protocol: 'TCP', port: 1234}]}, true],
    ['2 port without a name', {interfaceName: 'eth0', node: 'node01', ports: [{protocol: 'TCP', port: 1234}]}, false],
    ['3 no node', {interfaceName: 'eth0', node: undefined, ports: [{name: 'a-valid-port', protocol: 'TCP', port: 1234}]}, false],
    ['4 duplicate port names', {node: 'node01', ports: [{name: 'a-valid-port', protocol: 'TCP', port: 1234}, {name: 'a-valid-port', protocol: 'UDP', port: 5456}]}, true],
    ['5 interface *', {interfaceName: '*', node: 'node01', expectedIPs: undefined}, true],
    ['6 interface eth0', {interfaceName: 'eth0', node: 'node01', expectedIPs: undefined}, true],
    ['7 expected IPs only', {interfaceName: undefined, expectedIPs: ['1.2.3.4', 'aabb:aabb::ffff'], node: 'node01'}, true],
    ['8 interface and IPs', {interfaceName: 'eth0', expectedIPs: ['1.2.3.4', 'aabb:aabb::ffff'], node: 'node01'}, true],
    ['10 empty interface and no IPs', {interfaceName: '', expectedIPs: [], node: 'node01'}, false],
    ['11 profiles', {profiles: ['knp.default.fun', 'knp.default.funner.11234-a']}, true],
    ['12 profile', {profiles: ['fun-funner1234']}, true],
    ['13 profile .fun', {profiles: ['.fun']}, false],
    ['CRD node only', {interfaceName: undefined, expectedIPs: undefined}, false],
    ['CRD interface only', {node: undefined, expectedIPs: undefined}, false],
    ['CRD node and IPs', {interfaceName: undefined, expectedIPs: ['10.0.0.1']}, true],
  ]
  for (const [name, spec, valid] of cases) {
    it(`${name}: ${valid ? 'valid' : 'invalid'}`, () => {
      expect(errors(hep(spec)).length === 0).toBe(valid)
    })
  }

  it('9 an empty spec gives the node and interface/IP errors', () => {
    expect(errors({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'test'}, spec: {}}))
      .toEqual(expect.arrayContaining(['missing-node@spec.node', 'missing-interface-and-ips@spec']))
  })
  it('names the rule for a missing interface and IPs', () => {
    const p = check(hep({interfaceName: undefined, expectedIPs: undefined})).problems.find(x => x.code === 'missing-interface-and-ips')
    expect(p?.message).toMatch(/interfaceName, expectedIPs or both/)
  })
})

describe('metadata.name', () => {
  it('accepts 253 characters and refuses 254 with the overflow in bytes', () => {
    const label = 'a'.repeat(63)
    const n253 = [label, label, label, 'a'.repeat(61)].join('.')
    expect(n253.length).toBe(253)
    expect(errors(hep({}, {name: n253}))).toEqual([])
    const r = check(hep({}, {name: n253 + 'b'}))
    expect(r.problems.map(p => p.code)).toEqual(['name-too-long'])
    expect(r.problems[0].message).toMatch(/too long by 1 bytes/)
  })
  it('refuses names that are not DNS-1123 subdomains, saying so', () => {
    for (const name of ['test$set', 'Upper', '-a', 'a-', 'a..b', 'a_b']) {
      const r = check(hep({}, {name}))
      expect(r.problems.map(p => p.code), name).toEqual(['invalid-name'])
      expect(r.problems[0].message).toContain(JSON.stringify(name))
    }
  })
  it('requires a name', () => {
    expect(errors(hep({}, {name: undefined}))).toEqual(['missing-field@metadata.name'])
    expect(errors(hep({}, {name: ''}))).toEqual(['invalid-name@metadata.name'])
  })
  it('counts bytes, not characters, for the length', () => {
    const r = check(hep({}, {name: 'é'.repeat(127)}))
    expect(r.problems.map(p => p.code)).toEqual(['invalid-name', 'name-too-long'])
    expect(r.problems[1].message).toMatch(/too long by 1 bytes/)
  })
})

describe('labels and annotations', () => {
  it('label values: 63 characters valid, 64 invalid', () => {
    expect(errors(hep({}, {labels: {'projectcalico.org/label': 'a'.repeat(63)}}))).toEqual([])
    expect(errors(hep({}, {labels: {'projectcalico.org/label': 'a'.repeat(64)}})))
      .toEqual(['invalid-label-value@metadata.labels["projectcalico.org/label"]'])
  })
  it('label keys: upper case in the name part only', () => {
    expect(errors(hep({}, {labels: {'projectcalico.org/Label': 'x'}}))).toEqual([])
    expect(errors(hep({}, {labels: {'ProjectCalico.org/label': 'x'}}))).toEqual(['invalid-label-key@metadata.labels["ProjectCalico.org/label"]'])
  })
  it('refuses the label keys of labelsToApply', () => {
    for (const key of ['.mylabel', 'my!nvalid-label', 'my-invalid-label$', 'a/b/c', '/x', 'x/', 'a'.repeat(64)]) {
      const r = check(hep({}, {labels: {[key]: 'v'}}))
      expect(r.problems.map(p => p.code), key).toEqual(['invalid-label-key'])
      expect(r.problems[0].path, key).toEqual(['metadata', 'labels', key])
    }
  })
  it('accepts empty label values and plain keys', () => {
    expect(errors(hep({}, {labels: {tier: '', 'a.b_c-d': 'x.y_z-1'}}))).toEqual([])
  })
  it('annotation keys: qualified names, upper case allowed', () => {
    expect(errors(hep({}, {annotations: {'ProjectCalico.org/Label': 'free text !'}}))).toEqual([])
    const r = check(hep({}, {annotations: {'projectcalico.org$label': 'x'}}))
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['invalid-annotation-key@metadata.annotations["projectcalico.org$label"]'])
    expect(r.problems[0].message).toContain('"projectcalico.org$label"')
  })
  it('annotations: exactly 256 KiB valid, one byte more invalid', () => {
    const size = 256 * 1024
    expect(errors(hep({}, {annotations: {k: 'x'.repeat(size - 1)}}))).toEqual([])
    const r = check(hep({}, {annotations: {k: 'x'.repeat(size)}}))
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['annotations-too-large@metadata.annotations'])
    expect(r.problems[0].message).toMatch(/too large by 1 bytes/)
  })
  it('annotations: the size counts UTF-8 bytes', () => {
    expect(errors(hep({}, {annotations: {k: 'é'.repeat(128 * 1024)}}))).toEqual(['annotations-too-large@metadata.annotations'])
  })
})

describe('metadata.namespace and ignored fields', () => {
  it('refuses a namespace: HostEndpoint is cluster-scoped', () => {
    const r = check(hep({}, {namespace: 'default'}))
    expect(r.problems.map(p => p.code)).toEqual(['namespace-not-allowed'])
    expect(r.problems[0].message).toMatch(/cluster-scoped.*"default"/)
  })
  it('accepts the read-only metadata calicoctl ignores, checking its types', () => {
    const meta = {
      selfLink: 'test-self-link', uid: 'test-uid-change', generation: 3, finalizers: ['finalizer1', 'finalizer2'],
      creationTimestamp: '2006-01-02T15:04:05Z', deletionTimestamp: null, deletionGracePeriodSeconds: 30, resourceVersion: '12',
      generateName: 'x-', ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u', controller: true}],
      managedFields: [{manager: 'kubectl', operation: 'Apply', time: '2024-01-01T00:00:00.5+02:00', fieldsType: 'FieldsV1', fieldsV1: {'f:spec': {}}}],
    }
    expect(codes(hep({}, meta))).toEqual([])
    expect(errors(hep({}, {generation: 'three'}))).toEqual(['invalid-type@metadata.generation'])
    expect(errors(hep({}, {creationTimestamp: 'yesterday'}))).toEqual(['invalid-timestamp@metadata.creationTimestamp'])
    expect(errors(hep({}, {ownerReferences: [{kind: 'Node'}]}))).toEqual([
      'missing-field@metadata.ownerReferences[0].apiVersion', 'missing-field@metadata.ownerReferences[0].name', 'missing-field@metadata.ownerReferences[0].uid'])
  })
})

describe('spec.node', () => {
  it('is required', () => {
    expect(errors(hep({node: undefined}))).toEqual(['missing-node@spec.node'])
    expect(errors(hep({node: ''}))).toEqual(['missing-node@spec.node'])
  })
  it('must be a DNS-1123 subdomain of at most 253 characters', () => {
    expect(errors(hep({node: 'node 2'}))).toEqual(['invalid-node@spec.node'])
    expect(errors(hep({node: 'a'.repeat(254)}))).toEqual(['node-too-long@spec.node'])
    expect(errors(hep({node: 'A'.repeat(254)}))).toEqual(['invalid-node@spec.node', 'node-too-long@spec.node'])
    expect(errors(hep({node: 'worker-1.example.com'}))).toEqual([])
  })
})

describe('spec.interfaceName', () => {
  it('accepts * and names of 1 to 15 [a-zA-Z0-9_.-]', () => {
    for (const name of ['*', 'eth0', 'Valid_Iface.0-9', 'a'.repeat(15)]) expect(errors(hep({interfaceName: name})), name).toEqual([])
  })
  it('refuses other names, with the reason', () => {
    for (const [name, reason] of [['wibblywobblyeth0', /at most 15/], ['interfaceTooLong', /at most 15/], ['Invalid&Intface', /only letters/],
      ['Invalid#Intface', /only letters/], ['Invalid:Intface', /only letters/], ['eth*', /"\*" stands alone/]] as const) {
      const r = check(hep({interfaceName: name}))
      expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`), name).toEqual(['invalid-interface-name@spec.interfaceName'])
      expect(r.problems[0].message).toContain(JSON.stringify(name))
      expect(r.problems[0].message).toMatch(reason)
    }
  })
})

describe('spec.expectedIPs', () => {
  it('accepts plain IPv4 and IPv6 as Go reads them', () => {
    expect(errors(hep({expectedIPs: ['1.2.3.4', 'aabb:aabb::ffff', '::ffff:1.2.3.5', '::', '0.0.0.0', '1:2:3:4:5:6:1.2.3.4']}))).toEqual([])
  })
  it('refuses CIDRs, zones, leading zeros and the empty string', () => {
    const bad = ['10.0.0.1/24', 'fe80::1%eth0', '01.2.3.4', '', 'host.example', '1.2.3', '1:2:3:4:5:6:7:8:9', '256.0.0.1']
    expect(errors(hep({expectedIPs: bad}))).toEqual(bad.map((_, i) => `invalid-ip@spec.expectedIPs[${i}]`))
    const message = check(hep({expectedIPs: ['10.0.0.1/24']})).problems[0].message
    expect(message).toMatch(/"10\.0\.0\.1\/24".*prefix length/)
  })
  it('refuses duplicates, including two spellings of one address', () => {
    expect(errors(hep({expectedIPs: ['10.0.0.1', '10.0.0.2', '10.0.0.1']}))).toEqual(['duplicate-ip@spec.expectedIPs[2]'])
    expect(errors(hep({expectedIPs: ['fd00::1', 'FD00:0::1']}))).toEqual(['duplicate-ip@spec.expectedIPs[1]'])
    expect(errors(hep({expectedIPs: ['1.2.3.4', '::ffff:1.2.3.4']}))).toEqual(['duplicate-ip@spec.expectedIPs[1]'])
  })
  it('an empty list counts as absent', () => {
    expect(errors(hep({interfaceName: undefined, expectedIPs: []}))).toEqual(['missing-interface-and-ips@spec'])
  })
})

describe('spec.profiles', () => {
  it('refuses invalid names and duplicates', () => {
    expect(errors(hep({profiles: ['projectcalico-default-allow', '.fun', 'Fun', '', 'projectcalico-default-allow']}))).toEqual([
      'invalid-profile-name@spec.profiles[1]', 'invalid-profile-name@spec.profiles[2]', 'invalid-profile-name@spec.profiles[3]',
      'duplicate-profile@spec.profiles[4]'])
  })
})

describe('spec.ports', () => {
  const port = (p: Record<string, unknown>) => hep({ports: [{name: 'http', protocol: 'TCP', port: 80, ...p}]})
  it('port names follow Kubernetes IsValidPortName', () => {
    for (const name of ['http', 'a-valid-port', 'x1', 'a'.repeat(15)]) expect(errors(port({name})), name).toEqual([])
    for (const name of ['', 'HTTP', '123', 'a--b', '-a', 'a-', 'a'.repeat(16), 'a_b']) {
      expect(errors(port({name})), name).toEqual(['invalid-port-name@spec.ports[0].name'])
    }
  })
  it('protocols with ports are TCP, UDP, SCTP, 6, 17, 132', () => {
    for (const protocol of ['TCP', 'UDP', 'SCTP', 6, 17, 132]) expect(errors(port({protocol})), String(protocol)).toEqual([])
  })
  it('protocol names are case-sensitive, and the message suggests the right one', () => {
    const r = check(port({protocol: 'tcp'}))
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['invalid-protocol@spec.ports[0].protocol'])
    expect(r.problems[0].message).toMatch(/"tcp".*case-sensitive.*"TCP"/)
  })
  it('ICMP and other protocols without ports are refused as such', () => {
    for (const protocol of ['ICMP', 'ICMPv6', 'UDPLite', 1, 255]) {
      expect(errors(port({protocol})), String(protocol)).toEqual(['protocol-without-ports@spec.ports[0].protocol'])
    }
  })
  it('refuses invalid protocols: 0, out of range, unknown names, booleans', () => {
    for (const protocol of [0, 256, -1, 6.5, '256', '0', 'tcpfoo', 'footcp', true]) {
      expect(errors(port({protocol})), String(protocol)).toEqual(['invalid-protocol@spec.ports[0].protocol'])
    }
  })
  it('port is 1 to 65535', () => {
    expect(errors(port({port: 1}))).toEqual([])
    expect(errors(port({port: 65535}))).toEqual([])
    expect(errors(port({port: 0}))).toEqual(['invalid-port@spec.ports[0].port'])
    expect(errors(port({port: 65536}))).toEqual(['invalid-port@spec.ports[0].port'])
    expect(errors(port({port: '80'}))).toEqual(['invalid-type@spec.ports[0].port'])
    expect(errors(port({port: 80.5}))).toEqual(['invalid-type@spec.ports[0].port'])
  })
  it('name, protocol and port are required', () => {
    expect(errors(hep({ports: [{}]}))).toEqual(['missing-field@spec.ports[0].name', 'missing-field@spec.ports[0].protocol', 'missing-field@spec.ports[0].port'])
  })
})

describe('every problem is reported', () => {
  it('reports all problems of a resource, not just the first', () => {
    const r = check(hep({node: 'Bad Node', interfaceName: 'eth*', expectedIPs: ['1.2.3.4/32'], profiles: ['X'],
      ports: [{name: 'HTTP', protocol: 'icmp', port: 0}]}, {name: 'Bad_Name', labels: {'a/b/c': 'v'}, namespace: 'ns'}))
    expect(r.problems.filter(p => p.severity === 'error').map(p => p.code).sort()).toEqual([
      'invalid-interface-name', 'invalid-ip', 'invalid-label-key', 'invalid-name', 'invalid-node', 'invalid-port',
      'invalid-port-name', 'invalid-profile-name', 'invalid-protocol', 'namespace-not-allowed'])
    expect(r.object).toBeUndefined()
  })
})
