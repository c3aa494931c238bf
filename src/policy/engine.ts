/**
 * The policy engine: what Calico does to one packet crossing a host endpoint (reference §0, §3), with the
 * whole evaluation path. Pure: it reads a PolicyModel and a packet, and knows nothing of files or datastores.
 */
import {type FailsafeEntry, type Failsafes, failsafesFor, failsafeText, matchFailsafe} from './failsafe.js'
import {
  assumedDerivedProfile,
  DEFAULT_ALLOW_PROFILE,
  type EndpointInfo,
  type PolicyInfo,
  type PolicyModel,
  rulesOf,
  type TierInfo,
  compareTiers,
} from './model.js'
import {type Address, parseAddress} from './net.js'
import {matchRule, type PacketView, protocolNumber, SelectorMembers} from './rules.js'
import type {FieldPath, ResourceRef, RuleAction} from './types.js'

export type Direction = 'ingress' | 'egress' | 'forward-in' | 'forward-out' | 'workload-to-host' | 'host-to-workload'
export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress', 'forward-in', 'forward-out', 'workload-to-host', 'host-to-workload']

export interface Packet {
  direction: Direction
  /** TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a protocol number. */
  protocol: string | number
  src: string
  dst: string
  srcPort?: number
  dstPort?: number
  icmpType?: number
  icmpCode?: number
  /** The host endpoint by name, or node + interface (and the interface's addresses, for expectedIPs-only endpoints). */
  hep?: string
  node?: string
  interface?: string
  interfaceIPs?: string[]
  /** The packet is the reply of a connection whose first packet an untracked (doNotTrack) policy allowed. */
  untrackedReply?: boolean
  /** The packet belongs to an established connection that conntrack knows. */
  established?: boolean
}

export type Stage =
  | 'input'
  | 'endpoint'
  | 'failsafe'
  | 'untracked'
  | 'conntrack'
  | 'prednat'
  | 'normal'
  | 'forward'
  | 'profiles'
  | 'workload'
  | 'final'

export interface Step {
  stage: Stage
  /** What the step looked at: an endpoint choice, a tier, a policy, a rule, a profile, a verdict. */
  kind: 'note' | 'endpoint' | 'failsafe' | 'tier' | 'policy' | 'rule' | 'end-of-tier' | 'profile' | 'verdict'
  message: string
  resource?: ResourceRef
  path?: FieldPath
  /** For rules: whether it matched and its action; for tiers and policies: their outcome. */
  outcome?: 'match' | 'no-match' | 'allow' | 'deny' | 'pass' | 'log' | 'skip' | 'continue'
  /** Set when the step rests on something the reference marks as inference. */
  inference?: string
}

export type Verdict = 'allow' | 'deny'

export interface TraceResult {
  verdict: Verdict
  decidedBy: string
  packet: Packet
  endpoint?: {name: string; node: string; interfaceName: string; wildcard: boolean; why: string}
  /** The write path assumed for types defaulting, and anything else assumed. */
  assumptions: string[]
  steps: Step[]
}

export interface TraceOptions {
  /** When set, the failsafe lists in force (the caller may already have them). */
  failsafes?: Failsafes
}

type RuleDir = 'ingress' | 'egress'
type TierStage = 'untracked' | 'prednat' | 'normal' | 'forward'

export interface TierGroup {
  tier: TierInfo
  policies: PolicyInfo[]
  /** True when at least one policy in the group enforces (is not staged). */
  enforced: boolean
}

/** Whether a policy selects the endpoint (NetworkPolicy never does: its selector carries a namespace). */
export function policySelects(p: PolicyInfo, e: EndpointInfo): boolean {
  return p.selects !== undefined && p.selects(e.labels)
}

function inStage(p: PolicyInfo, stage: TierStage, dir: RuleDir): boolean {
  const governs = p.types.includes(dir === 'ingress' ? 'Ingress' : 'Egress')
  if (!governs) return false
  switch (stage) {
    case 'untracked':
      return p.doNotTrack
    case 'prednat':
      return p.preDNAT && dir === 'ingress'
    case 'normal':
      return !p.preDNAT && !p.doNotTrack
    case 'forward':
      return !p.preDNAT && !p.doNotTrack && p.applyOnForward
  }
}

