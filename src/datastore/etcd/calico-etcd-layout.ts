import {API_VERSION, KIND, type EndpointPort, type HostEndpoint, type HostEndpointSpec, type ObjectMeta} from '../../model/hostendpoint.js'
import {isJsonObject} from '../../json/json-object.js'

/**
 * How Calico's etcdv3 backend lays out HostEndpoints (calicoctl reference §5.2), so that hepctl and
 * calicoctl/Felix read each other's data: one key per resource, the value the compact JSON of the v3
 * object in the field order Go's encoding/json gives the struct, without resourceVersion and selfLink.
 */

/** The prefix a list reads, with its trailing slash so that `/hostendpointsX` never matches. */
export const HOSTENDPOINT_PREFIX = '/calico/resources/v3/projectcalico.org/hostendpoints/'

export function hostEndpointKey(name: string): string {
  return HOSTENDPOINT_PREFIX + name
}

/** The name a key holds, or undefined for a key outside Calico's HostEndpoint layout (e.g. deeper paths). */
export function nameFromKey(key: string): string | undefined {
  if (!key.startsWith(HOSTENDPOINT_PREFIX)) return undefined
  const name = key.slice(HOSTENDPOINT_PREFIX.length)
  return name === '' || name.includes('/') ? undefined : name
}

/** ObjectMeta's JSON fields in the order of Go's struct; selfLink and resourceVersion are never stored. */
const METADATA_ORDER = [
  'name', 'generateName', 'namespace', 'uid', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
] as const

/** Whether Go's `omitempty` would drop this value. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return Object.keys(value).length === 0
  return false
}

function storedMetadata(meta: ObjectMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of METADATA_ORDER) {
    if (!isEmpty(meta[field])) out[field] = meta[field]
  }
  return out
}

function storedSpec(spec: HostEndpointSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (spec.node) out.node = spec.node
  if (spec.interfaceName) out.interfaceName = spec.interfaceName
  if (spec.expectedIPs?.length) out.expectedIPs = spec.expectedIPs
  if (spec.profiles?.length) out.profiles = spec.profiles
  if (spec.ports?.length) out.ports = spec.ports.map(p => ({name: p.name, protocol: p.protocol, port: p.port}))
  return out
}

/** The stored value: compact JSON, kind and apiVersion forced, no resourceVersion or selfLink. */
export function toCalicoStorage(object: HostEndpoint): string {
  return JSON.stringify({
    kind: KIND,
    apiVersion: API_VERSION,
    metadata: storedMetadata(object.metadata),
    spec: storedSpec(object.spec ?? {}),
  })
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isJsonObject(value)) return undefined
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v
  return Object.keys(out).length ? out : undefined
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const out = value.filter((v): v is string => typeof v === 'string')
  return out.length ? out : undefined
}

function ports(value: unknown): EndpointPort[] | undefined {
  if (!Array.isArray(value)) return undefined
  const out: EndpointPort[] = []
  for (const p of value) {
    if (!isJsonObject(p)) continue
    const protocol = typeof p.protocol === 'number' || typeof p.protocol === 'string' ? p.protocol : ''
    out.push({name: typeof p.name === 'string' ? p.name : '', protocol, port: typeof p.port === 'number' ? p.port : 0})
  }
  return out.length ? out : undefined
}

/**
 * Decode a stored value leniently, as Calico does: unknown fields are ignored, kind and apiVersion are
 * forced, the name falls back to the key's. `resourceVersion` is the key's mod revision.
 * Throws a SyntaxError when the value is not a JSON object.
 */
export function fromCalicoStorage(value: string, keyName: string, modRevision: string): HostEndpoint {
  const parsed: unknown = JSON.parse(value)
  if (!isJsonObject(parsed)) throw new SyntaxError('the stored value is not a JSON object')
  const rawMeta = isJsonObject(parsed.metadata) ? parsed.metadata : {}
  const rawSpec = isJsonObject(parsed.spec) ? parsed.spec : {}

  // Fields in ObjectMeta's order, resourceVersion at its place.
  const metadata: ObjectMeta = {name: typeof rawMeta.name === 'string' && rawMeta.name ? rawMeta.name : keyName}
  for (const field of ['generateName', 'namespace', 'uid'] as const) {
    if (typeof rawMeta[field] === 'string' && rawMeta[field]) metadata[field] = rawMeta[field]
  }
  metadata.resourceVersion = modRevision
  if (typeof rawMeta.creationTimestamp === 'string' && rawMeta.creationTimestamp) metadata.creationTimestamp = rawMeta.creationTimestamp
  const labels = stringMap(rawMeta.labels)
  if (labels) metadata.labels = labels
  const annotations = stringMap(rawMeta.annotations)
  if (annotations) metadata.annotations = annotations
  // Every other ObjectMeta field another writer stored is kept, so that an update writes it back.
  for (const field of ['generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences', 'finalizers', 'managedFields'] as const) {
    if (!isEmpty(rawMeta[field])) metadata[field] = rawMeta[field]
  }

  const spec: HostEndpointSpec = {}
  if (typeof rawSpec.node === 'string' && rawSpec.node) spec.node = rawSpec.node
  if (typeof rawSpec.interfaceName === 'string' && rawSpec.interfaceName) spec.interfaceName = rawSpec.interfaceName
  const expectedIPs = stringList(rawSpec.expectedIPs)
  if (expectedIPs) spec.expectedIPs = expectedIPs
  const profiles = stringList(rawSpec.profiles)
  if (profiles) spec.profiles = profiles
  const portList = ports(rawSpec.ports)
  if (portList) spec.ports = portList

  return {apiVersion: API_VERSION, kind: KIND, metadata, spec}
}
