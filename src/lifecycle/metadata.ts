import {randomUUID} from 'node:crypto'

import {ResourceError} from '../datastore/datastore.js'
import {API_VERSION, type HostEndpoint, KIND, type ObjectMeta} from '../model/hostendpoint.js'
import {deepEqual} from '../json/deep-equal.js'
import {isJsonObject} from '../json/json-object.js'

/** The metadata rules of calicoctl's client (reference §2.6, §4.4.3, §4.6), in one place. */

/** Now as RFC 3339 in UTC with whole seconds, as Kubernetes' metav1.Time serialises. */
export function rfc3339Now(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The error calicoctl gives when a create request carries a resourceVersion. */
export function resourceVersionOnCreate(name: string, resourceVersion: string): ResourceError {
  return new ResourceError(
    'invalid',
    name,
    `error with field Metadata.ResourceVersion = '${resourceVersion}' (field must not be set for a Create request)`,
  )
}

/** Labels or annotations as stored: absent when empty (Go's omitempty). */
function withMaps(metadata: ObjectMeta, labels: unknown, annotations: unknown): ObjectMeta {
  const {labels: _labels, annotations: _annotations, ...result} = metadata as ObjectMeta
  if (isNonEmptyMap(labels)) result.labels = labels
  if (isNonEmptyMap(annotations)) result.annotations = annotations
  return result as ObjectMeta
}

function isNonEmptyMap(value: unknown): value is Record<string, string> {
  return isJsonObject(value) && Object.keys(value).length > 0
}

/**
 * The object a create writes: name, labels and annotations from the input, a fresh uid and creation
 * time; every other input metadata field (uid, creationTimestamp, generation, namespace, ...) is dropped.
 */
export function objectForCreate(input: HostEndpoint, creationTimestamp: string = rfc3339Now()): HostEndpoint {
  return created(input, {uid: randomUUID(), creationTimestamp})
}

/** What objectForCreate gives without the uid and creationTimestamp a create assigns (for diff). */
export function objectToCreate(input: HostEndpoint): HostEndpoint {
  return created(input, {})
}

/**
 * The object an import writes (`datastore migrate import`): as create, but keeping the input's uid and
 * creationTimestamp (fresh ones where it has none). Over an existing object (`--overwrite`), `resourceVersion`
 * is the stored one (the update's precondition) and `uid` the one the datastore keeps, when it does not let
 * a uid be chosen.
 */
export function objectForImport(input: HostEndpoint, options: {now: string; stored?: HostEndpoint; storedUid?: boolean}): HostEndpoint {
  const {now, stored} = options
  const uid = (options.storedUid ? stored?.metadata.uid : undefined) || input.metadata.uid || randomUUID()
  const creationTimestamp = input.metadata.creationTimestamp || now
  return created(input, {uid, creationTimestamp, ...(stored ? {resourceVersion: stored.metadata.resourceVersion} : {})})
}

function created(input: HostEndpoint, assigned: Pick<ObjectMeta, 'uid' | 'creationTimestamp' | 'resourceVersion'>): HostEndpoint {
  const metadata = withMaps({name: input.metadata.name, ...assigned}, input.metadata.labels, input.metadata.annotations)
  // The spec is shared with the input, not copied: nothing in the lifecycle or the stores mutates it.
  return {apiVersion: API_VERSION, kind: KIND, metadata, spec: input.spec ?? {}}
}

/**
 * The object an update writes: all metadata from the stored object (uid, creationTimestamp,
 * resourceVersion, ...) except labels and annotations, which come from the input, as does the spec.
 */
export function objectForUpdate(input: HostEndpoint, stored: HostEndpoint): HostEndpoint {
  const metadata = withMaps(stored.metadata, input.metadata.labels, input.metadata.annotations)
  return {apiVersion: API_VERSION, kind: KIND, metadata, spec: input.spec ?? {}}
}

/** Whether two objects hold the same spec, labels and annotations (what an update could change). */
export function sameContent(a: HostEndpoint, b: HostEndpoint): boolean {
  return (
    deepEqual(a.spec ?? {}, b.spec ?? {}) &&
    deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) &&
    deepEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {})
  )
}

