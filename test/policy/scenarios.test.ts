import {describe, expect, it} from 'vitest'

import {allowTcp, ETH0, felix, gnp, hep, np, profile, run} from './helpers.js'

// More scenarios, one per fact of the reference not covered in engine.test.ts.
describe('reference scenarios', () => {
  it('§2.1 host endpoints on other nodes still feed rule selectors cluster-wide', () => {
    const peer = hep('peer', {node: 'n9', interfaceName: 'eth0', expectedIPs: ['192.168.1.5']}, {role: 'db'})
    const res = [ETH0, peer, gnp('from-db', {selector: 'role == "web"', ingress: [{action: 'Allow', source: {selector: 'role == "db"'}}]})]
    expect(run(res, {}).decidedBy).toBe('policy:default/from-db:ingress[0]:Allow')
  })
  it('§2.7 a peer endpoint\'s inherited profile labels count for rule selectors', () => {
    const peer = hep('peer', {node: 'n9', interfaceName: 'eth0', expectedIPs: ['192.168.1.5'], profiles: ['dbs']})
    const res = [ETH0, peer, profile('dbs', {labelsToApply: {role: 'db'}}), gnp('from-db', {selector: 'all()', ingress: [{action: 'Allow', source: {selector: 'role == "db"'}}]})]
    expect(run(res, {}).verdict).toBe('allow')
  })
  it('§4.1 a selector naming the endpoint itself needs its own address in expectedIPs', () => {
    const self = hep('eth0-hep', {interfaceName: 'eth0', expectedIPs: ['10.0.0.2']}, {role: 'web'})
    const res = [self, gnp('to-me', {selector: 'all()', ingress: [{action: 'Allow', destination: {selector: 'role == "web"'}}]})]
    expect(run(res, {dst: '10.0.0.2'}).verdict).toBe('allow')
    expect(run(res, {dst: '10.0.0.1'}).verdict).toBe('deny')
  })
  it('§1.5 a HEP inheriting pcns. labels from a kns. profile is selected by a namespaceSelector (inference, said)', () => {
    const res = [
      hep('eth0-hep', {interfaceName: 'eth0', profiles: ['kns.infra']}),
      profile('kns.infra', {labelsToApply: {'pcns.team': 'infra', 'projectcalico.org/namespace': 'infra'}, ingress: [{action: 'Allow'}]}),
      gnp('ns', {selector: 'all()', namespaceSelector: 'team == "infra"', ingress: [{action: 'Deny'}]}),
    ]
    const r = run(res, {})
    expect(r.decidedBy).toBe('policy:default/ns:ingress[0]:Deny')
    expect(r.steps.find((s) => s.kind === 'policy')?.inference).toMatch(/pcns/)
  })
  it('§2.6 a NetworkPolicy rule naming HEPs with namespaceSelector global() still does not govern the HEP', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), np('p', 'default', {selector: 'all()', ingress: [{action: 'Deny', source: {namespaceSelector: 'global()'}}]})]
    expect(run(res, {}).decidedBy).toBe('profile:projectcalico-default-allow:ingress[0]:Allow')
  })
  it('§3.6 C a pre-DNAT Allow on forwarded traffic skips forward-ingress policy (and says the egress side still applies)', () => {
    const res = [ETH0, gnp('aof-deny', {selector: 'all()', applyOnForward: true, ingress: [{action: 'Deny'}]}), gnp('pre', {selector: 'all()', preDNAT: true, applyOnForward: true, ingress: [{action: 'Allow'}]})]
    const r = run(res, {direction: 'forward-in', dst: '10.9.9.9'})
    expect(r.decidedBy).toBe('prednat:default/pre:ingress[0]:Allow')
    expect(r.steps.some((s) => s.inference && /accept mark/.test(s.inference))).toBe(true)
  })
  it('§3.6 D a wildcard endpoint\'s applyOnForward policy governs forwarded pod traffic', () => {
    const res = [hep('all-ifaces', {interfaceName: '*'}), gnp('aof', {selector: 'all()', applyOnForward: true, egress: [{action: 'Deny', protocol: 'TCP'}]})]
    expect(run(res, {hep: 'all-ifaces', direction: 'forward-out', src: '10.244.0.5', dst: '10.244.1.7'}).decidedBy).toBe('policy:default/aof:egress[0]:Deny')
  })
  it('§2.8 failsafe entries with a net apply only to that family and net; outbound nets match the destination', () => {
    const res = [ETH0, gnp('d', {selector: 'all()', egress: [{action: 'Deny'}]}), felix('default', {failsafeOutboundHostPorts: [{protocol: 'TCP', port: 443, net: '8.8.8.0/24'}]})]
    const out = {direction: 'egress' as const, src: '10.0.0.1', srcPort: 40000, dstPort: 443}
    expect(run(res, {...out, dst: '8.8.8.8'}).decidedBy).toBe('failsafe-out:tcp:8.8.8.0/24:443')
    expect(run(res, {...out, dst: '1.1.1.1'}).decidedBy).toBe('policy:default/d:egress[0]:Deny')
    expect(run(res, {...out, src: 'fd00::1', dst: 'fd00::8'}).decidedBy).toBe('policy:default/d:egress[0]:Deny')
  })
  it('§2.8 the reply of an outbound failsafe connection is accepted by source port in the untracked chain', () => {
    const res = [ETH0, gnp('raw', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [{action: 'Deny'}]})]
    expect(run(res, {protocol: 'UDP', src: '8.8.8.8', srcPort: 53, dstPort: 41000}).decidedBy).toBe('failsafe-out:udp:53')
  })
  it('§7 a lock-out caught before it happens: a deny-all GNP leaves only the failsafe ports open', () => {
    const res = [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['projectcalico-default-allow']}), gnp('default-deny', {selector: 'all()', types: ['Ingress', 'Egress']}), felix('default', {failsafeInboundHostPorts: []})]
    const ssh = run(res, {dstPort: 22})
    expect(ssh).toMatchObject({verdict: 'deny', decidedBy: 'end-of-tier:default'})
  })
  it('§3.4 an allow in an applyOnForward policy also allows host traffic', () => {
    const res = [ETH0, gnp('aof', {selector: 'all()', applyOnForward: true, ingress: [allowTcp(8080)]})]
    expect(run(res, {}).decidedBy).toBe('policy:default/aof:ingress[0]:Allow')
  })
})
