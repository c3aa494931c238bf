/**
 * What a host endpoint does, as data (for `hepctl describe hep NAME`): its labels, the interface it governs,
 * the failsafe ports in force, and per direction the tiers and policies that select it, in evaluation order,
 * with what happens to anything no rule matched.
 */
import {type Direction, policySelects, resolveEndpoint, type TierGroup, tierGroups} from './engine.js'
import {type Failsafes, failsafesFor, failsafeText} from './failsafe.js'
import {assumedDerivedProfile, DEFAULT_ALLOW_PROFILE, type InheritedLabel, type PolicyModel, rulesOf} from './model.js'
import type {EntityRule, FieldPath, ResourceRef, Rule, RuleAction} from './types.js'

export interface RuleLine {
  index: number
  path: FieldPath
  action: RuleAction
  /** The rule in one line, e.g. "Allow TCP from nets 10.0.0.0/8 to ports 22". */
  summary: string
}

export interface PolicyLine {
  resource: ResourceRef
  name: string
  tier: string
  order: number | null
  staged: boolean
  types: string[]
  typesSource: string
  rules: RuleLine[]
}

export interface TierLine {
  name: string
  order: number | null
  defaultAction: 'Deny' | 'Pass'
  /** What the end of this tier does in this stage: deny (the tier's default) or pass. */
  endOfTier: 'deny' | 'pass'
  policies: PolicyLine[]
}

export type StageName = 'untracked' | 'prednat' | 'normal' | 'forward'

export interface StageLine {
  stage: StageName
  tiers: TierLine[]
}

export interface DirectionLine {
  stages: StageLine[]
  /** What happens to a packet no rule matched, e.g. "end of tier default: deny" or "profile projectcalico-default-allow: allow". */
  otherwise: string
  notes: string[]
}

export interface ProfileLine {
  name: string
  status: 'present' | 'built-in' | 'derived-from-kubernetes' | 'missing'
}

export interface EndpointDescription {
  resource: ResourceRef
  name: string
  node: string
  interfaceName: string
  expectedIPs: string[]
  /** The interface(s) it governs, in words. */
  governs: string
  /** Set when another endpoint takes its interface. */
  shadowedBy?: string
  labels: {own: Record<string, string>; inherited: InheritedLabel[]; effective: Record<string, string>}
  profiles: ProfileLine[]
  failsafe: {inbound: string[]; outbound: string[]; source: {inbound: string; outbound: string}; notes: string[]}
  directions: {ingress: DirectionLine; egress: DirectionLine; forwardIngress: DirectionLine; forwardEgress: DirectionLine}
  /** Facts about the input that explain what is absent, e.g. NetworkPolicies, which never select a host endpoint. */
  notes: string[]
  assumptions: string[]
}

function entity(side: EntityRule | undefined): string {
  if (!side) return ''
  const parts: string[] = []
  if (side.selector) parts.push(`selector ${side.selector}`)
  if (side.notSelector) parts.push(`notSelector ${side.notSelector}`)
  if (side.namespaceSelector) parts.push(`namespaceSelector ${side.namespaceSelector}`)
  if (side.nets?.length) parts.push(`nets ${side.nets.join(',')}`)
  if (side.notNets?.length) parts.push(`notNets ${side.notNets.join(',')}`)
  if (side.ports?.length) parts.push(`ports ${side.ports.join(',')}`)
  if (side.notPorts?.length) parts.push(`notPorts ${side.notPorts.join(',')}`)
  if (side.serviceAccounts) parts.push('serviceAccounts')
  if (side.services) parts.push('services')
  return parts.join(' ')
}

