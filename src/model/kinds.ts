/**
 * The kinds hepctl knows, one entry each, as calicoctl's resource manager keeps one per resource type: what the
 * manifest reader accepts (apiVersion, kind, the list kind), how it is scoped, where its schema is, and what
 * may be done with it. Validation adds each kind's checks in src/validation/kind-checks.ts, whose table the
 * compiler holds to this one.
 */
import {API_VERSION, KIND, LIST_KIND} from './hostendpoint.js'

export interface KindInfo {
  readonly apiVersion: string
  readonly kind: string
  /** The kind of a list of them (`get -o yaml` prints one; manifests may hold one). */
  readonly listKind: string
  /** Whether resources of the kind live in a namespace (else `metadata.namespace` is refused). */
  readonly namespaced: boolean
  /** `managed`: create, apply, replace and delete write it; `context`: only read, to inform checks. */
  readonly role: 'managed' | 'context'
  /**
   * Its JSON Schema: a file of schemas/ and the definition in it that validates one resource. `ruleChecked`:
   * the kind's Calico rules recheck every pattern, length and bound of the schema with better messages, so the
   * compiled validator leaves those keywords out (src/schema/schema-compile.ts); else the validator keeps them.
   */
  readonly schema: {readonly file: string; readonly definition: string; readonly ruleChecked: boolean}
}

export const HOST_ENDPOINT = {
  apiVersion: API_VERSION,
  kind: KIND,
  listKind: LIST_KIND,
  namespaced: false,
  role: 'managed',
  schema: {file: 'hostendpoint.schema.json', definition: 'HostEndpoint', ruleChecked: true},
} as const satisfies KindInfo

/**
 * A kind hepctl reads for context only (validate, trace, describe): its schema derived from Calico's CRD by
 * scripts/derive-schemas.mjs, as schemas/<kind in lower case>.schema.json.
 */
function contextKind<K extends string, F extends string>(kind: K, file: F, namespaced = false) {
  return {
    apiVersion: API_VERSION, kind, listKind: `${kind}List` as `${K}List`, namespaced, role: 'context',
    schema: {file, definition: kind, ruleChecked: false},
  } as const satisfies KindInfo
}

export const GLOBAL_NETWORK_POLICY = contextKind('GlobalNetworkPolicy', 'globalnetworkpolicy.schema.json')
export const STAGED_GLOBAL_NETWORK_POLICY = contextKind('StagedGlobalNetworkPolicy', 'stagedglobalnetworkpolicy.schema.json')
export const NETWORK_POLICY = contextKind('NetworkPolicy', 'networkpolicy.schema.json', true)
export const TIER = contextKind('Tier', 'tier.schema.json')
export const PROFILE = contextKind('Profile', 'profile.schema.json')
export const FELIX_CONFIGURATION = contextKind('FelixConfiguration', 'felixconfiguration.schema.json')
export const GLOBAL_NETWORK_SET = contextKind('GlobalNetworkSet', 'globalnetworkset.schema.json')

/** Every kind, in the order messages list them. */
export const KINDS = [
  HOST_ENDPOINT, GLOBAL_NETWORK_POLICY, STAGED_GLOBAL_NETWORK_POLICY, NETWORK_POLICY, TIER, PROFILE, FELIX_CONFIGURATION,
  GLOBAL_NETWORK_SET,
] as const satisfies readonly KindInfo[]

/** One entry of KINDS, with its kind name as a literal type. */
export type Kind = (typeof KINDS)[number]
export type KindName = Kind['kind']

const byKind = new Map<string, Kind>(KINDS.map(k => [k.kind, k]))
const byListKind = new Map<string, Kind>(KINDS.map(k => [k.listKind, k]))

/** The kind a resource says it is, when hepctl knows that apiVersion and kind. */
export function findKind(apiVersion: unknown, kind: unknown): Kind | undefined {
  const found = typeof kind === 'string' ? byKind.get(kind) : undefined
  return found !== undefined && found.apiVersion === apiVersion ? found : undefined
}

/** The kind whose list kind `kind` is (`HostEndpointList` gives HostEndpoint), whatever the apiVersion. */
export function findListKind(kind: unknown): Kind | undefined {
  return typeof kind === 'string' ? byListKind.get(kind) : undefined
}

/** The known kind `kind` names, whatever the apiVersion. */
export function kindNamed(kind: unknown): Kind | undefined {
  return typeof kind === 'string' ? byKind.get(kind) : undefined
}

/** The kinds of `role` (for messages: `hepctl apply` manages HostEndpoints only). */
export function kindsOf(role: KindInfo['role']): readonly Kind[] {
  return KINDS.filter(k => k.role === role)
}

/** The apiVersions of the known kinds (for messages). */
export const API_VERSIONS: readonly string[] = [...new Set(KINDS.map(k => k.apiVersion))]
