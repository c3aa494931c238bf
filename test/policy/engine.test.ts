import {describe, expect, it} from 'vitest'

import {buildModel} from '../../src/policy/model.js'
import {PacketError, resolveEndpoint, trace} from '../../src/policy/engine.js'
import {allowTcp, ETH0, felix, gnp, hep, netset, np, profile, run, sgnp, tier} from './helpers.js'

const denyAll = (name: string, extra: Record<string, unknown> = {}) => gnp(name, {selector: 'all()', ingress: [{action: 'Deny'}], egress: [{action: 'Deny'}], ...extra})

describe('§3.1 which host endpoint governs an interface', () => {
  const m = buildModel([
    hep('b-named', {interfaceName: 'eth0'}),
    hep('a-by-ip', {expectedIPs: ['10.0.0.1']}),
    hep('z-wild', {interfaceName: '*'}),
    hep('c-other', {interfaceName: 'eth1'}),
    hep('other-node', {node: 'n2', interfaceName: 'eth2'}),
  ])
  it('§3.1 the alphabetically first candidate wins, even one matched by expectedIPs over one matched by name', () => {
    expect(resolveEndpoint(m, {node: 'n1', interface: 'eth0', interfaceIPs: ['10.0.0.1']}).endpoint?.name).toBe('a-by-ip')
  })
  it('§3.1 a named endpoint wins over the wildcard one', () => {
    expect(resolveEndpoint(m, {node: 'n1', interface: 'eth0'}).endpoint?.name).toBe('b-named')
  })
  it('§3.1 the wildcard endpoint covers interfaces no named endpoint claims', () => {
    expect(resolveEndpoint(m, {node: 'n1', interface: 'eth9'}).endpoint?.name).toBe('z-wild')
  })
  it('§3.1 only endpoints on the node count; none means not policed', () => {
    const r = trace(buildModel([hep('x', {node: 'n2', interfaceName: 'eth0'})]), {direction: 'ingress', protocol: 'TCP', src: '1.1.1.1', dst: '2.2.2.2', dstPort: 1, node: 'n1', interface: 'eth0'})
    expect(r.decidedBy).toBe('not-policed:interface-without-active-hep')
    expect(r.verdict).toBe('allow')
  })
  it('§3.1 naming an endpoint that loses its interface to another reports the winner', () => {
    const mm = buildModel([hep('b', {interfaceName: 'eth0'}), hep('a', {expectedIPs: ['10.0.0.9']})])
    const r = resolveEndpoint(mm, {hep: 'b', interfaceIPs: ['10.0.0.9']})
    expect(r.endpoint?.name).toBe('a')
  })
})

describe('§0 / §3.5 default deny and profiles', () => {
  it('§3.5 no policy and no profile: default deny', () => {
    const r = run([ETH0], {})
    expect(r).toMatchObject({verdict: 'deny', decidedBy: 'default-deny'})
  })
  it('§2.7 projectcalico-default-allow turns no policy into allow-all', () => {
    const r = run([hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']})], {})
    expect(r).toMatchObject({verdict: 'allow', decidedBy: 'profile:projectcalico-default-allow:ingress[0]:Allow'})
  })
  it('§2.7 a missing profile denies everything (even before default-allow)', () => {
    const r = run([hep('eth0-hep', {interfaceName: 'eth0', profiles: ['typo', 'projectcalico-default-allow']})], {})
    expect(r).toMatchObject({verdict: 'deny', decidedBy: 'profile-missing:typo'})
  })
  it('§2.7 profile rules run in list order; a Deny rule in a profile denies', () => {
    const r = run([hep('eth0-hep', {interfaceName: 'eth0', profiles: ['p1', 'projectcalico-default-allow']}), profile('p1', {ingress: [{action: 'Deny', protocol: 'TCP', destination: {ports: [8080]}}]})], {})
    expect(r.decidedBy).toBe('profile:p1:ingress[0]:Deny')
  })
  it('§2.7 profile labelsToApply join the endpoint labels for policy selectors; the endpoint value wins', () => {
    const res = [
      hep('eth0-hep', {interfaceName: 'eth0', profiles: ['p1']}, {env: 'own'}),
      profile('p1', {labelsToApply: {team: 'a', env: 'inherited'}}),
      gnp('by-team', {selector: 'team == "a" && env == "own"', ingress: [allowTcp(8080)]}),
    ]
    expect(run(res, {}).decidedBy).toBe('policy:default/by-team:ingress[0]:Allow')
  })
  it('§7.1 profiles are not a fallback after a tier: an all() policy ends in the tier default deny', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), gnp('ssh', {selector: '', ingress: [allowTcp(2222)]})]
    const r = run(res, {})
    expect(r).toMatchObject({verdict: 'deny', decidedBy: 'end-of-tier:default'})
    // Egress is not governed (types default to [Ingress]) so the profile still allows it.
    expect(run(res, {direction: 'egress', src: '10.0.0.1', dst: '8.8.8.8', dstPort: 443}).decidedBy).toBe('profile:projectcalico-default-allow:egress[0]:Allow')
  })
})

