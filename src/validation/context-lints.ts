/**
 * Lints that read the policies around a HostEndpoint: when the input holds context kinds (policies, profiles,
 * tiers, Felix settings, network sets) beside the endpoints, `validate` says what those policies do to each
 * endpoint instead of guessing from the endpoint alone. Pure: given the validated resources, it returns
 * positioned problems, each on the resource it is about, with the other resource involved named (with its
 * file, line and column) in the message.
 *
 * Built for many endpoints: the policy model is built once, the policies that select an endpoint are found once
 * per distinct label set, and each endpoint traces only the must-allow packets, through a model that holds
 * only the policies that select it.
 */
import type {ManifestResource, Position} from '../problem/source.js'
import {policySelects, tierGroups, trace, type Packet, type Step, type TraceResult} from '../policy/engine.js'
import {type Failsafes, failsafesFor, failsafeText, matchFailsafe} from '../policy/failsafe.js'
import {assumedDerivedProfile, buildModel, DEFAULT_ALLOW_PROFILE, type EndpointInfo, type PolicyInfo, type PolicyModel, rulesOf, selectorTree} from '../policy/model.js'
import {parseAddress} from '../policy/net.js'
import {protocolNumber} from '../policy/rules.js'
import {compileTree, type Matcher} from '../policy/selector/index.js'
import type {EntityRule, PolicyResource, ResourceRef, Rule} from '../policy/types.js'
import {formatPath} from '../problem/path-text.js'
import type {PathSegment, Problem, ProblemCode, Severity} from '../problem/problem.js'
import type {ValidatedResource} from './validate-resources.js'

export interface MustAllow {
  direction: 'ingress' | 'egress'
  protocol: 'tcp' | 'udp' | 'sctp'
  port: number
}

export const DEFAULT_MUST_ALLOW: readonly MustAllow[] = [
  {direction: 'ingress', protocol: 'tcp', port: 22},
  {direction: 'ingress', protocol: 'tcp', port: 6443},
]

/** Reads `ingress:tcp:22,egress:udp:53`; throws an Error that says what is wrong. */
export function parseMustAllow(text: string): MustAllow[] {
  const out: MustAllow[] = []
  for (const item of text.split(',').map(s => s.trim()).filter(s => s !== '')) {
    const m = /^(ingress|egress):(tcp|udp|sctp):(\d{1,5})$/i.exec(item)
    const port = m ? Number(m[3]) : NaN
    if (!m || port < 1 || port > 65535) {
      throw new Error(`--must-allow: ${JSON.stringify(item)} is not DIRECTION:PROTOCOL:PORT (direction ingress or egress, protocol tcp, udp or sctp, port 1 to 65535), e.g. ingress:tcp:22`)
    }
    out.push({direction: m[1].toLowerCase() as MustAllow['direction'], protocol: m[2].toLowerCase() as MustAllow['protocol'], port})
  }
  if (out.length === 0) throw new Error('--must-allow: the list is empty; give at least one DIRECTION:PROTOCOL:PORT, e.g. ingress:tcp:22')
  return out
}

export interface ContextLintOptions {
  mustAllow?: readonly MustAllow[]
  strict?: boolean
  /** Also report the informational lints (unused-endpoint-port, staged-policy-changes-verdict). */
  infoLints?: boolean
  /**
   * Context read from the datastore that the input does not replace (the caller lays the input over the
   * stored objects). They inform the lints; problems are reported only on resources of the input.
   */
  stored?: readonly PolicyResource[]
  /** Where `stored` was read, for messages. */
  storedFrom?: string
  /** `stored` holds every profile Calico derives from Kubernetes (PolicyModel.derivedProfilesRead). */
  derivedProfilesRead?: boolean
}

export interface ContextProblem {
  /** The resource the problem is about (it goes into that resource's report entry). */
  target: ValidatedResource
  problem: Problem
}

/** The lints that judge an endpoint alone and that the context lints replace once policies are given. */
const REPLACED_BY_CONTEXT: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['no-allow-profile', 'no-expected-ips'])

