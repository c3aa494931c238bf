/**
 * Calico's storage layout for HostEndpoints in the Kubernetes datastore (calicoctl reference §5.1): pure
 * conversions between the projectcalico.org/v3 object hepctl works with and the custom resource the API
 * server holds, in either `crd.projectcalico.org/v1` (Calico's default) or `projectcalico.org/v3` form.
 */
import {API_VERSION, KIND, type HostEndpoint, type ObjectMeta} from '../../model/hostendpoint.js'
import {isJsonObject} from '../../json/json-object.js'
import {setOwn} from '../../json/own-property.js'

/** The annotation that carries the v3 metadata of a `crd.projectcalico.org/v1` object. */
export const METADATA_ANNOTATION = 'projectcalico.org/metadata'

/** Which API group and version objects are stored under. */
export type StorageGroup = 'crd.projectcalico.org/v1' | 'projectcalico.org/v3'

/** A custom resource as the API server sends and receives it (only the parts hepctl reads). */
export interface StoredObject {
  apiVersion?: string
  kind?: string
  /** Kubernetes' ObjectMeta, as the API server holds it. */
  metadata: ObjectMeta
  spec?: Record<string, unknown>
  [other: string]: unknown
}

/**
 * ObjectMeta's fields in the order Go's encoding/json writes them, so the annotation reads exactly as Calico's
 * does. `creationTimestamp` has no omitempty in Go: a zero time is written as null.
 */
const GO_OBJECT_META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers',
  'managedFields',
]
const GO_OBJECT_META_FIELDS = new Set(GO_OBJECT_META_ORDER)

/** Fields blanked before the metadata is encoded into the annotation (the CR holds them itself). */
const BLANKED_IN_ANNOTATION = new Set(['name', 'namespace', 'resourceVersion', 'uid'])

/** Label and annotation keys Calico also copies to the CR's own metadata. */
export function isCalicoOwnedKey(key: string): boolean {
  return key.includes('projectcalico.org/') || key.includes('operator.tigera.io/')
}

/**
 * Calico's uid conversion between a v3 object and its custom resource: the bits of each byte of the UUID are
 * reversed, except bytes 6 and 8 (version and variant). Applying it twice gives the input back.
 * Returns undefined for an absent uid and the input unchanged when it is not a UUID.
 */
