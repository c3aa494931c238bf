import {describe, expect, it} from 'vitest'

import type {Packet} from '../../src/policy/engine.js'
import type {PolicyResource} from '../../src/policy/types.js'
import {allowTcp, ETH0, felix, gnp, hep, profile, run} from './helpers.js'

const DEFAULT_ALLOW = hep('eth0-hep', {interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow']})
const out = {direction: 'egress', src: '10.0.0.1', dst: '8.8.8.8', srcPort: 40000, dstPort: 443} as const

// One row per decidedBy kind of issue 13's vocabulary: [kind, resources, packet, decidedBy, verdict].
const rows: [string, PolicyResource[], Partial<Packet>, string, 'allow' | 'deny'][] = [
  ['policy (ingress)', [ETH0, gnp('web', {selector: 'all()', ingress: [allowTcp(8080)]})], {}, 'policy:default/web:ingress[0]:Allow', 'allow'],
  ['policy (egress)', [ETH0, gnp('out', {selector: 'all()', egress: [{action: 'Deny'}]})], out, 'policy:default/out:egress[0]:Deny', 'deny'],
  ['prednat', [ETH0, gnp('pre', {selector: 'all()', preDNAT: true, applyOnForward: true, ingress: [{action: 'Deny'}]})], {}, 'prednat:default/pre:ingress[0]:Deny', 'deny'],
  ['untracked', [ETH0, gnp('raw', {selector: 'all()', doNotTrack: true, applyOnForward: true, egress: [{action: 'Allow'}]})], out, 'untracked:default/raw:egress[0]:Allow', 'allow'],
  ['end-of-tier', [ETH0, gnp('web', {selector: 'all()', ingress: [allowTcp(1)]})], {}, 'end-of-tier:default', 'deny'],
  ['profile', [DEFAULT_ALLOW], out, 'profile:projectcalico-default-allow:egress[0]:Allow', 'allow'],
  ['profile (custom)', [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['p']}), profile('p', {ingress: [{action: 'Log'}, allowTcp(8080)]})], {}, 'profile:p:ingress[1]:Allow', 'allow'],
  ['profile-missing', [hep('eth0-hep', {interfaceName: 'eth0', profiles: ['gone']})], {}, 'profile-missing:gone', 'deny'],
  ['default-deny', [ETH0], {}, 'default-deny', 'deny'],
  ['failsafe-in', [ETH0], {dstPort: 22}, 'failsafe-in:tcp:22', 'allow'],
  ['failsafe-in with a net', [ETH0, felix('default', {failsafeInboundHostPorts: [{protocol: 'TCP', port: 22, net: '192.168.0.0/16'}]})], {dstPort: 22}, 'failsafe-in:tcp:192.168.0.0/16:22', 'allow'],
  ['failsafe-out', [ETH0], {...out, protocol: 'UDP', dstPort: 53}, 'failsafe-out:udp:53', 'allow'],
  ['forward-default-allow', [ETH0], {direction: 'forward-in', dst: '10.9.9.9'}, 'forward-default-allow', 'allow'],
  ['not-policed:host-to-local-workload', [ETH0], {direction: 'host-to-workload'}, 'not-policed:host-to-local-workload', 'allow'],
  ['not-policed:interface-without-active-hep', [ETH0], {hep: undefined, node: 'n1', interface: 'eth7'}, 'not-policed:interface-without-active-hep', 'allow'],
  ['endpoint-to-host-action', [ETH0, felix('default', {defaultEndpointToHostAction: 'Return'})], {direction: 'workload-to-host'}, 'endpoint-to-host-action:Return', 'allow'],
  ['conntrack', [ETH0], {established: true}, 'conntrack', 'allow'],
  ['untracked-reply-not-allowed', [ETH0], {untrackedReply: true}, 'untracked-reply-not-allowed', 'deny'],
]

describe('decidedBy vocabulary: one unit test per kind', () => {
  it.each(rows)('%s', (_kind, resources, packet, decidedBy, verdict) => {
    const r = run(resources, packet)
    expect(r.decidedBy).toBe(decidedBy)
    expect(r.verdict).toBe(verdict)
    const last = r.steps[r.steps.length - 1]
    expect(last).toMatchObject({stage: 'final', kind: 'verdict', outcome: verdict})
  })
})