/** True when the input holds at least one resource of a context kind. */
export function hasContext(validated: readonly ValidatedResource[], options: ContextLintOptions = {}): boolean {
  return (options.stored?.length ?? 0) > 0 || validated.some(v => v.kind.role === 'context')
}

/** Addresses used when an endpoint has none, and as the far end of must-allow packets (documentation ranges). */
const PLACEHOLDER = {4: '192.0.2.10', 6: '2001:db8::10'} as const
const EXTERNAL = {4: '203.0.113.10', 6: '2001:db8:ffff::10'} as const
const CLIENT_PORT = 40000

type Dir = 'ingress' | 'egress'
const DIRS: readonly Dir[] = ['ingress', 'egress']

interface RuleSide {
  owner: ResourceRef
  path: PathSegment[]
  rule: Rule
  side: EntityRule
  /** The side's own selector, compiled; undefined when it has none (or it has a namespaceSelector). */
  matcher?: Matcher
  namedPorts: {name: string; path: PathSegment[]}[]
}

class Lints {
  readonly out: ContextProblem[] = []
  private readonly byRef = new Map<string, ValidatedResource>()
  constructor(validated: readonly ValidatedResource[], private readonly strict: boolean, private readonly storedFrom?: string) {
    for (const v of validated) {
      if (v.name === undefined) continue
      const ns = v.kind.namespaced ? ((v.object as {metadata?: {namespace?: string}} | undefined)?.metadata?.namespace ?? 'default') : ''
      this.byRef.set(refKey(v.kind.kind, v.name, ns), v)
    }
  }

  resource(ref: ResourceRef): ValidatedResource | undefined {
    return this.byRef.get(refKey(ref.kind, ref.name, ref.namespace ?? ''))
  }

  /** `GlobalNetworkPolicy allow-ssh (policies.yaml:4:9, spec.ingress[0])`: a resource and place, for a message. */
  where(ref: ResourceRef, path: readonly PathSegment[] = []): string {
    const v = this.resource(ref)
    const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name
    const parts: string[] = []
    if (v?.source) {
      const at = locate(v.source, path)
      parts.push(`${v.source.origin.file}:${at.line}:${at.column}`)
    }
    else if (this.storedFrom !== undefined) parts.push(`stored in ${this.storedFrom}`)
    if (path.length > 0) parts.push(formatPath(path))
    return `${ref.kind} ${name}${parts.length ? ` (${parts.join(', ')})` : ''}`
  }

  /**
   * Reports a problem on `ref`'s resource, unless the code is disabled there or on one of the `related` resources
   * (the policy or endpoint the message names): either object's hepctl.io/disable annotation silences it.
   */
  add(ref: ResourceRef, code: ProblemCode, severity: Severity, path: PathSegment[], message: string, related: readonly ResourceRef[] = []): void {
    const target = this.resource(ref)
    if (!target) return
    if (target.disabled?.has(code) || related.some(r => this.resource(r)?.disabled?.has(code))) return
    const problem: Problem = {severity: this.strict ? 'error' : severity, code, message, path}
    if (target.source) {
      const at = locate(target.source, path)
      problem.file = target.source.origin.file
      problem.line = at.line
      problem.column = at.column
      problem.document = target.source.origin.document
    }
    if (target.name !== undefined) problem.resource = target.name
    this.out.push({target, problem})
  }
}

function refKey(kind: string, name: string, namespace: string): string {
  return `${kind}/${namespace}/${name}`
}

function locate(source: ManifestResource, path: readonly PathSegment[]): Position {
  // The nearest written ancestor of the path, when the path itself is absent (spec.expectedIPs not set).
  for (let n = path.length; n >= 0; n--) {
    try {
      return source.locate(path.slice(0, n), 'value')
    } catch {
      // Try the parent.
    }
  }
  return {line: source.origin.line, column: source.origin.column}
}

/** Label sets as a key: endpoints with the same labels are selected by the same policies. */
function labelKey(e: EndpointInfo): string {
  const parts: string[] = []
  for (const [k, v] of e.labels) parts.push(`${k}\u0000${v}`)
  return parts.sort().join('\u0001')
}

