/**
 * calicoctl marshals Go structs, so its JSON keys come in struct-declaration order, not insertion order. These
 * functions rebuild HostEndpoint-shaped data in that order (unknown keys kept, after the known ones).
 */
import type {HostEndpoint, HostEndpointList} from '../model/hostendpoint.js'
import {isJsonObject} from '../json/json-object.js'

const TOP = ['kind', 'apiVersion', 'metadata', 'spec']
/** metav1.ObjectMeta field order. */
const OBJECT_META = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers',
  'managedFields',
]
const SPEC = ['node', 'interfaceName', 'expectedIPs', 'profiles', 'ports']
const PORT = ['name', 'protocol', 'port']
const LIST_TOP = ['kind', 'apiVersion', 'metadata', 'items']
/** metav1.ListMeta field order. */
const LIST_META = ['selfLink', 'resourceVersion', 'continue', 'remainingItemCount']

type Plain = Record<string, unknown>

/**
 * Copy `source` with `order`'s keys first (those present, not undefined), then the rest as they come. An
 * `order` key that is missing gets `missing(key)` in its place, unless that is undefined.
 */
function ordered(
  source: Plain,
  order: readonly string[],
  child?: (key: string, value: unknown) => unknown,
  missing?: (key: string) => unknown,
): Plain {
  const out: Plain = {}
  for (const key of order) {
    if (Object.hasOwn(source, key) && source[key] !== undefined) out[key] = child ? child(key, source[key]) : source[key]
    else if (missing) {
      const value = missing(key)
      if (value !== undefined) out[key] = value
    }
  }
  for (const key of Object.keys(source)) {
    if (!order.includes(key) && source[key] !== undefined) out[key] = source[key]
  }
  return out
}

function orderSpec(spec: unknown): unknown {
  if (!isJsonObject(spec)) return spec
  return ordered(spec, SPEC, (key, value) =>
    key === 'ports' && Array.isArray(value) ? value.map(p => (isJsonObject(p) ? ordered(p, PORT) : p)) : value)
}

/** A HostEndpoint with keys in calicoctl's struct order; `metadata` and `spec` always present. */
export function inStructOrder(hep: HostEndpoint): Plain {
  const source = hep as unknown as Plain
  return ordered(
    source,
    TOP,
    (key, value) => {
      if (key === 'metadata') return isJsonObject(value) ? ordered(value, OBJECT_META) : value
      if (key === 'spec') return orderSpec(value)
      return value
    },
    key => (key === 'metadata' || key === 'spec' ? {} : undefined),
  )
}

/** A HostEndpointList in struct order; `items` always present (`[]` when empty), `metadata` too. */
export function listInStructOrder(list: HostEndpointList): Plain {
  const source = list as unknown as Plain
  return ordered(
    source,
    LIST_TOP,
    (key, value) => {
      if (key === 'metadata') return isJsonObject(value) ? ordered(value, LIST_META) : value
      if (key === 'items') return Array.isArray(value) ? value.map(item => inStructOrder(item as HostEndpoint)) : value
      return value
    },
    key => (key === 'metadata' ? {} : key === 'items' ? [] : undefined),
  )
}

/** Metadata fields `get --export` removes (calicoctl's list). */
export const EXPORT_STRIPPED_FIELDS = [
  'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds',
] as const

/** A copy of `hep` without the cluster-specific metadata, ready to be created elsewhere (`get --export`). */
export function forExport(hep: HostEndpoint): HostEndpoint {
  const metadata = {...hep.metadata}
  for (const field of EXPORT_STRIPPED_FIELDS) delete metadata[field]
  return {...hep, metadata}
}