/** The tiers with policies that select the endpoint for one stage and direction, in evaluation order (§3.3, §3.4). */
export function tierGroups(model: PolicyModel, e: EndpointInfo, stage: TierStage, dir: RuleDir): TierGroup[] {
  if (stage === 'untracked' && e.wildcard) return []
  const byTier = new Map<string, PolicyInfo[]>()
  for (const p of model.policies) {
    if (p.kind === 'NetworkPolicy' || !inStage(p, stage, dir) || !policySelects(p, e)) continue
    let list = byTier.get(p.tier)
    if (!list) byTier.set(p.tier, (list = []))
    list.push(p)
  }
  return [...byTier.entries()]
    .map(([name, policies]) => ({tier: model.tiers.get(name)!, policies, enforced: policies.some((p) => !p.staged)}))
    .sort((a, b) => compareTiers(a.tier, b.tier))
}

const decisionPrefix: Record<TierStage, string> = {untracked: 'untracked', prednat: 'prednat', normal: 'policy', forward: 'policy'}

interface Decision {
  verdict: Verdict
  decidedBy: string
}

class Tracer {
  readonly steps: Step[] = []
  readonly assumptions: string[] = []
  readonly members: SelectorMembers
  constructor(readonly model: PolicyModel) {
    this.members = membersOf(model)
  }
  step(s: Step): void {
    this.steps.push(s)
  }

  /** Runs the tiers of one stage; returns a decision, or undefined when the packet goes on. */
  runTiers(groups: TierGroup[], stage: TierStage, dir: RuleDir, pkt: PacketView): Decision | undefined {
    for (const g of groups) {
      const usesDefault = (stage === 'normal' || stage === 'forward') && g.enforced
      const tierAction = usesDefault ? g.tier.defaultAction : 'Pass'
      this.step({
        stage,
        kind: 'tier',
        message: `tier ${g.tier.name} (order ${fmtOrder(g.tier.order)}${g.tier.builtIn ? ', built in' : ''}): ${g.policies.length} polic${
          g.policies.length === 1 ? 'y selects' : 'ies select'
        } the endpoint for ${dir}; end of tier: ${tierAction === 'Pass' ? 'pass' : 'deny'}${
          !usesDefault && (stage === 'untracked' || stage === 'prednat') ? ` (${stage === 'untracked' ? 'untracked' : 'pre-DNAT'} tiers always pass)` : ''
        }${!g.enforced ? ' (only staged policies: no end-of-tier drop)' : ''}`,
        ...(g.tier.builtIn || !g.tier.exists ? {} : {resource: {kind: 'Tier', name: g.tier.name}}),
        ...(g.tier.exists ? {} : {inference: `tier ${g.tier.name} does not exist: Calico's client refuses such a policy; if one reached Felix, the tier sorts last and behaves as Deny (inference)`}),
      })
      let passed = false
      for (const p of g.policies) {
        if (p.staged) {
          this.step({stage, kind: 'policy', resource: p.ref, outcome: 'skip', message: `staged policy ${p.name} selects the endpoint but is never enforced`})
          continue
        }
        const result = this.runPolicy(p, stage, dir, pkt)
        if (result === 'pass') {
          passed = true
          break
        }
        if (result) return result
      }
      if (passed) continue
      if (tierAction === 'Deny') {
        this.step({stage, kind: 'end-of-tier', outcome: 'deny', message: `no policy in tier ${g.tier.name} decided: the tier's default action Deny drops the packet`})
        return {verdict: 'deny', decidedBy: `end-of-tier:${g.tier.name}`}
      }
      this.step({stage, kind: 'end-of-tier', outcome: 'pass', message: `no policy in tier ${g.tier.name} decided: the packet passes to the next tier`})
    }
    return undefined
  }