const isNamedPort = (p: number | string): p is string => typeof p === 'string' && !/^\d+(:\d+)?$/.test(p)
const hasPorts = (proto: number) => proto === 6 || proto === 17 || proto === 132

/** Every source and destination of every rule of the policies and profiles, with its selector compiled once. */
function ruleSides(model: PolicyModel): RuleSide[] {
  const out: RuleSide[] = []
  const collect = (owner: ResourceRef, spec: {ingress?: Rule[]; egress?: Rule[]} | undefined) => {
    for (const dir of DIRS) {
      rulesOf(spec, dir).forEach((rule, i) => {
        for (const which of ['source', 'destination'] as const) {
          const side = rule[which]
          if (!side) continue
          const path: PathSegment[] = ['spec', dir, i, which]
          let matcher: Matcher | undefined
          if (side.selector !== undefined && side.selector.trim() !== '' && (side.namespaceSelector ?? '').trim() === '') {
            const tree = selectorTree(side.selector).tree
            if (tree) matcher = compileTree(tree)
          }
          const namedPorts: RuleSide['namedPorts'] = []
          for (const field of ['ports', 'notPorts'] as const) {
            side[field]?.forEach((p, j) => {
              if (isNamedPort(p)) namedPorts.push({name: p, path: [...path, field, j]})
            })
          }
          out.push({owner, path, rule, side, matcher, namedPorts})
        }
      })
    }
  }
  for (const p of model.policies) collect(p.ref, p.spec)
  for (const [name, profile] of model.profiles) collect({kind: 'Profile', name}, profile.spec)
  return out
}

/** What the policies do to endpoints of one label set: found once per distinct set of labels. */
interface Selected {
  /** The policies that select the endpoint (any stage), in evaluation order. */
  policies: PolicyInfo[]
  /** Per direction (ingress, egress): the first policy of a tier that decides every packet before the profiles. */
  dead: (PolicyInfo | undefined)[]
  /** Per direction: the enforced policies that govern it, and whether one of them has an Allow rule. */
  governing: PolicyInfo[][]
  allows: boolean[]
  /** Per direction: whether a rule looks at the host's side of the packet (its address or a named port). */
  hostSideMatters: boolean[]
}

class Selection {
  private readonly cache = new Map<string, Selected>()
  constructor(private readonly model: PolicyModel) {}
  of(e: EndpointInfo): Selected {
    const key = labelKey(e)
    let s = this.cache.get(key)
    if (!s) {
      const policies = this.model.policies.filter(p => p.kind !== 'NetworkPolicy' && policySelects(p, e))
      const local: PolicyModel = {...this.model, policies}
      const governing = DIRS.map(dir => policies.filter(p => !p.staged && p.types.includes(dir === 'ingress' ? 'Ingress' : 'Egress')))
      s = {
        policies,
        dead: DIRS.map(dir => deadProfiles(local, e, dir)),
        governing,
        allows: DIRS.map((dir, i) => governing[i].some(p => rulesOf(p.spec, dir).some(r => r.action === 'Allow'))),
        hostSideMatters: DIRS.map(dir => policies.some(p => rulesOf(p.spec, dir).some(r => looksAtHost(r, dir)))),
      }
      this.cache.set(key, s)
    }
    return s
  }
}

/**
 * Whether a rule's verdict can depend on the host's own side of a must-allow packet (the destination of
 * ingress, the source of egress): anything but numeric ports there. The far side is the same address for
 * every endpoint.
 */
function looksAtHost(rule: Rule, dir: Dir): boolean {
  const side = dir === 'ingress' ? rule.destination : rule.source
  if (!side) return false
  return Object.entries(side).some(([key, value]) =>
    value !== undefined && !((key === 'ports' || key === 'notPorts') && Array.isArray(value) && !value.some(isNamedPort)))
}

function hostSideMatters(model: PolicyModel, e: EndpointInfo, selected: Selected, dir: Dir): boolean {
  return selected.hostSideMatters[dir === 'ingress' ? 0 : 1] ||
    e.profiles.some(name => rulesOf(model.profiles.get(name)?.spec, dir).some(r => looksAtHost(r, dir)))
}

