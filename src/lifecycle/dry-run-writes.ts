import {type Datastore, ResourceError, type WriteOp, type WriteResult} from '../datastore/datastore.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import type {DryRun} from './resource-result.js'

/** The dry run `store` runs for `requested`: `server` only where the store's server can check writes (dryRunWrite). */
export function dryRunOn(store: Datastore, requested: DryRun): DryRun {
  return requested === 'server' && store.dryRunWrite === undefined ? 'client' : requested
}

/**
 * Applies write ops to an in-memory copy of the store with the same compare-and-swap rules as a real
 * backend, so a dry run reports what a real run would. Objects keep the revision they were read with.
 */
export function simulateWrites(state: Map<string, HostEndpoint>, ops: readonly WriteOp[]): WriteResult[] {
  return ops.map(op => {
    if (op.op === 'create') {
      const name = op.object.metadata.name
      if (state.has(name)) return {ok: false, error: ResourceError.alreadyExists(name)}
      state.set(name, op.object)
      return {ok: true, object: op.object}
    }
    if (op.op === 'update') {
      const name = op.object.metadata.name
      const current = state.get(name)
      if (!current) return {ok: false, error: ResourceError.notFound(name)}
      if (current.metadata.resourceVersion !== op.object.metadata.resourceVersion) {
        return {ok: false, error: ResourceError.conflict(name)}
      }
      state.set(name, op.object)
      return {ok: true, object: op.object}
    }
    const current = state.get(op.name)
    if (!current) return {ok: false, error: ResourceError.notFound(op.name)}
    if (op.revision !== undefined && op.revision !== current.metadata.resourceVersion) {
      return {ok: false, error: ResourceError.conflict(op.name)}
    }
    state.delete(op.name)
    return {ok: true, object: current}
  })
}
