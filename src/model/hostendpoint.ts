/**
 * The HostEndpoint resource (projectcalico.org/v3) as hepctl holds it in memory, in the form calicoctl
 * stores it: field names canonical, scalars already converted, unknown fields rejected.
 */
export const API_VERSION = 'projectcalico.org/v3'
export const KIND = 'HostEndpoint'
export const LIST_KIND = 'HostEndpointList'

export interface EndpointPort {
  name: string
  /** A number (6, 17, 132) or a name (TCP, UDP, SCTP), as Calico's numorstring.Protocol holds it. */
  protocol: number | string
  port: number
}

export interface HostEndpointSpec {
  node?: string
  interfaceName?: string
  expectedIPs?: string[]
  profiles?: string[]
  ports?: EndpointPort[]
}

export interface ObjectMeta {
  name: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  creationTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** Other ObjectMeta fields a manifest may carry; calicoctl ignores them on write. */
  [other: string]: unknown
}

export interface HostEndpoint {
  apiVersion: typeof API_VERSION
  kind: typeof KIND
  metadata: ObjectMeta
  spec: HostEndpointSpec
}

export interface HostEndpointList {
  apiVersion: typeof API_VERSION
  kind: typeof LIST_KIND
  metadata: {resourceVersion?: string}
  items: HostEndpoint[]
}

/** The resource's names and short names as Calico's CRD declares them. */
export const RESOURCE_NAMES = ['hostendpoint', 'hostendpoints']
export const SHORT_NAMES = ['hep', 'heps']

/** The CLI names of the resource kind, matched case-insensitively (calicoctl's resource registry). */
export const KIND_ALIASES = [...RESOURCE_NAMES, ...SHORT_NAMES]

export function isKindAlias(arg: string): boolean {
  return KIND_ALIASES.includes(arg.toLowerCase())
}

/** Orders HostEndpoints by name, as every datastore lists them. */
export function byName(a: HostEndpoint, b: HostEndpoint): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0
}

/** A non-empty string in `metadata[field]` of a value that may not be a valid HostEndpoint at all. */
export function metadataText(value: unknown, field: 'name' | 'namespace' | 'resourceVersion'): string | undefined {
  const metadata = typeof value === 'object' && value !== null ? (value as {metadata?: unknown}).metadata : undefined
  const text = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)[field] : undefined
  return typeof text === 'string' && text !== '' ? text : undefined
}