/** A rule in one line. */
export function ruleSummary(rule: Rule): string {
  const parts: string[] = [rule.action]
  if (rule.protocol !== undefined) parts.push(String(rule.protocol))
  if (rule.notProtocol !== undefined) parts.push(`not ${rule.notProtocol}`)
  if (rule.ipVersion !== undefined) parts.push(`IPv${rule.ipVersion}`)
  if (rule.icmp) parts.push(`icmp type ${rule.icmp.type ?? 'any'} code ${rule.icmp.code ?? 'any'}`)
  if (rule.notICMP) parts.push(`not icmp type ${rule.notICMP.type ?? 'any'} code ${rule.notICMP.code ?? 'any'}`)
  const src = entity(rule.source)
  const dst = entity(rule.destination)
  if (src) parts.push(`from ${src}`)
  if (dst) parts.push(`to ${dst}`)
  if (!src && !dst && rule.protocol === undefined) parts.push('all')
  return parts.join(' ')
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null)

function tierLines(groups: TierGroup[], stage: StageName, dir: 'ingress' | 'egress'): TierLine[] {
  return groups.map((g) => ({
    name: g.tier.name,
    order: finite(g.tier.order),
    defaultAction: g.tier.defaultAction,
    endOfTier: (stage === 'normal' || stage === 'forward') && g.enforced && g.tier.defaultAction === 'Deny' ? 'deny' : 'pass',
    policies: g.policies.map((p) => ({
      resource: p.ref,
      name: p.name,
      tier: p.tier,
      order: finite(p.order),
      staged: p.staged,
      types: [...p.types],
      typesSource: p.typesSource,
      rules: rulesOf(p.spec, dir).map((r, i) => ({index: i, path: ['spec', dir, i], action: r.action, summary: ruleSummary(r)})),
    })),
  }))
}

function profileStatus(model: PolicyModel, name: string): ProfileLine['status'] {
  // Built in whether or not a reader lists it (the datastore readers do, as Calico serves it): never stored.
  if (name === DEFAULT_ALLOW_PROFILE) return 'built-in'
  if (model.profiles.has(name)) return 'present'
  if (assumedDerivedProfile(model, name)) return 'derived-from-kubernetes'
  return 'missing'
}

function hostOtherwise(model: PolicyModel, normal: TierLine[], profiles: ProfileLine[], dir: 'ingress' | 'egress'): string {
  const denying = normal.find((t) => t.endOfTier === 'deny')
  if (denying) return `end of tier default (${denying.name}): deny`
  for (const p of profiles) {
    if (p.status === 'missing') return `profile ${p.name} (missing): deny`
    if (p.status !== 'present') return `profile ${p.name}: allow`
    const rules = rulesOf(model.profiles.get(p.name)?.spec, dir)
    if (rules.length > 0) return `profile ${p.name} (${rules.length} rule${rules.length === 1 ? '' : 's'}: ${rules.map(ruleSummary).join('; ')}), then default deny`
  }
  return 'default deny'
}