/** The failsafe ports in force on each node, found once per node. */
class NodeFailsafes {
  private readonly cache = new Map<string, Failsafes>()
  constructor(private readonly model: PolicyModel) {}
  of(node: string): Failsafes {
    let f = this.cache.get(node)
    if (!f) this.cache.set(node, (f = failsafesFor(this.model, node)))
    return f
  }
}

/** Runs every context lint over the validated resources (valid ones only form the context). */
export function contextLints(validated: readonly ValidatedResource[], options: ContextLintOptions = {}): ContextProblem[] {
  const lints = new Lints(validated, options.strict === true, options.storedFrom)
  const resources = [...validated.filter(v => v.object !== undefined).map(contextObject), ...(options.stored ?? [])]
  const model = buildModel(resources, {derivedProfilesRead: options.derivedProfilesRead})
  const selection = new Selection(model)
  const mustAllow = options.mustAllow ?? DEFAULT_MUST_ALLOW
  const active = activeEndpoints(model, lints)
  const sides = ruleSides(model)
  const selectingAny = new Set<PolicyInfo>()

  const failsafes = new NodeFailsafes(model)
  const traces = new Map<string, TraceResult>()
  for (const e of model.endpoints) {
    const selected = selection.of(e)
    for (const p of selected.policies) selectingAny.add(p)
    if (!active.has(e)) continue
    const local: PolicyModel = {...model, policies: selected.policies}
    lockOut(lints, local, e, mustAllow, failsafes.of(e.node), (m, packet, run) => {
      // Endpoints alike in everything a trace of this packet reads share its result.
      const key = [
        labelKey(e), e.profiles.join(','), e.wildcard, model.felixConfigurations.has(`node.${e.node}`) ? e.node : '',
        m.direction, m.protocol, m.port, packet.src.includes(':') ? 6 : 4,
        hostSideMatters(model, e, selected, m.direction) ? (m.direction === 'ingress' ? packet.dst : packet.src) : '',
      ].join('\u0000')
      let r = traces.get(key)
      if (!r) traces.set(key, (r = run()))
      return r
    })
    defaultDeny(lints, local, e, selected, failsafes.of(e.node))
    profileNeverApplies(lints, e, selected.dead)
    missingProfiles(lints, model, e)
    if (e.wildcard) untrackedOnWildcard(lints, e, selected.policies)
  }
  selectedWithoutAddresses(lints, model, sides)
  namedPortNotFound(lints, model, sides, selectingAny)
  tierNotFound(lints, model)
  if (options.infoLints) {
    unusedEndpointPorts(lints, model, sides)
    stagedChangesVerdict(lints, model, selection, mustAllow)
  }
  return lints.out
}

/**
 * In context, drops the lints that judged an endpoint alone (no-allow-profile, no-expected-ips) and adds the
 * context lints to the resources they are about. A resource with an error loses its object, as validation does.
 */
export function applyContextLints(validated: readonly ValidatedResource[], options: ContextLintOptions = {}): void {
  if (!hasContext(validated, options)) return
  for (const v of validated) v.problems = v.problems.filter(p => !REPLACED_BY_CONTEXT.has(p.code))
  const touched = new Set<ValidatedResource>()
  for (const {target, problem} of contextLints(validated, options)) {
    target.problems.push(problem)
    touched.add(target)
  }
  for (const v of touched) {
    v.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    if (v.problems.some(p => p.severity === 'error')) delete v.object
  }
}

const FAILSAFE_FIELDS = ['failsafeInboundHostPorts', 'failsafeOutboundHostPorts'] as const

/**
 * The object the engine reads. Validation drops empty lists (HostEndpoint fields are omitempty), but in a
 * FelixConfiguration an empty failsafe list is a setting (it turns the failsafe ports off), so it is restored
 * from the source as written.
 */