  runPolicy(p: PolicyInfo, stage: TierStage, dir: RuleDir, pkt: PacketView): Decision | 'pass' | undefined {
    const rules = rulesOf(p.spec, dir)
    this.step({
      stage,
      kind: 'policy',
      resource: p.ref,
      path: ['spec', dir],
      message: `policy ${p.tier}/${p.name} (order ${fmtOrder(p.order)}; types ${p.types.join(', ')}: ${p.typesSource}): ${rules.length} ${dir} rule${rules.length === 1 ? '' : 's'}`,
      ...(p.workloadScoped ? {inference: 'the policy has a namespaceSelector or serviceAccountSelector and selects this host endpoint only through pcns./pcsa. labels it carries or inherits (inference)'} : {}),
    })
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]
      const m = matchRule(rule, pkt, this.members)
      const path: FieldPath = ['spec', dir, i]
      if (!m.matched) {
        this.step({stage, kind: 'rule', resource: p.ref, path, outcome: 'no-match', message: `${dir}[${i}] ${rule.action}: no match: ${m.reason}`})
        continue
      }
      const action: RuleAction = rule.action
      if (!KNOWN_ACTIONS.has(action)) {
        this.step({stage, kind: 'rule', resource: p.ref, path, outcome: 'no-match', message: `${dir}[${i}] has no valid action (${JSON.stringify(action)}): Calico refuses such a rule; it is skipped`})
        continue
      }
      const base = {stage, kind: 'rule' as const, resource: p.ref, path, ...(m.inference ? {inference: m.inference} : {})}
      if (action === 'Log') {
        this.step({...base, outcome: 'log', message: `${dir}[${i}] Log: matches; the packet is logged and the next rule is tried`})
        continue
      }
      if (action === 'Pass') {
        this.step({...base, outcome: 'pass', message: `${dir}[${i}] Pass: matches; the rest of tier ${p.tier} is skipped`})
        return 'pass'
      }
      const verdict: Verdict = action === 'Allow' ? 'allow' : 'deny'
      this.step({...base, outcome: verdict, message: `${dir}[${i}] ${action}: matches`})
      return {verdict, decidedBy: `${decisionPrefix[stage]}:${p.tier}/${p.name}:${dir}[${i}]:${action}`}
    }
    this.step({stage, kind: 'policy', resource: p.ref, outcome: 'continue', message: `no rule of ${p.tier}/${p.name} matched: the next policy runs`})
    return undefined
  }

  runProfiles(e: EndpointInfo, dir: RuleDir, pkt: PacketView): Decision | undefined {
    if (e.profiles.length === 0) this.step({stage: 'profiles', kind: 'note', message: 'the endpoint has no profiles'})
    for (const name of e.profiles) {
      const profile = this.model.profiles.get(name)
      if (!profile && name === DEFAULT_ALLOW_PROFILE) {
        this.step({stage: 'profiles', kind: 'profile', outcome: 'allow', message: `profile ${name} (built in: one Allow ${dir} rule) allows the packet`})
        return {verdict: 'allow', decidedBy: `profile:${name}:${dir}[0]:Allow`}
      }
      if (assumedDerivedProfile(this.model, name)) {
        this.step({
          stage: 'profiles',
          kind: 'profile',
          outcome: 'allow',
          message: `profile ${name} is derived by Calico from a Kubernetes ${name.startsWith('kns.') ? 'namespace' : 'service account'} (allow-all) and is not in the input`,
          inference: `assumed to exist with one Allow ${dir} rule, as Calico derives it`,
        })
        return {verdict: 'allow', decidedBy: `profile:${name}:${dir}[0]:Allow`}
      }
      if (!profile) {
        this.step({stage: 'profiles', kind: 'profile', outcome: 'deny', path: ['spec', 'profiles', e.profiles.indexOf(name)], resource: e.ref, message: `profile ${name} does not exist: Felix renders a missing profile as deny-all`})
        return {verdict: 'deny', decidedBy: `profile-missing:${name}`}
      }
      const ref: ResourceRef = {kind: 'Profile', name}
      const rules = rulesOf(profile.spec, dir)
      this.step({stage: 'profiles', kind: 'profile', resource: ref, path: ['spec', dir], message: `profile ${name}: ${rules.length} ${dir} rule${rules.length === 1 ? '' : 's'}`})
      for (let i = 0; i < rules.length; i++) {
        const m = matchRule(rules[i], pkt, this.members)
        const path: FieldPath = ['spec', dir, i]
        const action = rules[i].action
        if (!KNOWN_ACTIONS.has(action)) {
          this.step({stage: 'profiles', kind: 'rule', resource: ref, path, outcome: 'no-match', message: `${dir}[${i}] has no valid action (${JSON.stringify(action)}): skipped`})
          continue
        }
        if (!m.matched) {
          this.step({stage: 'profiles', kind: 'rule', resource: ref, path, outcome: 'no-match', message: `${dir}[${i}] ${action}: no match: ${m.reason}`})
          continue
        }
        if (action === 'Log') {
          this.step({stage: 'profiles', kind: 'rule', resource: ref, path, outcome: 'log', message: `${dir}[${i}] Log: matches; next rule`})
          continue
        }
        if (action === 'Pass') {
          this.step({stage: 'profiles', kind: 'rule', resource: ref, path, outcome: 'pass', message: `${dir}[${i}] Pass: matches; the rest of profile ${name} is skipped and the next profile runs`, inference: 'Pass in a profile skips only that profile (inference from the chain layout)'})
          break
        }
        const verdict: Verdict = action === 'Allow' ? 'allow' : 'deny'
        this.step({stage: 'profiles', kind: 'rule', resource: ref, path, outcome: verdict, message: `${dir}[${i}] ${action}: matches`, ...(m.inference ? {inference: m.inference} : {})})
        return {verdict, decidedBy: `profile:${name}:${dir}[${i}]:${action}`}
      }
    }
    return undefined
  }
}

