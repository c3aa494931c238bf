/**
 * The resources a trace or describe reads, indexed once: host endpoints with their effective labels, policies
 * with compiled selectors and resolved types, tiers in evaluation order, profiles, Felix settings, network sets.
 */
import {type Address, parseAddress} from './net.js'
import {
  compareBytes,
  compileTree,
  type LabelMap,
  type Matcher,
  parseSelectorTree,
  prefixTree,
  type SelectorNode,
} from './selector/index.js'
import type {
  EndpointPort,
  FelixConfiguration,
  GlobalNetworkSet,
  HostEndpoint,
  PolicyResource,
  PolicySpec,
  PolicyType,
  Profile,
  ResourceRef,
  Rule,
} from './types.js'

/** How policies reached the datastore: through the Calico API (types defaulted) or straight to the CRD. */
export type WritePath = 'calico-api' | 'crd'

export const DEFAULT_ALLOW_PROFILE = 'projectcalico-default-allow'
export const NAMESPACE_LABEL = 'projectcalico.org/namespace'
export const SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount'

export interface InheritedLabel {
  key: string
  value: string
  profile: string
}

export interface EndpointInfo {
  readonly resource: HostEndpoint
  readonly ref: ResourceRef
  readonly name: string
  readonly node: string
  /** '' when the endpoint has no interfaceName. */
  readonly interfaceName: string
  readonly wildcard: boolean
  readonly expectedIPs: readonly Address[]
  readonly ports: readonly EndpointPort[]
  readonly profiles: readonly string[]
  readonly ownLabels: Readonly<Record<string, string>>
  /** Profile labels that reach the endpoint (the endpoint's own value wins, then the first profile). */
  readonly inheritedLabels: readonly InheritedLabel[]
  readonly labels: LabelMap
}

export interface NetworkSetInfo {
  readonly ref: ResourceRef
  readonly labels: LabelMap
  readonly nets: readonly string[]
}

export type PolicyKind = 'GlobalNetworkPolicy' | 'StagedGlobalNetworkPolicy' | 'NetworkPolicy'

export interface PolicyInfo {
  readonly ref: ResourceRef & {kind: PolicyKind}
  readonly kind: PolicyKind
  readonly name: string
  readonly namespace: string
  readonly tier: string
  readonly order: number
  readonly spec: PolicySpec
  readonly types: readonly PolicyType[]
  /** Why `types` is what it is (written, or defaulted for the assumed write path). */
  readonly typesSource: string
  readonly staged: boolean
  readonly doNotTrack: boolean
  readonly preDNAT: boolean
  readonly applyOnForward: boolean
  /** Undefined when a selector does not parse; `selectorProblem` then says which. */
  readonly selects?: Matcher
  readonly selectorProblem?: string
  /** True when spec.namespaceSelector or serviceAccountSelector is set (a HEP is then selected only by inference). */
  readonly workloadScoped: boolean
  readonly sortKey: string
}

export interface TierInfo {
  readonly name: string
  readonly order: number
  readonly defaultAction: 'Deny' | 'Pass'
  /** False for a tier that policies name but that is neither in the input nor built in. */
  readonly exists: boolean
  readonly builtIn: boolean
}

export interface PolicyModel {
  readonly endpoints: readonly EndpointInfo[]
  readonly endpointByName: ReadonlyMap<string, EndpointInfo>
  readonly policies: readonly PolicyInfo[]
  readonly tiers: ReadonlyMap<string, TierInfo>
  readonly profiles: ReadonlyMap<string, Profile>
  readonly felixConfigurations: ReadonlyMap<string, FelixConfiguration>
  readonly networkSets: readonly NetworkSetInfo[]
  readonly writePath: WritePath
  /**
   * True when the resources came with the Namespaces and ServiceAccounts Calico derives `kns.` and `ksa.`
   * profiles from (a Kubernetes datastore): then such a profile that is absent does not exist. Otherwise one
   * is assumed to exist, as Calico would derive it in a cluster that has the namespace.
   */
  readonly derivedProfilesRead: boolean
}

/** Options of buildModel. */
export interface ModelOptions {
  writePath?: WritePath
  derivedProfilesRead?: boolean
}

/** Whether `name` is a profile Calico derives from Kubernetes that the model assumes without having read it. */
export function assumedDerivedProfile(model: PolicyModel, name: string): boolean {
  return !model.derivedProfilesRead && !model.profiles.has(name) && (name.startsWith('kns.') || name.startsWith('ksa.'))
}

