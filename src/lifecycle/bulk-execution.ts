import {type Datastore, ResourceError, type WriteOp, type WriteResult} from '../datastore/datastore.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import {CalicoOwnedRefusal, CREATED_BY_LABEL, KUBE_CONTROLLERS, needsForce, type OwnedTouch, ownedTouch} from './calico-owned.js'
import {dryRunOn, simulateWrites} from './dry-run-writes.js'
import type {Action, BulkOptions, ResourceResult} from './resource-result.js'

/** How many attempts a resource gets when its write keeps losing races. */
export const MAX_ATTEMPTS = 5
/** Up to this many names are read with gets; more with one list. */
const FEW_NAMES = 16

/**
 * What to do for one resource given the current state: write an op, or a result decided without writing.
 * `detail` is added to the op's result, whether the write works or fails.
 */
export type Step = {op: WriteOp; action: Action; detail?: Pick<ResourceResult, 'label'>} | {result: ResourceResult}

/** A step that fails the resource without writing. */
export const failedStep = (name: string, error: ResourceError): Step => ({result: {name, action: 'failed', error}})

export interface BulkPlan {
  /** Names of the resources, by input index. */
  names: readonly string[]
  /**
   * Whether the plan needs the current objects (false: the ops' preconditions alone decide). An update or a
   * delete needs them for the ownership check too (calico-owned.ts); a create is judged by its own object.
   */
  needsState: boolean
  /** The state when the caller has read it already (a selector's list): not read again for the first round. */
  state?: ReadonlyMap<string, HostEndpoint>
  plan(index: number, state: ReadonlyMap<string, HostEndpoint>): Step
  /** Whether a failed write may be retried after re-reading the state. */
  retryable(index: number, error: ResourceError): boolean
}

/** Reads the objects with these names: a few gets, or one list. */
export async function readState(store: Datastore, names: readonly string[]): Promise<Map<string, HostEndpoint>> {
  const unique = [...new Set(names)]
  const state = new Map<string, HostEndpoint>()
  if (unique.length > FEW_NAMES) {
    const wanted = new Set(unique)
    const {items} = await store.list()
    for (const item of items) if (wanted.has(item.metadata.name)) state.set(item.metadata.name, item)
    return state
  }
  const found = await Promise.all(unique.map(name => store.get(name)))
  for (const object of found) if (object) state.set(object.metadata.name, object)
  return state
}

function backoff(attempt: number): Promise<void> {
  const ms = 5 * 2 ** attempt + Math.random() * 20
  return new Promise(resolve => setTimeout(resolve, ms))
}

type IndexedStep = {index: number; step: Step}

/**
 * The ownership check of every write (calico-owned.ts), against the state the steps were planned on. A write
 * that changes or deletes an object calico-kube-controllers owns needs `force`: on the first round, before
 * anything is written, one without it refuses the whole run (CalicoOwnedRefusal); on a later round (a lost
 * race re-planned on a fresh read), other writes may be done already, so it fails that resource alone. The
 * writes that go ahead and touch such objects are announced (onCalicoOwned) before they are made.
 */
function checkOwned(steps: IndexedStep[], state: ReadonlyMap<string, HostEndpoint>, first: boolean, options: BulkOptions, told: Set<string>): IndexedStep[] {
  const announced: OwnedTouch[] = []
  const refused: OwnedTouch[] = []
  const checked = steps.map(s => {
    if (!('op' in s.step)) return s
    const {op} = s.step
    const touch = ownedTouch(op, state.get(op.op === 'delete' ? op.name : op.object.metadata.name))
    if (!touch) return s
    if (needsForce(touch) && !options.force) {
      refused.push(touch)
      return {index: s.index, step: failedStep(touch.name, becameOwned(touch.name))}
    }
    // Once per object and kind of touch: a write re-planned after a lost race is not announced again.
    const key = `${touch.change}\0${touch.name}`
    if (!told.has(key)) {
      told.add(key)
      announced.push(touch)
    }
    return s
  })
  if (first && refused.length > 0) throw new CalicoOwnedRefusal(refused)
  if (announced.length > 0) options.onCalicoOwned?.(announced)
  return checked
}

/** Why a resource re-planned after a lost race was not written: meanwhile it became the controller's. */
function becameOwned(name: string): ResourceError {
  return new ResourceError('failed', name, `HostEndpoint(${name}) was labelled ${CREATED_BY_LABEL}=${KUBE_CONTROLLERS} while this ran: not written unless forced`)
}

/**
 * Runs a bulk plan: read the state once, build every op, send them in ONE write call, then re-read and
 * re-plan only the resources whose writes lost a race. Results come back in input order.
 *
 * A client dry run plays the ops on an in-memory copy of the state instead of sending them. A server dry
 * run sends them to the store's dryRunWrite and otherwise runs as a real run does (a store without one gets
 * the client dry run).
 */
export async function executeBulk(store: Datastore, bulk: BulkPlan, options: BulkOptions = {}): Promise<ResourceResult[]> {
  const total = bulk.names.length
  const results: (ResourceResult | undefined)[] = new Array(total)
  let resolved = 0
  let pending = bulk.names.map((_, i) => i)
  const told = new Set<string>()
  const dryRun = options.dryRun && dryRunOn(store, options.dryRun)
  const simulated = dryRun === 'client'
  let state = bulk.state ? new Map(bulk.state) : bulk.needsState || simulated ? await readState(store, bulk.names) : new Map<string, HostEndpoint>()

  for (let attempt = 1; pending.length > 0; attempt++) {
    const steps = checkOwned(pending.map(index => ({index, step: bulk.plan(index, state)})), state, attempt === 1, options, told)
    const writes = steps.filter((s): s is {index: number; step: Extract<Step, {op: WriteOp}>} => 'op' in s.step)
    const ops = writes.map(w => w.step.op)
    let writeResults: WriteResult[] = []
    if (ops.length > 0) {
      const base = resolved + steps.length - writes.length
      const writeOptions = {concurrency: options.concurrency, onProgress: options.onProgress && ((done: number) => options.onProgress!(base + done, total))}
      writeResults = simulated
        ? simulateWrites(state as Map<string, HostEndpoint>, ops)
        : dryRun === 'server'
          ? await store.dryRunWrite!(ops, writeOptions)
          : await store.write(ops, writeOptions)
    }
    const retry: number[] = []
    let w = 0
    for (const {index, step} of steps) {
      if ('result' in step) {
        results[index] = step.result
        resolved++
        continue
      }
      const written = writeResults[w++]
      if (written.ok) {
        results[index] = {name: bulk.names[index], action: step.action, object: written.object, ...step.detail}
        resolved++
      } else if (attempt < MAX_ATTEMPTS && bulk.retryable(index, written.error)) {
        retry.push(index)
      } else {
        results[index] = {name: bulk.names[index], action: 'failed', error: written.error, ...step.detail}
        resolved++
      }
    }
    options.onProgress?.(resolved, total)
    pending = retry
    if (pending.length > 0 && !simulated) {
      await backoff(attempt)
      const fresh = await readState(store, pending.map(i => bulk.names[i]))
      state = fresh
    }
  }
  return results as ResourceResult[]
}