/**
 * The address index of a model's endpoints, built once per endpoint list (not once per trace): callers that
 * trace many packets, or trace through a model that shares the endpoints of another, pay for it once.
 */
const membersCache = new WeakMap<readonly EndpointInfo[], SelectorMembers>()
function membersOf(model: PolicyModel): SelectorMembers {
  let m = membersCache.get(model.endpoints)
  if (!m) membersCache.set(model.endpoints, (m = new SelectorMembers(model)))
  return m
}

/** The endpoints of each node, indexed once per endpoint list, in the model's (name) order. */
const byNodeCache = new WeakMap<readonly EndpointInfo[], Map<string, EndpointInfo[]>>()
function endpointsOnNode(model: PolicyModel, node: string): readonly EndpointInfo[] {
  let index = byNodeCache.get(model.endpoints)
  if (!index) {
    index = new Map()
    for (const e of model.endpoints) {
      const list = index.get(e.node)
      if (list) list.push(e)
      else index.set(e.node, [e])
    }
    byNodeCache.set(model.endpoints, index)
  }
  return index.get(node) ?? []
}

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(['Allow', 'Deny', 'Pass', 'Log'])

function fmtOrder(order: number): string {
  return Number.isFinite(order) ? String(order) : 'none'
}

/** Which endpoint governs the packet's interface (reference §3.1). */
export function resolveEndpoint(
  model: PolicyModel,
  pkt: Pick<Packet, 'hep' | 'node' | 'interface' | 'interfaceIPs'>,
): {endpoint?: EndpointInfo; why: string; steps: Step[]} {
  const steps: Step[] = []
  if (pkt.hep !== undefined) {
    const e = model.endpointByName.get(pkt.hep)
    if (!e) return {why: `no host endpoint named ${pkt.hep} is in the input`, steps}
    if (e.wildcard || e.interfaceName === '') {
      const why = e.wildcard
        ? `host endpoint ${e.name} (interfaceName "*") was named; it governs every interface of node ${e.node} that no named endpoint claims`
        : `host endpoint ${e.name} (no interfaceName) was named; it governs the interface that holds one of its expectedIPs`
      return {endpoint: e, why, steps}
    }
    const r = resolveEndpoint(model, {node: e.node, interface: e.interfaceName, interfaceIPs: pkt.interfaceIPs ?? e.resource.spec?.expectedIPs})
    if (r.endpoint && r.endpoint.name !== e.name) {
      steps.push({stage: 'endpoint', kind: 'endpoint', resource: e.ref, message: `host endpoint ${e.name} is not active on ${e.interfaceName}: ${r.endpoint.name} wins (the alphabetically first of the endpoints that claim it)`})
      return {endpoint: r.endpoint, why: r.why, steps}
    }
    return {endpoint: e, why: `host endpoint ${e.name} was named; it claims interface ${e.interfaceName} on node ${e.node}`, steps}
  }
  const node = pkt.node ?? ''
  const iface = pkt.interface ?? ''
  const ips = (pkt.interfaceIPs ?? []).map(parseAddress).filter((a): a is Address => a !== undefined)
  const onNode = endpointsOnNode(model, node)
  const candidates = onNode.filter(
    (e) =>
      !e.wildcard &&
      (e.interfaceName !== '' ? e.interfaceName === iface : e.expectedIPs.some((a) => ips.some((b) => a.family === b.family && a.value === b.value))),
  )
  if (candidates.length > 0) {
    const w = candidates[0]
    const how = w.interfaceName !== '' ? `its interfaceName is ${iface}` : `it has no interfaceName and one of its expectedIPs is on ${iface}`
    const others = candidates.slice(1).map((c) => c.name)
    return {
      endpoint: w,
      why: `host endpoint ${w.name} governs ${iface} on node ${node}: ${how}${others.length ? `; it is the alphabetically first of the candidates (${[w.name, ...others].join(', ')})` : ''}`,
      steps,
    }
  }
  const wild = onNode.filter((e) => e.wildcard)
  if (wild.length > 0) {
    return {
      endpoint: wild[0],
      why: `no named host endpoint claims ${iface} on node ${node}; the wildcard endpoint ${wild[0].name} (interfaceName "*") covers it${wild.length > 1 ? ` (the alphabetically first of ${wild.map((w) => w.name).join(', ')})` : ''}`,
      steps,
    }
  }
  return {why: `no host endpoint on node ${node} claims interface ${iface}, and there is no wildcard endpoint`, steps}
}

