import {describe, expect, it} from 'vitest'

import {describeEndpoint} from '../../src/policy/describe.js'
import {buildModel} from '../../src/policy/model.js'
import {allowTcp, felix, gnp, hep, np, profile, sgnp, tier} from './helpers.js'

describe('describeEndpoint', () => {
  const resources = [
    hep('web', {interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['p1', 'projectcalico-default-allow']}, {role: 'web'}),
    profile('p1', {labelsToApply: {team: 'a', role: 'ignored'}}),
    tier('security', {order: 10}),
    gnp('ssh', {tier: 'security', order: 1, selector: 'team == "a"', ingress: [allowTcp(22), {action: 'Pass'}]}),
    gnp('web-in', {selector: 'role == "web"', ingress: [allowTcp(443, {source: {nets: ['0.0.0.0/0']}})]}),
    gnp('raw', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [{action: 'Allow', source: {nets: ['10.1.0.0/16']}}]}),
    gnp('fwd', {selector: 'all()', applyOnForward: true, types: ['Egress'], egress: [{action: 'Deny', protocol: 'UDP'}]}),
    sgnp('trial', {selector: 'all()', ingress: [{action: 'Deny'}]}),
    felix('default', {failsafeInboundHostPorts: [{protocol: 'TCP', port: 22}]}),
  ]
  const d = describeEndpoint(buildModel(resources), 'web')!

  it('§2.7 gives own, inherited and effective labels (the endpoint value wins)', () => {
    expect(d.labels.own).toEqual({role: 'web'})
    expect(d.labels.inherited).toEqual([{key: 'team', value: 'a', profile: 'p1'}])
    expect(d.labels.effective).toEqual({role: 'web', team: 'a'})
    expect(d.profiles).toEqual([{name: 'p1', status: 'present'}, {name: 'projectcalico-default-allow', status: 'built-in'}])
  })
  it('§3.1 names the interface it governs', () => {
    expect(d.governs).toBe('interface eth0 on node n1')
  })
  it('§2.8 gives the failsafe ports in force and their source', () => {
    expect(d.failsafe.inbound).toEqual(['tcp:22'])
    expect(d.failsafe.source.inbound).toBe('FelixConfiguration default')
    expect(d.failsafe.outbound).toContain('udp:53')
    expect(d.failsafe.source.outbound).toBe("Felix's defaults")
  })
  it('§3.3 / §3.4 lists ingress stages, tiers and policies in evaluation order with one-line rules', () => {
    const ingress = d.directions.ingress
    expect(ingress.stages.map((s) => s.stage)).toEqual(['untracked', 'normal'])
    const normal = ingress.stages.find((s) => s.stage === 'normal')!
    expect(normal.tiers.map((t) => t.name)).toEqual(['security', 'default'])
    expect(normal.tiers[0].policies[0].rules.map((r) => r.summary)).toEqual(['Allow TCP to ports 22', 'Pass all'])
    // Both have no order: "trial/..." sorts before "web-in/...".
    expect(normal.tiers[1].policies.map((p) => p.name)).toEqual(['trial', 'web-in'])
    expect(normal.tiers[1].policies[0].staged).toBe(true)
    expect(normal.tiers[0].policies[0].rules[1].path).toEqual(['spec', 'ingress', 1])
    expect(ingress.otherwise).toBe('end of tier default (security): deny')
  })
  it('§3.4 an applyOnForward egress policy also governs host egress', () => {
    const egress = d.directions.egress
    expect(egress.stages.map((s) => [s.stage, s.tiers.map((t) => t.policies.map((p) => p.name))])).toEqual([['normal', [['fwd']]]])
    expect(egress.otherwise).toBe('end of tier default (default): deny')
  })
  it('§7.1 a direction with no governing policy falls to the profiles', () => {
    const m = buildModel([hep('x', {interfaceName: 'eth1', profiles: ['projectcalico-default-allow']}), gnp('in-only', {selector: 'all()', ingress: [allowTcp(22)]})])
    const x = describeEndpoint(m, 'x')!
    expect(x.directions.egress.stages).toEqual([])
    expect(x.directions.egress.otherwise).toBe('profile projectcalico-default-allow: allow')
    expect(x.directions.ingress.otherwise).toBe('end of tier default (default): deny')
  })
  it('§3.5 forwarded: applyOnForward egress only, ingress falls through (inference)', () => {
    expect(d.directions.forwardEgress.stages.map((s) => s.stage)).toEqual(['forward'])
    expect(d.directions.forwardEgress.otherwise).toBe('end of tier default (default): deny')
    expect(d.directions.forwardIngress.otherwise).toMatch(/FORWARD rules \(inference\)/)
  })
  it('§2.6 notes that NetworkPolicies never select a host endpoint, and names policies whose selector does not parse', () => {
    const m = buildModel([hep('x', {interfaceName: 'eth1'}), np('n', 'default', {selector: 'all()'}), gnp('bad', {selector: 'a =='})])
    const notes = describeEndpoint(m, 'x')!.notes
    expect(notes[0]).toMatch(/^1 NetworkPolicy in the input never selects? a host endpoint/)
    expect(notes[1]).toMatch(/^GlobalNetworkPolicy bad selects nothing: spec.selector: /)
  })
  it('§2.7 a missing profile is reported as deny', () => {
    const m = buildModel([hep('x', {interfaceName: 'eth1', profiles: ['nope']})])
    expect(describeEndpoint(m, 'x')!.directions.ingress.otherwise).toBe('profile nope (missing): deny')
    expect(describeEndpoint(m, 'absent')).toBeUndefined()
  })
  it('§3.7 a wildcard endpoint governs every unclaimed interface and ignores doNotTrack', () => {
    const m = buildModel([hep('w', {interfaceName: '*'}), gnp('raw', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [{action: 'Deny'}]})])
    const w = describeEndpoint(m, 'w')!
    expect(w.governs).toMatch(/every interface of node n1/)
    expect(w.directions.ingress.stages).toEqual([])
    expect(w.directions.ingress.notes).toContain('doNotTrack policy is ignored for a wildcard endpoint')
    expect(w.directions.ingress.otherwise).toBe('default deny')
  })
})
