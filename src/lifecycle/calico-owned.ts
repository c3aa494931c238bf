import type {WriteOp} from '../datastore/datastore.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import {deepEqual} from '../json/deep-equal.js'

/**
 * HostEndpoints owned by calico-kube-controllers: the auto host endpoints it creates for each node, marked by
 * one label (host-policy reference §6, `isAutoHostEndpoint`). The controller compares labels, annotations,
 * expectedIPs and interfaceName with what it expects and writes its own back on the next sync; it re-creates
 * a deleted one while its node exists and auto host endpoints are enabled. So a write that changes or deletes
 * one is refused unless forced, and every write that touches one is announced before it is made.
 */

export const CREATED_BY_LABEL = 'projectcalico.org/created-by'
export const KUBE_CONTROLLERS = 'calico-kube-controllers'

/** Whether the object carries calico-kube-controllers' ownership label. */
export function isCalicoOwned(object: HostEndpoint | undefined): boolean {
  return object?.metadata.labels?.[CREATED_BY_LABEL] === KUBE_CONTROLLERS
}

/** What one write does to an object calico-kube-controllers owns or would take for its own; src/output words it. */
export type OwnedTouch =
  /** The stored object is the controller's and is deleted: it re-creates it for `node`. */
  | {name: string; change: 'delete'; node?: string}
  /**
   * The stored object is the controller's and is changed. `reverted`: the change touches a field the controller
   * compares (labels, annotations, expectedIPs, interfaceName), so it writes its own back on the next sync;
   * false: only fields it does not compare, kept until it next rewrites the object; absent: not yet known (edit).
   */
  | {name: string; change: 'update'; reverted?: boolean}
  /** A new object carries the label (`create`), or an update gives it to an object that lacked it (`claim`). */
  | {name: string; change: 'create' | 'claim'}

/** Whether the write must be forced: it changes or deletes an object the controller made. */
export function needsForce(touch: OwnedTouch): boolean {
  return touch.change === 'delete' || touch.change === 'update'
}

/** What `op` does to a controller's object, given the object stored now (undefined: the op touches none). */
export function ownedTouch(op: WriteOp, stored: HostEndpoint | undefined): OwnedTouch | undefined {
  if (op.op === 'delete') return isCalicoOwned(stored) ? {name: op.name, change: 'delete', node: stored!.spec?.node} : undefined
  const {object} = op
  const name = object.metadata.name
  if (op.op === 'update' && isCalicoOwned(stored)) return {name, change: 'update', reverted: revertsChange(stored!, object)}
  if (!isCalicoOwned(object)) return undefined
  return {name, change: op.op === 'create' ? 'create' : 'claim'}
}

/** Whether the controller writes its own back: a field it compares differs (hostEndpointNeedsUpdate). */
function revertsChange(stored: HostEndpoint, next: HostEndpoint): boolean {
  return (
    !deepEqual(stored.metadata.labels ?? {}, next.metadata.labels ?? {}) ||
    !deepEqual(stored.metadata.annotations ?? {}, next.metadata.annotations ?? {}) ||
    !deepEqual(stored.spec?.expectedIPs ?? [], next.spec?.expectedIPs ?? []) ||
    (stored.spec?.interfaceName ?? '') !== (next.spec?.interfaceName ?? '')
  )
}

/**
 * Thrown before anything is written when a run would change or delete objects the controller owns without
 * `force`: the whole run is refused, as invalid input is. `touches` are the writes that needed force, in input
 * order. Recognised by name (src/cli), as every hepctl error is.
 */
export class CalicoOwnedRefusal extends Error {
  constructor(readonly touches: readonly OwnedTouch[]) {
    super(`${touches.length} HostEndpoint(s) owned by ${KUBE_CONTROLLERS}: ${touches.map(t => t.name).join(', ')}`)
    this.name = 'CalicoOwnedRefusal'
  }
}

/** Refuses, before any edit begins, to change stored objects the controller owns unless `force` (edit). */
export function refuseOwned(objects: readonly HostEndpoint[], force: boolean | undefined): void {
  if (force) return
  const owned = objects.filter(isCalicoOwned).map((o): OwnedTouch => ({name: o.metadata.name, change: 'update'}))
  if (owned.length > 0) throw new CalicoOwnedRefusal(owned)
}