function packetView(pkt: Packet): PacketView | string {
  const src = parseAddress(pkt.src)
  const dst = parseAddress(pkt.dst)
  if (!src) return `source ${JSON.stringify(pkt.src)} is not an IP address`
  if (!dst) return `destination ${JSON.stringify(pkt.dst)} is not an IP address`
  if (src.family !== dst.family) return 'source and destination are of different IP families'
  const protocol = protocolNumber(pkt.protocol)
  if (Number.isNaN(protocol) || protocol < 0 || protocol > 255) return `protocol ${JSON.stringify(pkt.protocol)} is not known`
  return {protocol, src, dst, srcPort: pkt.srcPort, dstPort: pkt.dstPort, icmpType: pkt.icmpType, icmpCode: pkt.icmpCode}
}

/** Thrown for a packet the engine cannot read (not an IP, unknown protocol). */
export class PacketError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PacketError'
  }
}

const ENDPOINT_TO_HOST: Record<string, 'Drop' | 'Accept' | 'Return'> = {drop: 'Drop', accept: 'Accept', return: 'Return'}

/** Traces one packet: the verdict, what decided it, and every step on the way (reference §0, §3.6). */
export function trace(model: PolicyModel, packet: Packet, options: TraceOptions = {}): TraceResult {
  const view = packetView(packet)
  if (typeof view === 'string') throw new PacketError(view)
  const t = new Tracer(model)
  t.assumptions.push(
    model.writePath === 'calico-api'
      ? 'policies were written through the Calico API (calicoctl, the API server), which defaults empty types'
      : 'policies were written straight to the CRD (e.g. kubectl to crd.projectcalico.org/v1): empty types govern both directions',
  )
  t.assumptions.push('only host endpoints and global network sets in the input are known to rule selectors; workloads are not modelled')
  const done = (d: Decision, endpoint?: TraceResult['endpoint']): TraceResult => {
    t.step({stage: 'final', kind: 'verdict', outcome: d.verdict, message: `${d.verdict === 'allow' ? 'allowed' : 'denied'} by ${d.decidedBy}`})
    return {verdict: d.verdict, decidedBy: d.decidedBy, packet, ...(endpoint ? {endpoint} : {}), assumptions: t.assumptions, steps: t.steps}
  }

  if (packet.direction === 'host-to-workload') {
    t.step({stage: 'input', kind: 'note', message: 'traffic from a host to its own local workloads is never policed by host endpoint policy (nor by the workload\'s ingress policy)'})
    return done({verdict: 'allow', decidedBy: 'not-policed:host-to-local-workload'})
  }

  if (packet.hep !== undefined && !model.endpointByName.has(packet.hep)) throw new PacketError(`no host endpoint named ${JSON.stringify(packet.hep)} is in the input`)
  const r = resolveEndpoint(model, packet)
  t.steps.push(...r.steps)
  const e = r.endpoint
  if (packet.direction === 'workload-to-host') return workloadToHost(t, model, packet, view, e, done)
  if (!e) {
    t.step({stage: 'endpoint', kind: 'endpoint', message: `${r.why}: the interface is not policed`})
    return done({verdict: 'allow', decidedBy: 'not-policed:interface-without-active-hep'})
  }
  const endpoint = {name: e.name, node: e.node, interfaceName: e.interfaceName, wildcard: e.wildcard, why: r.why}
  t.step({stage: 'endpoint', kind: 'endpoint', resource: e.ref, message: r.why})
  if (e.inheritedLabels.length > 0) {
    t.step({stage: 'endpoint', kind: 'note', resource: e.ref, message: `labels inherited from profiles: ${e.inheritedLabels.map((l) => `${l.key}=${l.value} (${l.profile})`).join(', ')}`})
  }
  const fin = (d: Decision) => done(d, endpoint)
  const failsafes = options.failsafes ?? failsafesFor(model, e.node)
  const forward = packet.direction === 'forward-in' || packet.direction === 'forward-out'
  const dir: RuleDir = packet.direction === 'ingress' || packet.direction === 'forward-in' ? 'ingress' : 'egress'

  const untracked = packet.direction === 'forward-out' ? [] : tierGroups(model, e, 'untracked', dir)
  // 1. Failsafe: first in the untracked, pre-DNAT and normal chains, for host traffic only.
  if (forward) {
    t.step({stage: 'failsafe', kind: 'failsafe', message: 'failsafe ports do not apply to forwarded traffic'})
  } else {
    const d = checkFailsafe(t, failsafes, dir, view, untracked.length > 0)
    if (d) return fin(d)
  }
  // 2. Untracked stage (raw table): named endpoints only; only the incoming endpoint for forwarded traffic.
  if (e.wildcard && model.policies.some((p) => p.doNotTrack && policySelects(p, e))) {
    t.step({stage: 'untracked', kind: 'note', message: 'DoNotTrack policy is not supported for a HEP with interfaceName: *; Felix ignores it'})
  }
  if (packet.direction === 'forward-out') {
    t.step({stage: 'untracked', kind: 'note', message: 'untracked policy of the endpoint a forwarded packet leaves through does not apply (only the incoming endpoint\'s untracked ingress)'})
  }
  const u = t.runTiers(untracked, 'untracked', dir, view)
  if (u) return fin(u)
  if (packet.untrackedReply) {
    t.step({
      stage: 'untracked',
      kind: 'note',
      outcome: 'deny',
      message: 'the packet is the reply of an untracked connection and no untracked policy allows it: conntrack has no entry for the connection',
      inference: 'the reply is dropped as INVALID or by normal policy; the outcome is the same (inference)',
    })
    return fin({verdict: 'deny', decidedBy: 'untracked-reply-not-allowed'})
  }
  // 3. Conntrack: established and related packets are accepted in every tracked chain.
  if (packet.established) {
    t.step({stage: 'conntrack', kind: 'note', outcome: 'allow', message: 'the packet belongs to an established connection: conntrack accepts it before any tracked policy'})
    return fin({verdict: 'allow', decidedBy: 'conntrack'})
  }
  // 4. Pre-DNAT stage (mangle): packets arriving through the endpoint.
  if (dir === 'ingress') {
    const pre = t.runTiers(tierGroups(model, e, 'prednat', 'ingress'), 'prednat', 'ingress', view)
    if (pre) {
      if (pre.verdict === 'allow' && forward) {
        t.step({stage: 'prednat', kind: 'note', message: 'a pre-DNAT Allow skips the forward-ingress stage; the outgoing endpoint\'s applyOnForward egress policy still applies', inference: 'the forward-egress chain clears the accept mark first (inference from the chain order)'})
      }
      return fin(pre)
    }
  }
  // 5. Normal (host traffic) or forward stage (filter).
  if (forward) {
    noteOtherDirection(t, model, e, 'forward', dir)
    const groups = tierGroups(model, e, 'forward', dir)
    const d = t.runTiers(groups, 'forward', dir, view)
    if (d) return fin(d)
    const any = groups.length > 0 || tierGroups(model, e, 'forward', dir === 'ingress' ? 'egress' : 'ingress').length > 0
    if (!any) {
      t.step({stage: 'forward', kind: 'note', outcome: 'allow', message: 'the endpoint has no applyOnForward policy: forwarded traffic is allowed by default (normal policy and profiles never apply to it)'})
    } else if (groups.length === 0) {
      t.step({
        stage: 'forward',
        kind: 'note',
        outcome: 'allow',
        message: `the endpoint has applyOnForward policy only for the other direction: its forward ${dir} chain returns without a verdict`,
        inference: 'Calico neither accepts nor drops the packet; it continues into the host\'s other FORWARD rules, which the docs call allowed (inference)',
      })
    } else {
      t.step({stage: 'forward', kind: 'note', outcome: 'allow', message: 'every forward tier passed: the forward chain has no final drop and no profiles'})
    }
    return fin({verdict: 'allow', decidedBy: 'forward-default-allow'})
  }
  noteOtherDirection(t, model, e, 'normal', dir)
  const normal = tierGroups(model, e, 'normal', dir)
  if (normal.length === 0) t.step({stage: 'normal', kind: 'note', message: `no enforced policy selects the endpoint for ${dir}: the profiles decide`})
  const n = t.runTiers(normal, 'normal', dir, view)
  if (n) return fin(n)
  const p = t.runProfiles(e, dir, view)
  if (p) return fin(p)
  t.step({stage: 'final', kind: 'note', outcome: 'deny', message: 'no tier and no profile decided: the endpoint\'s final drop (default deny)'})
  return fin({verdict: 'deny', decidedBy: 'default-deny'})
}

