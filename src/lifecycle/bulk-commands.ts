import {type Datastore, ResourceError} from '../datastore/datastore.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import type {LabelSelector} from '../model/label-selector.js'
import {type BulkPlan, executeBulk, failedStep as failed, readState, type Step} from './bulk-execution.js'
import {objectForCreate, objectForUpdate, objectToCreate, resourceVersionOnCreate, rfc3339Now, sameContent} from './metadata.js'
import type {BulkOptions, ResourceResult} from './resource-result.js'

/** create, apply, replace and delete of many resources (reference §4.4.1–§4.4.4, §4.6). */

/**
 * Create each object only if absent. A resourceVersion in the input is refused; uid and
 * creationTimestamp are assigned. With `skipExists`, an existing resource is `skipped`.
 */
export async function createResources(
  store: Datastore,
  objects: readonly HostEndpoint[],
  options: BulkOptions & {skipExists?: boolean} = {},
): Promise<ResourceResult[]> {
  const now = rfc3339Now()
  const results = await executeBulk(
    store,
    {
      names: objects.map(o => o.metadata.name),
      needsState: false,
      plan(index) {
        const input = objects[index]
        const rv = input.metadata.resourceVersion
        if (rv) return failed(input.metadata.name, resourceVersionOnCreate(input.metadata.name, rv))
        return {op: {op: 'create', object: objectForCreate(input, now)}, action: 'created'}
      },
      retryable: () => false,
    },
    options,
  )
  if (!options.skipExists) return results
  return results.map(r =>
    r.error?.reason === 'already-exists' ? {name: r.name, action: 'skipped', message: r.error.message} : r,
  )
}

/** The update branch shared by apply and replace: merge metadata, detect no-ops, honour an input RV. */
function planUpdate(input: HostEndpoint, current: HostEndpoint): Step {
  const name = input.metadata.name
  const rv = input.metadata.resourceVersion
  if (rv && rv !== current.metadata.resourceVersion) return failed(name, ResourceError.conflict(name))
  const next = objectForUpdate(input, current)
  if (sameContent(next, current)) return {result: {name, action: 'unchanged', object: current}}
  return {op: {op: 'update', object: next}, action: 'configured'}
}

/** Lost races are retried (re-read, re-plan) unless the input pinned a resourceVersion. */
function retryUnlessPinned(objects: readonly HostEndpoint[]) {
  return (index: number, error: ResourceError): boolean =>
    error.reason === 'already-exists' ||
    ((error.reason === 'conflict' || error.reason === 'not-found') && !objects[index].metadata.resourceVersion)
}

/** A plan that updates each object that exists and asks `whenAbsent` what to do with one that does not. */
function updatePlan(objects: readonly HostEndpoint[], whenAbsent: (input: HostEndpoint) => Step): BulkPlan {
  return {
    names: objects.map(o => o.metadata.name),
    needsState: true,
    plan(index, state) {
      const input = objects[index]
      const current = state.get(input.metadata.name)
      return current ? planUpdate(input, current) : whenAbsent(input)
    },
    retryable: retryUnlessPinned(objects),
  }
}

/**
 * Create what is absent (an input resourceVersion is then ignored), update what exists. An object
 * identical to the stored one (spec, labels, annotations) is `unchanged` and nothing is written.
 */
export async function applyResources(
  store: Datastore,
  objects: readonly HostEndpoint[],
  options: BulkOptions = {},
): Promise<ResourceResult[]> {
  const now = rfc3339Now()
  const create = (input: HostEndpoint): Step => ({op: {op: 'create', object: objectForCreate(input, now)}, action: 'created'})
  return executeBulk(store, updatePlan(objects, create), options)
}

/** Update only what exists; an absent resource fails with `resource does not exist`. */
export async function replaceResources(
  store: Datastore,
  objects: readonly HostEndpoint[],
  options: BulkOptions = {},
): Promise<ResourceResult[]> {
  const absent = (input: HostEndpoint): Step => failed(input.metadata.name, ResourceError.notFound(input.metadata.name))
  return executeBulk(store, updatePlan(objects, absent), options)
}

/**
 * Delete by name; a given revision is a precondition (the backend decides whether it honours it).
 * With `skipNotExists`, an absent resource is `skipped`.
 */
export function deleteResources(
  store: Datastore,
  targets: readonly {name: string; revision?: string}[],
  options: BulkOptions & {skipNotExists?: boolean} = {},
): Promise<ResourceResult[]> {
  return deleteTargets(store, targets, options)
}

/** deleteResources, with the objects already read when the caller has them (`known`: a selector's list). */
async function deleteTargets(
  store: Datastore,
  targets: readonly {name: string; revision?: string}[],
  options: BulkOptions & {skipNotExists?: boolean},
  known?: readonly HostEndpoint[],
): Promise<ResourceResult[]> {
  const results = await executeBulk(
    store,
    {
      names: targets.map(t => t.name),
      // Read for the ownership check: deleting an object calico-kube-controllers owns needs force.
      needsState: true,
      ...(known && {state: new Map(known.map(o => [o.metadata.name, o]))}),
      plan(index, state) {
        const {name, revision} = targets[index]
        // Without a revision of the user's, the delete is pinned at the one read for the ownership check: an
        // object changed meanwhile (re-created by calico-kube-controllers, say) is read and checked again
        // rather than deleted unseen.
        const pinned = revision ?? state.get(name)?.metadata.resourceVersion
        return {op: {op: 'delete', name, ...(pinned ? {revision: pinned} : {})}, action: 'deleted'}
      },
      retryable: (index, error) => targets[index].revision === undefined && error.reason === 'conflict',
    },
    options,
  )
  if (!options.skipNotExists) return results
  return results.map(r =>
    r.error?.reason === 'not-found' ? {name: r.name, action: 'skipped', message: r.error.message} : r,
  )
}

/**
 * Delete what matches a label selector, each object at the revision it was listed at: on backends that
 * honour revisions (file, etcd) an object changed since is a conflict rather than a surprise. One that is
 * gone by then is `skipped`. No match: no results.
 */
export async function deleteMatching(store: Datastore, selector: LabelSelector, options: BulkOptions = {}): Promise<ResourceResult[]> {
  const {items} = await store.list({selector})
  const targets = items.map(o => ({name: o.metadata.name, revision: o.metadata.resourceVersion}))
  return deleteTargets(store, targets, {...options, skipNotExists: true}, items)
}

/** What `apply` would store for each object, beside what is stored now (for `hepctl diff`). */
export async function diffResources(
  store: Datastore,
  objects: readonly HostEndpoint[],
): Promise<{name: string; live?: HostEndpoint; merged: HostEndpoint}[]> {
  const state = await readState(store, objects.map(o => o.metadata.name))
  return objects.map(input => {
    const name = input.metadata.name
    const live = state.get(name)
    if (live) return {name, live, merged: objectForUpdate(input, live)}
    return {name, merged: objectToCreate(input)}
  })
}