describe('§2.2 types defaulting and the write path', () => {
  const res = [ETH0, gnp('no-rules', {selector: 'all()'})]
  it('§2.2 a GNP with no rules and no types governs ingress only through the Calico API', () => {
    expect(run(res, {}).decidedBy).toBe('end-of-tier:default')
    expect(run(res, {direction: 'egress', src: '10.0.0.1', dst: '8.8.8.8', dstPort: 443}).decidedBy).toBe('default-deny')
  })
  it('§7.2 the trace names a selecting policy that does not govern the direction, and why', () => {
    const r = run(res, {direction: 'egress', src: '10.0.0.1', dst: '8.8.8.8', dstPort: 443})
    const skip = r.steps.find((s) => s.kind === 'policy' && s.outcome === 'skip')
    expect(skip?.resource).toEqual({kind: 'GlobalNetworkPolicy', name: 'no-rules'})
    expect(skip?.message).toMatch(/does not govern egress: types Ingress \(spec.types is empty; the Calico API defaults it to \[Ingress\]/)
  })
  it('§2.2 egress rules only give [Egress]', () => {
    const r = run([ETH0, gnp('e', {selector: 'all()', egress: [{action: 'Allow'}]}), ], {})
    expect(r.decidedBy).toBe('default-deny')
  })
  it('§7.2 the same manifest written to the CRD governs both directions, and the trace says which was assumed', () => {
    const r = run(res, {direction: 'egress', src: '10.0.0.1', dst: '8.8.8.8', dstPort: 443}, 'crd')
    expect(r.decidedBy).toBe('end-of-tier:default')
    expect(r.assumptions.join(' ')).toMatch(/CRD/)
  })
  it('§2.2 rules for a direction outside types are ignored', () => {
    const r = run([ETH0, gnp('x', {selector: 'all()', types: ['Egress'], ingress: [allowTcp(8080)], egress: [{action: 'Allow'}]})], {})
    expect(r.decidedBy).toBe('default-deny')
  })
})

describe('§2.2 / §3.3 rule actions, tiers and order', () => {
  it('§2.2 Allow and Deny decide; the first matching rule wins', () => {
    const r = run([ETH0, gnp('p', {selector: 'role == "web"', ingress: [{action: 'Deny', protocol: 'TCP', destination: {ports: [22]}}, allowTcp('8000:8100'), {action: 'Deny'}]})], {})
    expect(r.decidedBy).toBe('policy:default/p:ingress[1]:Allow')
    const rule = r.steps.find((s) => s.kind === 'rule' && s.outcome === 'allow')
    expect(rule?.path).toEqual(['spec', 'ingress', 1])
    expect(rule?.resource).toEqual({kind: 'GlobalNetworkPolicy', name: 'p'})
  })
  it('§2.2 Log continues with the next rule', () => {
    const r = run([ETH0, gnp('p', {selector: 'all()', ingress: [{action: 'Log'}, {action: 'Deny'}]})], {})
    expect(r.decidedBy).toBe('policy:default/p:ingress[1]:Deny')
    expect(r.steps.some((s) => s.outcome === 'log')).toBe(true)
  })
  it('§2.2 a policy with no matching rule hands over to the next policy in the tier', () => {
    const r = run([ETH0, gnp('a', {selector: 'all()', order: 1, ingress: [allowTcp(1)]}), gnp('b', {selector: 'all()', order: 2, ingress: [{action: 'Deny'}]})], {})
    expect(r.decidedBy).toBe('policy:default/b:ingress[0]:Deny')
  })
  it('§2.4 Pass skips to the next tier; tiers run by order', () => {
    const res = [
      ETH0,
      tier('security', {order: 100}),
      gnp('pass-web', {tier: 'security', selector: 'all()', ingress: [{action: 'Pass', protocol: 'TCP'}]}),
      gnp('allow-web', {selector: 'all()', ingress: [allowTcp(8080)]}),
    ]
    expect(run(res, {}).decidedBy).toBe('policy:default/allow-web:ingress[0]:Allow')
    expect(run(res, {protocol: 'UDP'}).decidedBy).toBe('end-of-tier:security')
  })
  it('§2.4 a tier with defaultAction Pass hands over to the next tier and then the profiles', () => {
    const res = [
      hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}),
      tier('soft', {order: 10, defaultAction: 'Pass'}),
      gnp('nothing', {tier: 'soft', selector: 'all()', ingress: [allowTcp(1)]}),
    ]
    expect(run(res, {}).decidedBy).toBe('profile:projectcalico-default-allow:ingress[0]:Allow')
  })
  it('§3.3 tiers sort by order then name; a missing tier order sorts last', () => {
    const res = [
      ETH0,
      tier('b', {order: 5}),
      tier('a', {order: 5}),
      tier('last', {}),
      gnp('in-b', {tier: 'b', selector: 'all()', ingress: [{action: 'Deny'}]}),
      gnp('in-a', {tier: 'a', selector: 'all()', ingress: [{action: 'Allow'}]}),
      gnp('in-last', {tier: 'last', selector: 'all()', ingress: [{action: 'Deny'}]}),
    ]
    expect(run(res, {}).decidedBy).toBe('policy:a/in-a:ingress[0]:Allow')
  })
  it('§3.3 equal orders sort by "<name>/<namespace>/<kind>", so x-y and x.y come before x', () => {
    const res = [ETH0, gnp('x', {order: 1, selector: 'all()', ingress: [{action: 'Deny'}]}), gnp('x-y', {order: 1, selector: 'all()', ingress: [{action: 'Allow'}]})]
    expect(run(res, {}).decidedBy).toBe('policy:default/x-y:ingress[0]:Allow')
  })
  it('§2.2 a policy without order runs after ordered ones', () => {
    const res = [ETH0, gnp('a-no-order', {selector: 'all()', ingress: [{action: 'Deny'}]}), gnp('z-ordered', {order: 1000, selector: 'all()', ingress: [{action: 'Allow'}]})]
    expect(run(res, {}).decidedBy).toBe('policy:default/z-ordered:ingress[0]:Allow')
  })
  it('§2.4 a policy in a tier that does not exist: the tier sorts last and denies (inference, said in the step)', () => {
    const r = run([ETH0, gnp('p', {tier: 'ghost', selector: 'all()', ingress: [allowTcp(1)]})], {})
    expect(r.decidedBy).toBe('end-of-tier:ghost')
    expect(r.steps.find((s) => s.kind === 'tier')?.inference).toMatch(/does not exist/)
  })
})