/** Policies that select the endpoint but whose types leave this direction out: the usual surprise (§7.2). */
function noteOtherDirection(t: Tracer, model: PolicyModel, e: EndpointInfo, stage: 'normal' | 'forward', dir: RuleDir): void {
  const type = dir === 'ingress' ? 'Ingress' : 'Egress'
  for (const p of model.policies) {
    if (p.kind === 'NetworkPolicy' || p.staged || p.preDNAT || p.doNotTrack || p.types.includes(type)) continue
    if (stage === 'forward' && !p.applyOnForward) continue
    if (!policySelects(p, e)) continue
    t.step({stage, kind: 'policy', resource: p.ref, outcome: 'skip', message: `policy ${p.tier}/${p.name} selects the endpoint but does not govern ${dir}: types ${p.types.join(', ')} (${p.typesSource})`})
  }
}

function checkFailsafe(t: Tracer, f: Failsafes, dir: RuleDir, pkt: PacketView, hasUntracked: boolean): Decision | undefined {
  const list = dir === 'ingress' ? f.inbound : f.outbound
  const label = dir === 'ingress' ? 'failsafe-in' : 'failsafe-out'
  const where = list.source.kind === 'default' ? "Felix's defaults" : `FelixConfiguration ${list.source.resource.name}, ${String(list.source.path[1])}`
  if (list.refused) t.step({stage: 'failsafe', kind: 'note', message: list.refused})
  const peer = dir === 'ingress' ? pkt.src : pkt.dst
  const hit = matchFailsafe(list.entries, pkt.protocol, pkt.dstPort, peer)
  const ref = list.source.kind === 'resource' ? {resource: list.source.resource, path: list.source.path} : {}
  if (hit) {
    t.step({stage: 'failsafe', kind: 'failsafe', outcome: 'allow', ...ref, message: `${failsafeText(hit)} is an ${dir === 'ingress' ? 'inbound' : 'outbound'} failsafe port (${where}): accepted before any policy`})
    return {verdict: 'allow', decidedBy: `${label}:${failsafeText(hit)}`}
  }
  if (hasUntracked) {
    // In the raw table each failsafe chain also accepts the reply direction, by source port.
    const other = dir === 'ingress' ? f.outbound : f.inbound
    const reply = matchFailsafe(other.entries, pkt.protocol, pkt.srcPort, dir === 'ingress' ? pkt.src : pkt.dst)
    if (reply) {
      const otherLabel = dir === 'ingress' ? 'failsafe-out' : 'failsafe-in'
      t.step({stage: 'failsafe', kind: 'failsafe', outcome: 'allow', message: `source port ${pkt.srcPort} is the reply side of ${otherLabel} ${failsafeText(reply)}: the untracked (raw) chain accepts it so that failsafe connections are never half-untracked`})
      return {verdict: 'allow', decidedBy: `${otherLabel}:${failsafeText(reply)}`}
    }
  }
  const shown = list.entries.length === 0 ? 'none (the list is [])' : list.entries.map(failsafeText).join(', ')
  t.step({stage: 'failsafe', kind: 'failsafe', outcome: 'no-match', ...ref, message: `not a failsafe port; ${dir === 'ingress' ? 'inbound' : 'outbound'} failsafe ports (${where}): ${shown}`})
  return undefined
}