export function contextObject(v: ValidatedResource): PolicyResource {
  const object = v.object as unknown as PolicyResource
  if (object.kind !== 'FelixConfiguration' || !v.source) return object
  const written = (v.source.value as {spec?: unknown}).spec
  if (written === null || typeof written !== 'object') return object
  let spec = object.spec
  for (const [key, value] of Object.entries(written)) {
    const field = FAILSAFE_FIELDS.find(f => f.toLowerCase() === key.toLowerCase())
    if (field && Array.isArray(value) && value.length === 0 && spec?.[field] === undefined) spec = {...spec, [field]: []}
  }
  return spec === object.spec ? object : {...object, spec}
}

/** Endpoints that govern an interface; the others (an interface claimed twice) are reported and skipped. */
function activeEndpoints(model: PolicyModel, lints: Lints): Set<EndpointInfo> {
  const active = new Set<EndpointInfo>()
  const claimed = new Map<string, EndpointInfo>()
  for (const e of model.endpoints) {
    if (e.wildcard || e.interfaceName === '') {
      active.add(e)
      continue
    }
    const key = `${e.node}\u0000${e.interfaceName}`
    const winner = claimed.get(key)
    if (!winner) {
      claimed.set(key, e)
      active.add(e)
      continue
    }
    lints.add(e.ref, 'interface-claimed-twice', 'warning', ['spec', 'interfaceName'],
      `interface ${e.interfaceName} of node ${e.node} is also claimed by ${lints.where(winner.ref, ['spec', 'interfaceName'])}; ` +
      `the alphabetically first endpoint (${winner.name}) governs it, so this endpoint and its policies do nothing. Remove one of them or give each its own interface`, [winner.ref])
  }
  return active
}

function addressFamily(packet: Packet): 4 | 6 {
  return packet.src.includes(':') ? 6 : 4
}

function packetFor(e: EndpointInfo, m: MustAllow): {packet: Packet; placeholder: boolean} {
  const own = e.expectedIPs[0]
  const family = own?.family ?? 4
  const hostAddress = own ? firstTextOf(e, family) : PLACEHOLDER[family]
  const far = EXTERNAL[family]
  const packet: Packet = m.direction === 'ingress'
    ? {direction: 'ingress', protocol: m.protocol, src: far, dst: hostAddress, srcPort: CLIENT_PORT, dstPort: m.port, hep: e.name}
    : {direction: 'egress', protocol: m.protocol, src: hostAddress, dst: far, srcPort: CLIENT_PORT, dstPort: m.port, hep: e.name}
  return {packet, placeholder: !own}
}

/** The text of the endpoint's first expectedIP that parses (the one the engine read first). */
function firstTextOf(e: EndpointInfo, family: 4 | 6): string {
  for (const text of e.resource.spec?.expectedIPs ?? []) if (text.includes(':') === (family === 6)) return text
  return PLACEHOLDER[family]
}

/** The last step that names a resource other than the endpoint: the policy, rule, profile or tier that decided. */
function decidingStep(r: TraceResult): Step | undefined {
  for (let i = r.steps.length - 1; i >= 0; i--) {
    const s = r.steps[i]
    if (s.resource && s.resource.kind !== 'HostEndpoint' && s.stage !== 'failsafe') return s
  }
  return undefined
}

type TraceOnce = (m: MustAllow, packet: Packet, run: () => TraceResult) => TraceResult