describe('§2.5 / §2.6 staged and namespaced policy', () => {
  it('§2.5 a StagedGlobalNetworkPolicy never enforces, and a tier of staged policies only has no end-of-tier drop', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), sgnp('staged', {selector: 'all()', ingress: [{action: 'Deny'}]})]
    const r = run(res, {})
    expect(r.decidedBy).toBe('profile:projectcalico-default-allow:ingress[0]:Allow')
    expect(r.steps.some((s) => s.resource?.kind === 'StagedGlobalNetworkPolicy' && s.outcome === 'skip')).toBe(true)
  })
  it('§2.6 a NetworkPolicy never selects a host endpoint, even with an all() selector', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), np('deny', 'default', {selector: 'all()', ingress: [{action: 'Deny'}]})]
    expect(run(res, {}).decidedBy).toBe('profile:projectcalico-default-allow:ingress[0]:Allow')
  })
  it('§1.5 a GNP with a namespaceSelector does not select a host endpoint', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), gnp('ns', {selector: 'all()', namespaceSelector: 'all()', ingress: [{action: 'Deny'}]})]
    expect(run(res, {}).decidedBy).toBe('profile:projectcalico-default-allow:ingress[0]:Allow')
  })
})

describe('§2.3 / §4 rule match fields', () => {
  const withRule = (rule: Record<string, unknown>, extra: ReturnType<typeof hep>[] = []) => [ETH0, ...extra, gnp('p', {selector: 'all()', ingress: [rule]})]
  const allowed = (rule: Record<string, unknown>, pkt = {}, extra: ReturnType<typeof hep>[] = []) => run(withRule(rule, extra), pkt).verdict === 'allow'
  it('§2.3 source nets and notNets (a bare IP is a /32)', () => {
    expect(allowed({action: 'Allow', source: {nets: ['192.168.0.0/16']}})).toBe(true)
    expect(allowed({action: 'Allow', source: {nets: ['192.168.1.5']}})).toBe(true)
    expect(allowed({action: 'Allow', source: {nets: ['172.16.0.0/12']}})).toBe(false)
    expect(allowed({action: 'Allow', source: {notNets: ['192.168.0.0/16']}})).toBe(false)
  })
  it('§2.3 protocol, notProtocol and numeric protocols', () => {
    expect(allowed({action: 'Allow', protocol: 'UDP'})).toBe(false)
    expect(allowed({action: 'Allow', protocol: 6})).toBe(true)
    expect(allowed({action: 'Allow', notProtocol: 'TCP'})).toBe(false)
    expect(allowed({action: 'Allow', notProtocol: 'UDP'})).toBe(true)
  })
  it('§2.3 ports, port ranges and notPorts', () => {
    expect(allowed(allowTcp(8080))).toBe(true)
    expect(allowed(allowTcp('8000:8080'))).toBe(true)
    expect(allowed(allowTcp('8081:9000'))).toBe(false)
    expect(allowed({action: 'Allow', protocol: 'TCP', destination: {notPorts: [8080]}})).toBe(false)
    expect(allowed({action: 'Allow', protocol: 'TCP', source: {ports: [40000]}})).toBe(true)
  })
  it('§2.3 icmp type and code, notICMP, ipVersion', () => {
    const ping = {protocol: 'ICMP', dstPort: undefined, srcPort: undefined, icmpType: 8, icmpCode: 0}
    expect(allowed({action: 'Allow', protocol: 'ICMP', icmp: {type: 8}}, ping)).toBe(true)
    expect(allowed({action: 'Allow', protocol: 'ICMP', icmp: {type: 0}}, ping)).toBe(false)
    expect(allowed({action: 'Allow', protocol: 'ICMP', notICMP: {type: 8}}, ping)).toBe(false)
    expect(allowed({action: 'Allow', ipVersion: 6})).toBe(false)
    expect(allowed(allowTcp(8080), ping)).toBe(false)
  })
  it('§4.1 rule selectors see host endpoints only through expectedIPs', () => {
    const peerWithIP = hep('peer', {node: 'n2', interfaceName: 'eth0', expectedIPs: ['192.168.1.5']}, {role: 'db'})
    const peerNoIP = hep('peer', {node: 'n2', interfaceName: 'eth0'}, {role: 'db'})
    const rule = {action: 'Allow', source: {selector: 'role == "db"'}}
    expect(allowed(rule, {}, [peerWithIP])).toBe(true)
    expect(allowed(rule, {}, [peerNoIP])).toBe(false)
  })
  it('§1.5 notSelector matches any address not in the selected set, including outside addresses', () => {
    const peer = hep('peer', {node: 'n2', interfaceName: 'eth0', expectedIPs: ['192.168.1.5']}, {role: 'db'})
    expect(allowed({action: 'Allow', source: {notSelector: 'role == "db"'}}, {}, [peer])).toBe(false)
    expect(allowed({action: 'Allow', source: {notSelector: 'role == "db"'}}, {src: '8.8.8.8'}, [peer])).toBe(true)
    expect(allowed({action: 'Allow', source: {selector: '!has(role)'}}, {src: '8.8.8.8'}, [peer])).toBe(false)
  })
  it('§2.9 a rule selector matches global network sets by their nets; namespaceSelector global() reaches them', () => {
    const res = [ETH0, netset('office', ['192.168.0.0/16'], {zone: 'office'}) as ReturnType<typeof hep>, gnp('p', {selector: 'all()', ingress: [{action: 'Allow', source: {selector: 'zone == "office"', namespaceSelector: 'global()'}}]})]
    expect(run(res, {}).verdict).toBe('allow')
    const nsRes = [ETH0, netset('office', ['192.168.0.0/16'], {zone: 'office'}) as ReturnType<typeof hep>, gnp('p', {selector: 'all()', ingress: [{action: 'Allow', source: {selector: 'zone == "office"', namespaceSelector: 'all()'}}]})]
    expect(run(nsRes, {}).verdict).toBe('deny')
  })
  it('§4.2 a named port in an ingress destination resolves through the endpoint\'s own ports and expectedIPs', () => {
    const named = hep('eth0-hep', {interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], ports: [{name: 'http', protocol: 'TCP', port: 8080}]})
    const res = (ports: string[], extra = {}) => [named, gnp('p', {selector: 'all()', ingress: [{action: 'Allow', destination: {ports}, ...extra}]})]
    expect(run(res(['http']), {}).verdict).toBe('allow')
    expect(run(res(['https']), {}).verdict).toBe('deny')
    expect(run(res(['http'], {protocol: 'UDP'}), {protocol: 'UDP'}).verdict).toBe('deny')
    const noIPs = hep('eth0-hep', {interfaceName: 'eth0', ports: [{name: 'http', protocol: 'TCP', port: 8080}]})
    expect(run([noIPs, gnp('p', {selector: 'all()', ingress: [{action: 'Allow', destination: {ports: ['http']}}]})], {}).verdict).toBe('deny')
  })
  it('§4.2 numbers and names in one ports list are ORed', () => {
    const named = hep('eth0-hep', {interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], ports: [{name: 'http', protocol: 'TCP', port: 8080}]})
    const res = [named, gnp('p', {selector: 'all()', ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [22, 'http']}}]})]
    expect(run(res, {}).verdict).toBe('allow')
    expect(run(res, {dstPort: 22}).verdict).toBe('allow')
    expect(run(res, {dstPort: 23}).verdict).toBe('deny')
  })
  it('§2.3 serviceAccounts never match a host endpoint peer', () => {
    expect(allowed({action: 'Allow', source: {serviceAccounts: {names: ['x']}}})).toBe(false)
  })
  it('§2.3 http matches are ignored by the iptables dataplane (inference, said in the step)', () => {
    const r = run(withRule({action: 'Allow', http: {methods: ['GET']}}), {})
    expect(r.verdict).toBe('allow')
    expect(r.steps.find((s) => s.outcome === 'allow')?.inference).toMatch(/http/)
  })
})