/** Describes one host endpoint; undefined when no endpoint has that name. */
export function describeEndpoint(model: PolicyModel, name: string, options: {failsafes?: Failsafes} = {}): EndpointDescription | undefined {
  const e = model.endpointByName.get(name)
  if (!e) return undefined
  const resolved = resolveEndpoint(model, {hep: name})
  const shadowedBy = resolved.endpoint && resolved.endpoint.name !== name ? resolved.endpoint.name : undefined
  const governs = e.wildcard
    ? `every interface of node ${e.node} that no named host endpoint claims (and, for pre-DNAT and applyOnForward policy, local workload traffic)`
    : e.interfaceName
      ? `interface ${e.interfaceName} on node ${e.node}`
      : `the interface of node ${e.node} that holds one of its expectedIPs (${(e.resource.spec?.expectedIPs ?? []).join(', ') || 'none: inactive'})`
  const profiles = e.profiles.map((p) => ({name: p, status: profileStatus(model, p)}))
  const f = options.failsafes ?? failsafesFor(model, e.node)
  const src = (l: Failsafes['inbound']) => (l.source.kind === 'default' ? "Felix's defaults" : `FelixConfiguration ${l.source.resource.name}`)

  const host = (dir: 'ingress' | 'egress'): DirectionLine => {
    const notes: string[] = []
    if (e.wildcard && model.policies.some((p) => p.doNotTrack && policySelects(p, e))) notes.push('doNotTrack policy is ignored for a wildcard endpoint')
    const stages: StageLine[] = [{stage: 'untracked', tiers: tierLines(tierGroups(model, e, 'untracked', dir), 'untracked', dir)}]
    if (dir === 'ingress') stages.push({stage: 'prednat', tiers: tierLines(tierGroups(model, e, 'prednat', dir), 'prednat', dir)})
    const normal = tierLines(tierGroups(model, e, 'normal', dir), 'normal', dir)
    stages.push({stage: 'normal', tiers: normal})
    const filled = stages.filter((s) => s.tiers.length > 0)
    return {stages: filled, otherwise: hostOtherwise(model, normal, profiles, dir), notes}
  }
  const forward = (dir: 'ingress' | 'egress'): DirectionLine => {
    const stages: StageLine[] = []
    if (dir === 'ingress') {
      stages.push({stage: 'untracked', tiers: tierLines(tierGroups(model, e, 'untracked', dir), 'untracked', dir)})
      stages.push({stage: 'prednat', tiers: tierLines(tierGroups(model, e, 'prednat', dir), 'prednat', dir)})
    }
    const fwd = tierLines(tierGroups(model, e, 'forward', dir), 'forward', dir)
    stages.push({stage: 'forward', tiers: fwd})
    const other = tierGroups(model, e, 'forward', dir === 'ingress' ? 'egress' : 'ingress')
    const denying = fwd.find((t) => t.endOfTier === 'deny')
    const otherwise = denying
      ? `end of tier default (${denying.name}): deny`
      : fwd.length === 0 && other.length > 0
        ? 'no verdict from Calico: continues into the host\'s other FORWARD rules (inference)'
        : 'forward default: allow'
    return {stages: stages.filter((s) => s.tiers.length > 0), otherwise, notes: ['failsafe ports, normal policy and profiles do not apply to forwarded traffic']}
  }
  return {
    resource: e.ref,
    name: e.name,
    node: e.node,
    interfaceName: e.interfaceName,
    expectedIPs: [...(e.resource.spec?.expectedIPs ?? [])],
    governs,
    ...(shadowedBy ? {shadowedBy} : {}),
    labels: {own: {...e.ownLabels}, inherited: [...e.inheritedLabels], effective: Object.fromEntries(e.labels)},
    profiles,
    failsafe: {
      inbound: f.inbound.entries.map(failsafeText),
      outbound: f.outbound.entries.map(failsafeText),
      source: {inbound: src(f.inbound), outbound: src(f.outbound)},
      notes: [f.inbound.refused, f.outbound.refused].filter((x): x is string => !!x),
    },
    directions: {ingress: host('ingress'), egress: host('egress'), forwardIngress: forward('ingress'), forwardEgress: forward('egress')},
    notes: inputNotes(model),
    assumptions: [model.writePath === 'calico-api' ? 'policies were written through the Calico API (types defaulted)' : 'policies were written straight to the CRD (empty types govern both directions)'],
  }
}

function inputNotes(model: PolicyModel): string[] {
  const notes: string[] = []
  const nps = model.policies.filter((p) => p.kind === 'NetworkPolicy')
  if (nps.length > 0) notes.push(`${nps.length} NetworkPolic${nps.length === 1 ? 'y' : 'ies'} in the input never ${nps.length === 1 ? 'selects' : 'select'} a host endpoint (a NetworkPolicy's selector is limited to its namespace)`)
  const broken = model.policies.filter((p) => p.selectorProblem)
  for (const p of broken) notes.push(`${p.kind} ${p.name} selects nothing: ${p.selectorProblem}`)
  return notes
}

export type {Direction}