export function convertUid(uid: string | undefined): string | undefined {
  if (uid === undefined || uid === '') return undefined
  const hex = uid.replace(/-/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return uid
  const bytes = Buffer.from(hex, 'hex')
  for (let i = 0; i < bytes.length; i++) {
    if (i === 6 || i === 8) continue
    bytes[i] = reverseBits(bytes[i])
  }
  const out = bytes.toString('hex')
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`
}

function reverseBits(byte: number): number {
  let result = 0
  for (let bit = 0; bit < 8; bit++) result |= ((byte >> bit) & 1) << (7 - bit)
  return result
}

/** The custom resource to send for `object` (create or update). `object.metadata.resourceVersion` is kept. */
export function toCalicoStorage(object: HostEndpoint, group: StorageGroup): StoredObject {
  if (group === 'projectcalico.org/v3') return toV3Storage(object)
  const meta = object.metadata
  const stored: StoredObject['metadata'] = {name: meta.name}
  if (meta.resourceVersion) stored.resourceVersion = meta.resourceVersion
  const uid = convertUid(meta.uid)
  if (uid) stored.uid = uid
  const labels = pick(meta.labels, isCalicoOwnedKey)
  if (labels) stored.labels = labels
  const annotations = pick(meta.annotations, isCalicoOwnedKey) ?? {}
  annotations[METADATA_ANNOTATION] = encodeMetadataAnnotation(meta)
  stored.annotations = annotations
  return {apiVersion: 'crd.projectcalico.org/v1', kind: KIND, metadata: stored, spec: copySpec(object)}
}

function toV3Storage(object: HostEndpoint): StoredObject {
  const meta: StoredObject['metadata'] = {name: object.metadata.name}
  for (const [key, value] of Object.entries(object.metadata)) {
    if (key === 'name' || key === 'namespace' || value === undefined) continue
    meta[key] = value
  }
  return {apiVersion: API_VERSION, kind: KIND, metadata: meta, spec: copySpec(object)}
}

function copySpec(object: HostEndpoint): Record<string, unknown> {
  return JSON.parse(JSON.stringify(object.spec ?? {})) as Record<string, unknown>
}

/** The annotation's value: the v3 metadata without name, namespace, resourceVersion and uid, as Go encodes it. */
export function encodeMetadataAnnotation(meta: ObjectMeta): string {
  const out: Record<string, unknown> = {}
  for (const key of GO_OBJECT_META_ORDER) {
    if (BLANKED_IN_ANNOTATION.has(key)) continue
    const value = meta[key]
    if (key === 'creationTimestamp') {
      out[key] = value === undefined || value === '' ? null : value
      continue
    }
    if (value === undefined || value === null || value === '' || isEmptyCollection(value)) continue
    out[key] = key === 'labels' || key === 'annotations' ? sortKeys(value as Record<string, string>) : value
  }
  for (const [key, value] of Object.entries(meta)) {
    if (!GO_OBJECT_META_FIELDS.has(key) && value !== undefined) out[key] = value
  }
  return JSON.stringify(out)
}

/**
 * The v3 HostEndpoint for a custom resource read from the API server, as calicoctl shows it. Throws an Error
 * naming the object when the v1 metadata annotation is not valid JSON (Calico refuses such objects too).
 */
export function fromCalicoStorage(stored: StoredObject, group: StorageGroup): HostEndpoint {
  if (group === 'projectcalico.org/v3') {
    return {apiVersion: API_VERSION, kind: KIND, metadata: {...stored.metadata}, spec: {...(stored.spec ?? {})}}
  }
  const cr = stored.metadata
  const topAnnotations = {...(cr.annotations ?? {})}
  const encoded = topAnnotations[METADATA_ANNOTATION]
  delete topAnnotations[METADATA_ANNOTATION]
  let saved: Record<string, unknown> = {}
  if (encoded !== undefined) {
    try {
      const parsed: unknown = JSON.parse(encoded)
      if (isJsonObject(parsed)) saved = parsed
    } catch {
      throw new Error(`HostEndpoint(${cr.name}): the ${METADATA_ANNOTATION} annotation is not valid JSON`)
    }
  }
  const meta: ObjectMeta = {name: cr.name}
  for (const [key, value] of Object.entries(saved)) {
    if (BLANKED_IN_ANNOTATION.has(key) || key === 'labels' || key === 'annotations' || value === null) continue
    setOwn(meta, key, value)
  }
  if (cr.resourceVersion) meta.resourceVersion = cr.resourceVersion
  const uid = convertUid(cr.uid)
  if (uid) meta.uid = uid
  if (typeof saved.creationTimestamp !== 'string' && cr.creationTimestamp) meta.creationTimestamp = cr.creationTimestamp
  const labels = merge(cr.labels, saved.labels)
  if (labels) meta.labels = labels
  const annotations = merge(topAnnotations, saved.annotations)
  if (annotations) meta.annotations = annotations
  return {apiVersion: API_VERSION, kind: KIND, metadata: meta, spec: {...(stored.spec ?? {})}}
}

/** Top-level entries, overridden by the annotation's; undefined when there are none. */
function merge(top: Record<string, string> | undefined, saved: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {...(top ?? {})}
  if (isJsonObject(saved)) {
    for (const [key, value] of Object.entries(saved)) {
      if (typeof value === 'string') setOwn(out, key, value)
    }
  }
  return Object.keys(out).length > 0 ? out : undefined
}

function pick(map: Record<string, string> | undefined, keep: (key: string) => boolean): Record<string, string> | undefined {
  if (!map) return undefined
  const out: Record<string, string> = {}
  for (const key of Object.keys(map).sort()) if (keep(key)) out[key] = map[key]
  return Object.keys(out).length > 0 ? out : undefined
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(map).sort()) out[key] = map[key]
  return out
}

function isEmptyCollection(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0
}