function lockOut(lints: Lints, local: PolicyModel, e: EndpointInfo, mustAllow: readonly MustAllow[], failsafes: Failsafes, once: TraceOnce): void {
  for (const m of mustAllow) {
    const {packet, placeholder} = packetFor(e, m)
    // A failsafe port is accepted before any policy (the engine's first step): no need to trace it.
    const list = m.direction === 'ingress' ? failsafes.inbound : failsafes.outbound
    if (matchFailsafe(list.entries, protocolNumber(m.protocol), m.port, parseAddress(EXTERNAL[addressFamily(packet)]))) continue
    const r = once(m, packet, () => trace(local, packet, {failsafes}))
    if (r.verdict !== 'deny') continue
    const what = `${m.direction} ${m.protocol.toUpperCase()} ${m.port} ${m.direction === 'ingress' ? `to ${packet.dst} from ${packet.src}` : `from ${packet.src} to ${packet.dst}`}`
    const notes: string[] = []
    if (placeholder) notes.push(`the endpoint has no expectedIPs, so ${m.direction === 'ingress' ? packet.dst : packet.src} stands in for its address`)
    const failsafe = r.steps.find(s => s.stage === 'failsafe' && s.resource)
    if (failsafe) notes.push(`failsafe ports set by ${lints.where(failsafe.resource!, failsafe.path ?? [])}: ${failsafe.message.replace(/^.*\): /, '')}`)
    const step = decidingStep(r)
    if (step) notes.push(`deciding step: ${step.message}, in ${lints.where(step.resource!, step.path ?? (step.kind === 'policy' ? ['spec', m.direction] : []))}`)
    lints.add(e.ref, 'lock-out', 'error', ['metadata', 'name'],
      `${what} would be denied (${r.decidedBy}), but the host must keep it (--must-allow)` +
      `${notes.length ? `; ${notes.join('; ')}` : ''}. Allow it in a policy that selects this endpoint, or keep it in the failsafe ports`)
  }
}

/**
 * Whether the endpoint's profiles are never reached in `dir`: a tier whose end is Deny governs the endpoint
 * there and none of its policies has a Pass rule, so every packet is decided before the profiles. Returns
 * that tier's first policy (for the message), or undefined when the profiles can be reached.
 */
function deadProfiles(local: PolicyModel, e: EndpointInfo, dir: Dir): PolicyInfo | undefined {
  for (const g of tierGroups(local, e, 'normal', dir)) {
    if (!g.enforced || g.tier.defaultAction !== 'Deny') continue
    const enforced = g.policies.filter(p => !p.staged)
    if (enforced.some(p => rulesOf(p.spec, dir).some(r => r.action === 'Pass'))) continue
    return enforced[0]
  }
  return undefined
}

function profileAllows(model: PolicyModel, name: string, dir: Dir): boolean {
  const profile = model.profiles.get(name)
  if (!profile) return name === DEFAULT_ALLOW_PROFILE || assumedDerivedProfile(model, name)
  return rulesOf(profile.spec, dir).some(r => r.action === 'Allow')
}

function defaultDeny(lints: Lints, local: PolicyModel, e: EndpointInfo, selected: Selected, failsafes: Failsafes): void {
  const {dead} = selected
  DIRS.forEach((dir, i) => {
    if (selected.allows[i]) return
    const governing = selected.governing[i]
    const profilesReached = dead[i] === undefined
    if (profilesReached && e.profiles.some(name => profileAllows(local, name, dir))) return
    const list = dir === 'ingress' ? failsafes.inbound : failsafes.outbound
    const open = list.entries.length === 0
      ? `nothing is open: the ${dir === 'ingress' ? 'inbound' : 'outbound'} failsafe list is empty`
      : `only the ${dir === 'ingress' ? 'inbound' : 'outbound'} failsafe ports are open (${list.entries.map(failsafeText).join(', ')})`
    const policies = governing.length === 0
      ? `no policy selects it for ${dir}`
      : `no policy that selects it for ${dir} has an Allow rule (${governing.slice(0, 3).map(p => lints.where(p.ref, ['spec', dir])).join('; ')}${governing.length > 3 ? `; and ${governing.length - 3} more` : ''})`
    const profiles = !profilesReached
      ? `its profiles are never reached (${lints.where(dead[i]!.ref)} ends in Deny)`
      : e.profiles.length === 0 ? 'it has no profile' : `none of its profiles (${e.profiles.join(', ')}) allows ${dir}`
    lints.add(e.ref, 'default-deny', 'warning', ['metadata', 'name'],
      `${dir} of this host endpoint is denied by default: ${policies}, and ${profiles}; ${open}. ` +
      `Allow the traffic the host needs in a policy, or add ${DEFAULT_ALLOW_PROFILE} to spec.profiles`)
  })
}