function workloadToHost(
  t: Tracer,
  model: PolicyModel,
  packet: Packet,
  view: PacketView,
  named: EndpointInfo | undefined,
  done: (d: Decision, endpoint?: TraceResult['endpoint']) => TraceResult,
): TraceResult {
  const node = packet.node ?? named?.node ?? ''
  t.step({stage: 'workload', kind: 'note', message: 'traffic from a local workload to its own host: the workload\'s egress policy (not modelled) and DefaultEndpointToHostAction decide; no host endpoint\'s normal policy applies'})
  const wild = model.endpoints.find((e) => e.node === node && e.wildcard)
  let endpoint: TraceResult['endpoint'] | undefined
  if (wild) {
    endpoint = {name: wild.name, node, interfaceName: '*', wildcard: true, why: `the wildcard endpoint ${wild.name}'s pre-DNAT policy also applies to packets from local workloads`}
    t.step({stage: 'endpoint', kind: 'endpoint', resource: wild.ref, message: endpoint.why})
    const pre = t.runTiers(tierGroups(model, wild, 'prednat', 'ingress'), 'prednat', 'ingress', view)
    if (pre && pre.verdict === 'deny') return done(pre, endpoint)
    if (pre) t.step({stage: 'prednat', kind: 'note', message: 'a pre-DNAT Allow cannot override DefaultEndpointToHostAction; it goes on to decide'})
  } else {
    t.step({stage: 'endpoint', kind: 'note', message: `node ${node} has no wildcard host endpoint: no pre-DNAT policy applies`})
  }
  // The node's own FelixConfiguration wins over default; the step cites the one that set the action.
  const fcName = [`node.${node}`, 'default'].find((n) => model.felixConfigurations.get(n)?.spec?.defaultEndpointToHostAction !== undefined)
  const fc = fcName === undefined ? undefined : model.felixConfigurations.get(fcName)?.spec?.defaultEndpointToHostAction
  const action = ENDPOINT_TO_HOST[String(fc ?? 'Drop').toLowerCase()] ?? 'Drop'
  const source = fc ? 'set in FelixConfiguration' : 'Felix\'s default'
  t.step({
    stage: 'workload',
    kind: 'note',
    ...(fcName === undefined ? {} : {resource: {kind: 'FelixConfiguration', name: fcName}, path: ['spec', 'defaultEndpointToHostAction']}),
    outcome: action === 'Drop' ? 'deny' : 'allow',
    message: `DefaultEndpointToHostAction is ${action} (${source})${action === 'Return' ? ': Calico returns the packet to the host\'s INPUT chain, whose own rules then decide' : ''}`,
  })
  return done({verdict: action === 'Drop' ? 'deny' : 'allow', decidedBy: `endpoint-to-host-action:${action}`}, endpoint)
}

export type {FailsafeEntry}