describe('§2.8 failsafe ports', () => {
  const locked = [ETH0, denyAll('deny-all')]
  it('§2.8 defaults apply when unset: tcp:22 in beats a policy Deny', () => {
    expect(run(locked, {dstPort: 22})).toMatchObject({verdict: 'allow', decidedBy: 'failsafe-in:tcp:22'})
    expect(run(locked, {dstPort: 5473}).decidedBy).toBe('failsafe-in:tcp:5473')
  })
  it('§2.8 outbound defaults: udp:53 out', () => {
    expect(run(locked, {direction: 'egress', protocol: 'UDP', src: '10.0.0.1', dst: '8.8.8.8', dstPort: 53}).decidedBy).toBe('failsafe-out:udp:53')
  })
  it('§2.8 a list replaces the defaults; [] disables them', () => {
    const replaced = [...locked, felix('default', {failsafeInboundHostPorts: [{protocol: 'TCP', port: 2222}]})]
    expect(run(replaced, {dstPort: 22}).decidedBy).toBe('policy:default/deny-all:ingress[0]:Deny')
    expect(run(replaced, {dstPort: 2222}).decidedBy).toBe('failsafe-in:tcp:2222')
    const off = [...locked, felix('default', {failsafeInboundHostPorts: []})]
    expect(run(off, {dstPort: 22}).verdict).toBe('deny')
  })
  it('§2.8 node.<name> overrides default; a net limits the peer', () => {
    const res = [...locked, felix('default', {failsafeInboundHostPorts: []}), felix('node.n1', {failsafeInboundHostPorts: [{protocol: 'TCP', port: 22, net: '192.168.0.0/16'}]})]
    expect(run(res, {dstPort: 22}).decidedBy).toBe('failsafe-in:tcp:192.168.0.0/16:22')
    expect(run(res, {dstPort: 22, src: '8.8.8.8'}).verdict).toBe('deny')
  })
  it('§2.8 Felix refuses an SCTP entry and keeps its defaults', () => {
    const res = [...locked, felix('default', {failsafeInboundHostPorts: [{protocol: 'SCTP', port: 9}]})]
    const r = run(res, {dstPort: 22})
    expect(r.decidedBy).toBe('failsafe-in:tcp:22')
    expect(r.steps.some((s) => /only tcp and udp/.test(s.message))).toBe(true)
  })
  it('§7.3 failsafe ports never apply to forwarded traffic', () => {
    const res = [ETH0, denyAll('deny-fwd', {applyOnForward: true})]
    expect(run(res, {direction: 'forward-in', dstPort: 22, dst: '10.9.9.9'}).decidedBy).toBe('policy:default/deny-fwd:ingress[0]:Deny')
  })
  it('§2.8 failsafe beats untracked Deny', () => {
    const res = [ETH0, gnp('raw-deny', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [{action: 'Deny'}]})]
    expect(run(res, {dstPort: 22}).decidedBy).toBe('failsafe-in:tcp:22')
    expect(run(res, {dstPort: 80}).decidedBy).toBe('untracked:default/raw-deny:ingress[0]:Deny')
  })
})