function profileNeverApplies(lints: Lints, e: EndpointInfo, dead: readonly (PolicyInfo | undefined)[]): void {
  if (e.profiles.length === 0 || dead.some(p => p === undefined)) return
  const [ingress, egress] = dead as PolicyInfo[]
  const tiers = ingress.tier === egress.tier ? `tier ${ingress.tier}` : `tiers ${ingress.tier} (ingress) and ${egress.tier} (egress)`
  lints.add(e.ref, 'profile-never-applies', 'warning', ['spec', 'profiles'],
    `the profiles ${e.profiles.join(', ')} never apply: ${tiers} decides every packet first, ending in Deny (${lints.where(ingress.ref)}` +
    `${egress !== ingress ? `; ${lints.where(egress.ref)}` : ''}). Allow the traffic in that tier, or end it with a Pass rule to reach the profiles`, [ingress.ref, egress.ref])
}

function missingProfiles(lints: Lints, model: PolicyModel, e: EndpointInfo): void {
  e.profiles.forEach((name, i) => {
    if (model.profiles.has(name) || name === DEFAULT_ALLOW_PROFILE || assumedDerivedProfile(model, name)) return
    const derived = name.startsWith('kns.') ? 'namespace' : name.startsWith('ksa.') ? 'service account' : undefined
    lints.add(e.ref, 'missing-profile', 'warning', ['spec', 'profiles', i], derived
      ? `profile ${name} is derived from a Kubernetes ${derived} that the cluster does not have: Felix renders a missing profile as deny-all. Create the ${derived}, or remove it from spec.profiles`
      : `profile ${name} is not in the input and is not built in: Felix renders a missing profile as deny-all. Add the Profile, or remove it from spec.profiles`)
  })
}

function untrackedOnWildcard(lints: Lints, e: EndpointInfo, selected: readonly PolicyInfo[]): void {
  for (const p of selected) {
    if (!p.doNotTrack || p.staged) continue
    lints.add(e.ref, 'untracked-on-wildcard', 'warning', ['spec', 'interfaceName'],
      `${lints.where(p.ref, ['spec', 'doNotTrack'])} is untracked (doNotTrack) and selects this endpoint, whose interfaceName is "*": ` +
      'Felix does not support untracked policy on a wildcard endpoint and ignores it there. Select named-interface endpoints instead', [p.ref])
  }
}

function selectedWithoutAddresses(lints: Lints, model: PolicyModel, sides: readonly RuleSide[]): void {
  const withSelector = sides.filter(s => s.matcher !== undefined)
  if (withSelector.length === 0) return
  for (const e of model.endpoints) {
    if (e.expectedIPs.length > 0) continue
    const hits = withSelector.filter(s => s.matcher!(e.labels))
    if (hits.length === 0) continue
    const first = hits[0]
    lints.add(e.ref, 'selected-without-addresses', 'warning', ['spec', 'expectedIPs'],
      `${formatPath(first.path)}.selector of ${lints.where(first.owner, [...first.path, 'selector'])} matches this endpoint's labels` +
      `${hits.length > 1 ? ` (as do ${hits.length - 1} other rule side${hits.length > 2 ? 's' : ''})` : ''}, but the endpoint has no expectedIPs: ` +
      'rule selectors see a host endpoint only through its expectedIPs, so the rule matches none of its traffic. List its addresses in spec.expectedIPs', hits.map(h => h.owner))
  }
}