export const BUILT_IN_TIERS: readonly TierInfo[] = [
  {name: 'default', order: 1_000_000, defaultAction: 'Deny', exists: true, builtIn: true},
  {name: 'kube-admin', order: 1_000, defaultAction: 'Pass', exists: true, builtIn: true},
  {name: 'kube-baseline', order: 10_000_000, defaultAction: 'Pass', exists: true, builtIn: true},
]

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({})

/** Parses a selector text into a tree, or returns the problem (the engine never throws on bad input). */
export function selectorTree(text: string | undefined): {tree?: SelectorNode; problem?: string} {
  try {
    return {tree: parseSelectorTree(text ?? '')}
  } catch (e) {
    return {problem: e instanceof Error ? e.message : String(e)}
  }
}

function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === ''
}

/** `types` as Felix sees it, for the assumed write path (reference §2.2 "Types defaulting"). */
export function resolveTypes(spec: PolicySpec, writePath: WritePath): {types: PolicyType[]; source: string} {
  if (spec.types && spec.types.length > 0) return {types: [...spec.types], source: 'written in spec.types'}
  const hasIngress = (spec.ingress?.length ?? 0) > 0
  const hasEgress = (spec.egress?.length ?? 0) > 0
  if (writePath === 'crd') {
    return {types: ['Ingress', 'Egress'], source: 'spec.types is empty and the policy was written straight to the CRD: Felix governs both directions'}
  }
  const types: PolicyType[] = !hasEgress ? ['Ingress'] : hasIngress ? ['Ingress', 'Egress'] : ['Egress']
  return {
    types,
    source: `spec.types is empty; the Calico API defaults it to [${types.join(', ')}] (${
      !hasEgress ? 'no egress rules' : hasIngress ? 'ingress and egress rules' : 'egress rules only'
    })`,
  }
}

function policyInfo(res: PolicyResource & {kind: PolicyKind}, writePath: WritePath): PolicyInfo {
  const spec: PolicySpec = res.spec ?? {}
  const name = res.metadata.name
  const namespace = res.kind === 'NetworkPolicy' ? (res.metadata.namespace ?? 'default') : ''
  const {types, source} = resolveTypes(spec, writePath)
  let selects: Matcher | undefined
  let problem: string | undefined
  const parts: SelectorNode[] = []
  const main = selectorTree(spec.selector)
  if (main.problem) problem = `spec.selector: ${main.problem}`
  else parts.push(main.tree!)
  if (!isBlank(spec.namespaceSelector)) {
    const ns = selectorTree(spec.namespaceSelector)
    if (ns.problem) problem ??= `spec.namespaceSelector: ${ns.problem}`
    else parts.push(prefixTree(ns.tree!, 'pcns.', NAMESPACE_LABEL))
  }
  if (!isBlank(spec.serviceAccountSelector)) {
    const sa = selectorTree(spec.serviceAccountSelector)
    if (sa.problem) problem ??= `spec.serviceAccountSelector: ${sa.problem}`
    else parts.push(prefixTree(sa.tree!, 'pcsa.', SERVICE_ACCOUNT_LABEL))
  }
  if (res.kind === 'NetworkPolicy') parts.push({type: 'eq', label: NAMESPACE_LABEL, value: namespace})
  if (!problem) selects = compileTree(parts.length === 1 ? parts[0] : {type: 'and', operands: parts})
  return {
    ref: {kind: res.kind, name, ...(res.kind === 'NetworkPolicy' ? {namespace} : {})},
    kind: res.kind,
    name,
    namespace,
    tier: spec.tier || 'default',
    order: typeof spec.order === 'number' ? spec.order : Infinity,
    spec,
    types,
    typesSource: source,
    staged: res.kind === 'StagedGlobalNetworkPolicy',
    doNotTrack: spec.doNotTrack === true,
    preDNAT: spec.preDNAT === true,
    applyOnForward: spec.applyOnForward === true,
    selects,
    selectorProblem: problem,
    workloadScoped: !isBlank(spec.namespaceSelector) || !isBlank(spec.serviceAccountSelector),
    sortKey: `${name}/${namespace}/${res.kind}`,
  }
}

