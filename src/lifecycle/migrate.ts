import type {Datastore} from '../datastore/datastore.js'
import {API_VERSION, type HostEndpoint, type HostEndpointList, LIST_KIND} from '../model/hostendpoint.js'
import {executeBulk, readState} from './bulk-execution.js'
import {objectForImport, rfc3339Now} from './metadata.js'
import type {BulkOptions, ResourceResult} from './resource-result.js'

/**
 * Moving HostEndpoints between datastores (calicoctl's `datastore migrate export/import`): an export holds
 * every object with its identity (uid, creationTimestamp) and without the revision, which only means something
 * in the store it came from; an import recreates the objects with that identity.
 */

/** Every stored object with its uid and creationTimestamp, without resourceVersion, as a List. */
export async function exportResources(store: Datastore): Promise<HostEndpointList> {
  const {items} = await store.list()
  return {
    apiVersion: API_VERSION,
    kind: LIST_KIND,
    metadata: {},
    items: items.map(({metadata: {resourceVersion: _revision, ...metadata}, ...object}) => ({...object, metadata})),
  }
}

export type ImportOutcome =
  /** Nothing was written: these objects exist already (and `overwrite` was not given). */
  | {refused: 'exists'; existing: string[]}
  | {results: ResourceResult[]}

/**
 * Creates each object keeping its uid and creationTimestamp. Objects that already exist make the whole
 * import refused before anything is written, unless `overwrite`: then each is replaced (spec, labels,
 * annotations, creationTimestamp, and uid where the datastore lets a uid be chosen) and is `configured`.
 * An object created by someone else between the check and the write fails on its own (already exists).
 *
 * The Kubernetes API server assigns every custom resource's uid itself and Calico derives the v3 uid from it
 * (calicoctl reference §5.1), so there the uid cannot be kept: the results carry the uid it assigned.
 */
export async function importResources(
  store: Datastore,
  objects: readonly HostEndpoint[],
  options: BulkOptions & {overwrite?: boolean} = {},
): Promise<ImportOutcome> {
  const names = objects.map(o => o.metadata.name)
  if (!options.overwrite) {
    const existing = await readState(store, names)
    if (existing.size > 0) return {refused: 'exists', existing: names.filter(name => existing.has(name))}
  }
  const now = rfc3339Now()
  const storedUid = store.type === 'kubernetes'
  const results = await executeBulk(
    store,
    {
      names,
      needsState: Boolean(options.overwrite),
      plan(index, state) {
        const input = objects[index]
        const stored = state.get(input.metadata.name)
        const object = objectForImport(input, {now, stored, storedUid})
        return stored ? {op: {op: 'update', object}, action: 'configured'} : {op: {op: 'create', object}, action: 'created'}
      },
      // With --overwrite, a lost race (created or changed meanwhile) is planned again on fresh state.
      retryable: (_index, error) => Boolean(options.overwrite) && ['already-exists', 'conflict', 'not-found'].includes(error.reason),
    },
    // A migration moves calico-kube-controllers' objects as they are, like every other; it is not a change to them.
    {...options, force: true},
  )
  return {results}
}