function namedPortNotFound(lints: Lints, model: PolicyModel, sides: readonly RuleSide[], selectingAny: ReadonlySet<PolicyInfo>): void {
  const inUse = new Set<string>()
  for (const p of selectingAny) inUse.add(refKey(p.ref.kind, p.ref.name, p.ref.namespace ?? ''))
  for (const e of model.endpoints) for (const name of e.profiles) inUse.add(refKey('Profile', name, ''))
  for (const s of sides) {
    if (s.namedPorts.length === 0 || !inUse.has(refKey(s.owner.kind, s.owner.name, s.owner.namespace ?? ''))) continue
    if ((s.side.namespaceSelector ?? '').trim() !== '') continue
    const ruleProto = s.rule.protocol === undefined ? undefined : protocolNumber(s.rule.protocol)
    const candidates = s.matcher ? model.endpoints.filter(e => s.matcher!(e.labels)) : model.endpoints
    for (const np of s.namedPorts) {
      const found = candidates.some(e => e.ports.some(p => {
        if (p.name !== np.name) return false
        const proto = protocolNumber(p.protocol)
        return ruleProto !== undefined ? proto === ruleProto : hasPorts(proto)
      }))
      if (found) continue
      const proto = s.rule.protocol === undefined ? '' : ` with protocol ${s.rule.protocol}`
      const scope = s.matcher ? `selected by ${formatPath(s.path)}.selector` : 'in the input'
      lints.add(s.owner, 'named-port-not-found', 'warning', np.path,
        `named port ${np.name}${proto}: no host endpoint ${scope} defines it in spec.ports, so this part of the rule matches no port. ` +
        'Define the port on the endpoints, or use its number')
    }
  }
}

function tierNotFound(lints: Lints, model: PolicyModel): void {
  for (const p of model.policies) {
    if (model.tiers.get(p.tier)?.exists !== false) continue
    lints.add(p.ref, 'tier-not-found', 'warning', ['spec', 'tier'],
      `tier ${p.tier} is not in the input and is not built in (default, kube-admin, kube-baseline): Calico refuses a policy in a tier that does not exist. Add the Tier, or correct spec.tier`)
  }
}

function unusedEndpointPorts(lints: Lints, model: PolicyModel, sides: readonly RuleSide[]): void {
  const used = new Set<string>()
  for (const s of sides) for (const np of s.namedPorts) used.add(np.name)
  for (const e of model.endpoints) {
    e.ports.forEach((p, i) => {
      if (used.has(p.name)) return
      lints.add(e.ref, 'unused-endpoint-port', 'warning', ['spec', 'ports', i, 'name'],
        `named port ${p.name} (${p.protocol} ${p.port}) is not referred to by any rule of the policies and profiles in the input`)
    })
  }
}

/** The packets a staged policy's verdict is compared on: the must-allow ones, and the first port of each rule. */
function stagedPackets(p: PolicyInfo, mustAllow: readonly MustAllow[]): MustAllow[] {
  const out = [...mustAllow]
  for (const dir of DIRS) {
    for (const rule of rulesOf(p.spec, dir)) {
      const proto = String(rule.protocol ?? '').toLowerCase()
      const first = rule.destination?.ports?.find(x => typeof x === 'number' || /^\d+(:\d+)?$/.test(String(x)))
      if ((proto === 'tcp' || proto === 'udp' || proto === 'sctp') && first !== undefined) {
        out.push({direction: dir, protocol: proto, port: Number(String(first).split(':')[0])})
      }
    }
  }
  const seen = new Set<string>()
  return out.filter(m => !seen.has(`${m.direction}:${m.protocol}:${m.port}`) && Boolean(seen.add(`${m.direction}:${m.protocol}:${m.port}`)))
}

function stagedChangesVerdict(lints: Lints, model: PolicyModel, selection: Selection, mustAllow: readonly MustAllow[]): void {
  for (const staged of model.policies) {
    if (!staged.staged) continue
    const packets = stagedPackets(staged, mustAllow)
    for (const e of model.endpoints) {
      const selected = selection.of(e).policies
      if (!selected.includes(staged)) continue
      const now: PolicyModel = {...model, policies: selected}
      const enforced: PolicyModel = {...model, policies: selected.map(p => (p === staged ? {...p, staged: false} : p))}
      for (const m of packets) {
        const {packet} = packetFor(e, m)
        const before = trace(now, packet)
        const after = trace(enforced, packet)
        if (before.verdict === after.verdict) continue
        lints.add(staged.ref, 'staged-policy-changes-verdict', 'warning', ['metadata', 'name'],
          `once enforced, this staged policy changes ${m.direction} ${m.protocol.toUpperCase()} ${m.port} of ${lints.where(e.ref)} from ${before.verdict} ` +
          `(${before.decidedBy}) to ${after.verdict} (${after.decidedBy})`, [e.ref])
        break
      }
    }
  }
}