function endpointInfo(res: HostEndpoint, profiles: ReadonlyMap<string, Profile>): EndpointInfo {
  const spec = res.spec ?? {}
  const own = res.metadata.labels ?? EMPTY_LABELS
  const labels = new Map<string, string>(Object.entries(own))
  const inherited: InheritedLabel[] = []
  for (const p of spec.profiles ?? []) {
    for (const [key, value] of Object.entries(profiles.get(p)?.spec?.labelsToApply ?? {})) {
      if (labels.has(key)) continue
      labels.set(key, value)
      inherited.push({key, value, profile: p})
    }
  }
  const ips: Address[] = []
  for (const text of spec.expectedIPs ?? []) {
    const a = parseAddress(text)
    if (a) ips.push(a)
  }
  return {
    resource: res,
    ref: {kind: 'HostEndpoint', name: res.metadata.name},
    name: res.metadata.name,
    node: spec.node ?? '',
    interfaceName: spec.interfaceName ?? '',
    wildcard: spec.interfaceName === '*',
    expectedIPs: ips,
    ports: spec.ports ?? [],
    profiles: spec.profiles ?? [],
    ownLabels: own,
    inheritedLabels: inherited,
    labels,
  }
}

/** Policies within a tier: order ascending (none = +Inf), then "<name>/<namespace>/<kind>" (reference §3.3). */
export function comparePolicies(a: PolicyInfo, b: PolicyInfo): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1
  return compareBytes(a.sortKey, b.sortKey)
}

/** Tiers: existing first, then order ascending (none last), then name (reference §3.3). */
export function compareTiers(a: TierInfo, b: TierInfo): number {
  if (a.exists !== b.exists) return a.exists ? -1 : 1
  if (a.order !== b.order) return a.order < b.order ? -1 : 1
  return compareBytes(a.name, b.name)
}

/** Indexes the resources; objects of other kinds are ignored. */
export function buildModel(resources: readonly PolicyResource[], options: ModelOptions = {}): PolicyModel {
  const writePath = options.writePath ?? 'calico-api'
  const profiles = new Map<string, Profile>()
  const felix = new Map<string, FelixConfiguration>()
  const tiers = new Map<string, TierInfo>(BUILT_IN_TIERS.map((t) => [t.name, t]))
  const heps: HostEndpoint[] = []
  const sets: GlobalNetworkSet[] = []
  const policies: PolicyInfo[] = []
  for (const r of resources) {
    switch (r.kind) {
      case 'Profile':
        profiles.set(r.metadata.name, r)
        break
      case 'FelixConfiguration':
        felix.set(r.metadata.name, r)
        break
      case 'Tier':
        tiers.set(r.metadata.name, {
          name: r.metadata.name,
          order: typeof r.spec?.order === 'number' ? r.spec.order : Infinity,
          defaultAction: r.spec?.defaultAction === 'Pass' ? 'Pass' : 'Deny',
          exists: true,
          builtIn: false,
        })
        break
      case 'HostEndpoint':
        heps.push(r)
        break
      case 'GlobalNetworkSet':
        sets.push(r)
        break
      case 'GlobalNetworkPolicy':
      case 'StagedGlobalNetworkPolicy':
      case 'NetworkPolicy':
        if (r.kind === 'StagedGlobalNetworkPolicy' && r.spec?.stagedAction === 'Delete') break
        policies.push(policyInfo(r, writePath))
        break
    }
  }
  for (const p of policies) {
    if (!tiers.has(p.tier)) tiers.set(p.tier, {name: p.tier, order: Infinity, defaultAction: 'Deny', exists: false, builtIn: false})
  }
  const endpoints = heps.map((h) => endpointInfo(h, profiles)).sort((a, b) => compareBytes(a.name, b.name))
  return {
    endpoints,
    endpointByName: new Map(endpoints.map((e) => [e.name, e])),
    policies: policies.sort(comparePolicies),
    tiers,
    profiles,
    felixConfigurations: felix,
    networkSets: sets.map((s) => ({
      ref: {kind: 'GlobalNetworkSet' as const, name: s.metadata.name},
      labels: new Map(Object.entries(s.metadata.labels ?? {})),
      nets: s.spec?.nets ?? [],
    })),
    writePath,
    derivedProfilesRead: options.derivedProfilesRead === true,
  }
}

/** The rules of a policy or profile for one direction. */
export function rulesOf(spec: {ingress?: Rule[]; egress?: Rule[]} | undefined, dir: 'ingress' | 'egress'): Rule[] {
  return (dir === 'ingress' ? spec?.ingress : spec?.egress) ?? []
}