describe('§3.4 / §3.6 untracked, pre-DNAT and forwarded traffic', () => {
  it('§3.6 A untracked Allow skips the later stages', () => {
    const res = [ETH0, denyAll('deny-all'), gnp('raw', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [allowTcp(8080)]})]
    expect(run(res, {}).decidedBy).toBe('untracked:default/raw:ingress[0]:Allow')
  })
  it('§3.7 a wildcard endpoint ignores doNotTrack policy', () => {
    const res = [hep('eth0-hep', {interfaceName: '*'}), gnp('raw', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [{action: 'Deny'}]})]
    const r = run(res, {})
    expect(r.decidedBy).toBe('default-deny')
    expect(r.steps.some((s) => /DoNotTrack policy is not supported/.test(s.message))).toBe(true)
  })
  it('§3.6 the reply of an untracked connection needs its own untracked Allow', () => {
    const res = [ETH0, gnp('raw', {selector: 'all()', doNotTrack: true, applyOnForward: true, egress: [{action: 'Allow'}]})]
    const r = run(res, {untrackedReply: true})
    expect(r).toMatchObject({verdict: 'deny', decidedBy: 'untracked-reply-not-allowed'})
    expect(r.steps.some((s) => s.inference)).toBe(true)
  })
  it('§3.5 conntrack accepts established packets before tracked policy', () => {
    expect(run([ETH0, denyAll('d')], {established: true, dstPort: 80}).decidedBy).toBe('conntrack')
  })
  it('§3.6 A pre-DNAT Allow skips normal policy; a pre-DNAT Deny drops', () => {
    const res = [ETH0, denyAll('deny-all'), gnp('pre', {selector: 'all()', preDNAT: true, applyOnForward: true, ingress: [allowTcp(8080), {action: 'Deny', protocol: 'UDP'}]})]
    expect(run(res, {}).decidedBy).toBe('prednat:default/pre:ingress[0]:Allow')
    expect(run(res, {protocol: 'UDP', dstPort: 9}).decidedBy).toBe('prednat:default/pre:ingress[1]:Deny')
  })
  it('§3.4 pre-DNAT policy never applies to egress; pre-DNAT tiers always pass', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), gnp('pre', {selector: 'all()', preDNAT: true, applyOnForward: true, ingress: [allowTcp(1)]})]
    expect(run(res, {}).decidedBy).toBe('profile:projectcalico-default-allow:ingress[0]:Allow')
  })
  it('§7.3 forwarded traffic without applyOnForward policy is allowed; normal policy and profiles do not apply', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['missing']}), denyAll('deny-all')]
    expect(run(res, {direction: 'forward-in', dst: '10.9.9.9'}).decidedBy).toBe('forward-default-allow')
    expect(run(res, {direction: 'forward-out', src: '10.9.9.9', dst: '8.8.8.8'}).decidedBy).toBe('forward-default-allow')
  })
  it('§3.4 an applyOnForward policy governs forwarded traffic and host traffic too', () => {
    const res = [ETH0, gnp('aof', {selector: 'all()', applyOnForward: true, ingress: [{action: 'Deny', protocol: 'TCP'}]})]
    expect(run(res, {direction: 'forward-in', dst: '10.9.9.9'}).decidedBy).toBe('policy:default/aof:ingress[0]:Deny')
    expect(run(res, {}).decidedBy).toBe('policy:default/aof:ingress[0]:Deny')
  })
  it('§3.5 applyOnForward in one direction only: the other forward direction falls through (inference, said)', () => {
    const res = [ETH0, gnp('aof', {selector: 'all()', applyOnForward: true, ingress: [{action: 'Deny'}]})]
    const r = run(res, {direction: 'forward-out', src: '10.9.9.9', dst: '8.8.8.8'})
    expect(r.decidedBy).toBe('forward-default-allow')
    expect(r.steps.some((s) => s.inference && /FORWARD/.test(s.inference))).toBe(true)
  })
  it('§3.6 C a forward tier ends in its default deny', () => {
    const res = [ETH0, gnp('aof', {selector: 'all()', applyOnForward: true, ingress: [allowTcp(1)]})]
    expect(run(res, {direction: 'forward-in', dst: '10.9.9.9'}).decidedBy).toBe('end-of-tier:default')
  })
  it('§3.6 E workload-to-host: DefaultEndpointToHostAction decides (default Drop); HEP normal policy does not apply', () => {
    const res = [hep('eth0-hep', {interfaceName: '*', profiles: ['projectcalico-default-allow']}), gnp('allow', {selector: 'all()', ingress: [{action: 'Allow'}]})]
    expect(run(res, {direction: 'workload-to-host'})).toMatchObject({verdict: 'deny', decidedBy: 'endpoint-to-host-action:Drop'})
    expect(run([...res, felix('default', {defaultEndpointToHostAction: 'Accept'})], {direction: 'workload-to-host'}).decidedBy).toBe('endpoint-to-host-action:Accept')
  })
  it('§3.6 E a wildcard endpoint\'s pre-DNAT Deny applies to workload-to-host traffic; its Allow cannot override Drop', () => {
    const base = [hep('eth0-hep', {interfaceName: '*'}), felix('default', {defaultEndpointToHostAction: 'Accept'})]
    const deny = [...base, gnp('pre', {selector: 'all()', preDNAT: true, applyOnForward: true, ingress: [{action: 'Deny'}]})]
    expect(run(deny, {direction: 'workload-to-host'}).decidedBy).toBe('prednat:default/pre:ingress[0]:Deny')
    const allow = [hep('eth0-hep', {interfaceName: '*'}), gnp('pre', {selector: 'all()', preDNAT: true, applyOnForward: true, ingress: [{action: 'Allow'}]})]
    expect(run(allow, {direction: 'workload-to-host'}).decidedBy).toBe('endpoint-to-host-action:Drop')
  })
  it('§3.6 F host to its own workloads is never policed', () => {
    expect(run([ETH0, denyAll('d')], {direction: 'host-to-workload'})).toMatchObject({verdict: 'allow', decidedBy: 'not-policed:host-to-local-workload'})
  })
})

