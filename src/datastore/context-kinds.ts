/**
 * The policy context kinds as Calico stores them (host-policy reference §5), shared by the Kubernetes and
 * etcd readers: each kind's plural and scope, how a stored policy name maps back to its v3 name in each
 * Calico version, the static `projectcalico-default-allow` profile, and the manifest form every reader
 * returns. Pure.
 */
import {isJsonObject} from '../json/json-object.js'
import {setOwn} from '../json/own-property.js'
import type {PolicyResource, Profile} from '../policy/types.js'

export const CALICO_API_VERSION = 'projectcalico.org/v3'

export type ContextKindName = Exclude<PolicyResource['kind'], 'HostEndpoint'>

export interface StoredContextKind {
  readonly kind: ContextKindName
  /** The resource's plural: the CRD's (`<plural>.crd.projectcalico.org`) and the etcd key's segment. */
  readonly plural: string
  readonly namespaced: boolean
  /** A policy kind: its stored name may carry the `default.` tier prefix of v3.30 and v3.31. */
  readonly policy: boolean
}

/** The kinds Calico stores as objects of their own, in the order readers return them. */
export const STORED_CONTEXT_KINDS: readonly StoredContextKind[] = [
  {kind: 'Tier', plural: 'tiers', namespaced: false, policy: false},
  {kind: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies', namespaced: false, policy: true},
  {kind: 'StagedGlobalNetworkPolicy', plural: 'stagedglobalnetworkpolicies', namespaced: false, policy: true},
  {kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true, policy: true},
  {kind: 'GlobalNetworkSet', plural: 'globalnetworksets', namespaced: false, policy: false},
  {kind: 'FelixConfiguration', plural: 'felixconfigurations', namespaced: false, policy: false},
]

/** Profiles: stored objects in etcd; derived from Namespaces and ServiceAccounts in Kubernetes. */
export const PROFILE_KIND: StoredContextKind = {kind: 'Profile', plural: 'profiles', namespaced: false, policy: false}

export const DEFAULT_ALLOW_PROFILE_NAME = 'projectcalico-default-allow'

/** Calico's built-in profile (libcalico-go `resources/static.go`): allow everything in and out. Never stored. */
export function defaultAllowProfile(): Profile {
  return {
    apiVersion: CALICO_API_VERSION,
    kind: 'Profile',
    metadata: {name: DEFAULT_ALLOW_PROFILE_NAME},
    spec: {ingress: [{action: 'Allow'}], egress: [{action: 'Allow'}]},
  }
}

/**
 * The v3 name of a policy read back from storage. Calico v3.32 and later keep the v3 name in the
 * `projectcalico.org/metadata` annotation (`savedName`) and that wins. Without it, a stored name of a
 * default-tier policy (tier `default` or unset) written by v3.30 or v3.31 reads `default.<name>`: the
 * prefix is stripped, as Calico's reader does. Names in other tiers are kept (`<tier>.<name>` was the v3 name).
 */
export function policyName(storedName: string, spec: unknown, savedName: string | undefined): string {
  if (savedName) return savedName
  const tier = isJsonObject(spec) && typeof spec.tier === 'string' ? spec.tier : ''
  if ((tier === '' || tier === 'default') && storedName.startsWith('default.') && storedName.length > 'default.'.length) {
    return storedName.slice('default.'.length)
  }
  return storedName
}

/** The object as a manifest would hold it: apiVersion, kind, name (and namespace), labels, annotations, spec. */
export function manifestForm(
  kind: ContextKindName,
  meta: {name: string; namespace?: string; labels?: unknown; annotations?: unknown},
  spec: unknown,
): PolicyResource {
  const metadata: PolicyResource['metadata'] = {name: meta.name}
  if (meta.namespace) metadata.namespace = meta.namespace
  const labels = stringMap(meta.labels)
  if (labels) metadata.labels = labels
  const annotations = stringMap(meta.annotations)
  if (annotations) metadata.annotations = annotations
  const out = {apiVersion: CALICO_API_VERSION, kind, metadata} as PolicyResource
  if (isJsonObject(spec)) out.spec = spec as never
  return out
}

/** Readers' order: by kind (as in STORED_CONTEXT_KINDS, profiles last), then namespace, then name. */
export function sortContext(resources: PolicyResource[]): PolicyResource[] {
  const rank = new Map<string, number>([...STORED_CONTEXT_KINDS, PROFILE_KIND].map((k, i) => [k.kind, i]))
  const key = (r: PolicyResource) => `${r.metadata.namespace ?? ''}\u0000${r.metadata.name}`
  return resources.sort((a, b) => (rank.get(a.kind) ?? 99) - (rank.get(b.kind) ?? 99) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** The string entries of a JSON object, with keys sorted; undefined when there are none. */
export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isJsonObject(value)) return undefined
  const out: Record<string, string> = {}
  for (const key of Object.keys(value).sort()) {
    const v = value[key]
    if (typeof v === 'string') setOwn(out, key, v)
  }
  return Object.keys(out).length > 0 ? out : undefined
}