describe('packet input', () => {
  it('rejects a packet that is not IP', () => {
    expect(() => run([ETH0], {src: 'nope'})).toThrow(PacketError)
    expect(() => run([ETH0], {protocol: 'BOGUS'})).toThrow(PacketError)
    expect(() => run([ETH0], {hep: 'nope'})).toThrow(/no host endpoint named "nope"/)
  })
  it('skips a rule without a valid action (validation reports it), keeping decidedBy in its vocabulary', () => {
    const r = run([ETH0, gnp('p', {selector: 'all()', ingress: [{protocol: 'TCP'}, {action: 'Deny'}]})], {})
    expect(r.decidedBy).toBe('policy:default/p:ingress[1]:Deny')
  })
  it('a policy whose selector does not parse selects nothing (validation reports it)', () => {
    const r = run([hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), gnp('bad', {selector: 'a ==', ingress: [{action: 'Deny'}]})], {})
    expect(r.decidedBy).toBe('profile:projectcalico-default-allow:ingress[0]:Allow')
  })
})

describe('purity', () => {
  it('reads frozen resources without changing them, and the same input gives the same result', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        for (const v of Object.values(o)) deepFreeze(v)
        Object.freeze(o)
      }
      return o
    }
    const resources = deepFreeze([
      hep('eth0-hep', {interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['p'], ports: [{name: 'http', protocol: 'TCP', port: 8080}]}, {role: 'web'}),
      profile('p', {labelsToApply: {team: 'a'}}),
      tier('t', {order: 1}),
      gnp('a', {tier: 't', selector: 'team == "a"', ingress: [{action: 'Allow', destination: {ports: ['http']}}]}),
      felix('default', {failsafeInboundHostPorts: [{protocol: 'TCP', port: 22}]}),
    ])
    const before = JSON.stringify(resources)
    const a = run(resources, {})
    const b = run(resources, {})
    expect(a.decidedBy).toBe('policy:t/a:ingress[0]:Allow')
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(JSON.stringify(resources)).toBe(before)
  })
})
