import type {HostEndpoint} from '../model/hostendpoint.js'
import type {LabelSelector} from '../model/label-selector.js'
import type {DatastoreType} from '../config/datastore-config.js'
import type {PolicyResource} from '../policy/types.js'

/**
 * Storage primitives, with etcd's compare-and-swap rules (calicoctl reference §5.2). Every backend
 * implements exactly this; what the commands mean lives in src/lifecycle, once, on top of it.
 *
 * Revisions: `metadata.resourceVersion` of a stored object is the revision of its last write, as a
 * decimal string; revisions only grow. A list carries the store's revision at read time.
 */
export interface Datastore {
  /** `file`, `kubernetes` or `etcdv3`. */
  readonly type: DatastoreType
  /** Where the data lives, for `hepctl version` (a directory, a server URL, endpoints). Never a secret. */
  readonly location: string

  /** The object, or undefined when absent. With `revision`, the object as it was then where the backend can. */
  get(name: string, options?: {revision?: string}): Promise<HostEndpoint | undefined>

  /** All objects (sorted by name), filtered by a label selector. */
  list(options?: {selector?: LabelSelector; revision?: string}): Promise<{items: HostEndpoint[]; revision: string}>

  /**
   * Apply independent writes, each with its own precondition. Results come back in the order of `ops`.
   * One op failing does not stop the others. Throws a DatastoreUnavailableError when the store itself
   * cannot be used (unreachable, unauthorized, damaged) before any op completed; if it becomes unusable
   * part-way, the ops that completed keep their results and the others fail (see settleAfterFailure), so
   * that what was written is never left unreported.
   */
  write(ops: readonly WriteOp[], options?: WriteOptions): Promise<WriteResult[]>

  /**
   * Optional: the same writes as `write`, each checked by the server as it would make it (admission, the
   * schema, the preconditions) and none stored: a result is the object as the server would store it (the
   * fields it fills in included), or its refusal. Only a server that can do this has it (the Kubernetes API
   * server's `dryRun=All`); elsewhere a dry run is computed by hepctl (src/lifecycle/dry-run-writes.ts).
   */
  dryRunWrite?(ops: readonly WriteOp[], options?: WriteOptions): Promise<WriteResult[]>

  /** Release connections, locks, timers. */
  close(): Promise<void>

  /**
   * Optional: the policy context Calico stores beside the HostEndpoints (policies, tiers, profiles, Felix
   * configurations, network sets), read-only, as plain projectcalico.org/v3 objects.
   */
  readPolicyContext?(): Promise<PolicyContext>

  /**
   * Optional: every change after `revision` (a list's), unfiltered, in order, until `signal` aborts
   * ('stopped') or the store no longer holds the history from there ('expired': compacted, 410 Gone), when
   * the caller lists again and takes the differences. A dropped connection is resumed from the last revision
   * seen. Backends without one are followed by listing again (src/lifecycle/watch.ts).
   */
  watch?(options: WatchRequest, onEvent: (event: WatchEvent) => void): Promise<'stopped' | 'expired'>
}

export interface WatchRequest {
  revision: string
  signal: AbortSignal
}

/** kubectl's watch event. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  object: HostEndpoint
}

/** The context kinds read from a datastore, as a manifest would hold them. */
export interface PolicyContext {
  /** projectcalico.org/v3 objects: apiVersion, kind, metadata (name, namespace, labels, annotations), spec. */
  resources: PolicyResource[]
  /** Where they were read, for messages: e.g. `crd.projectcalico.org/v1 on https://host:6443`. Never a secret. */
  source: string
  /** False when the datastore cannot hold context kinds at all (the file store): then `resources` is empty. */
  holdsContext: boolean
  /** True when `resources` hold every profile Calico derives from Namespaces and ServiceAccounts (Kubernetes). */
  derivedProfilesRead?: boolean
}

export type {DatastoreType} from '../config/datastore-config.js'

export type WriteOp =
  /** Only if absent. The object carries uid and creationTimestamp (set by the lifecycle), no resourceVersion. */
  | {op: 'create'; object: HostEndpoint}
  /** Only if the stored revision equals `object.metadata.resourceVersion` (required). */
  | {op: 'update'; object: HostEndpoint}
  /** Only if present, and, when `revision` is given, only if the stored revision equals it. */
  | {op: 'delete'; name: string; revision?: string}

export type WriteResult = {ok: true; object: HostEndpoint} | {ok: false; error: ResourceError}

export interface WriteOptions {
  /** Called as ops complete, for progress display. */
  onProgress?: (done: number, total: number) => void
  /** How many requests may be in flight at once (network backends). */
  concurrency?: number
}

/** Why one resource's operation failed. Texts are calicoctl's (reference §4.4, §5.1, §5.2). */
export class ResourceError extends Error {
  constructor(
    readonly reason: 'not-found' | 'already-exists' | 'conflict' | 'invalid' | 'failed',
    readonly resource: string,
    message: string,
  ) {
    super(message)
    this.name = 'ResourceError'
  }

  static notFound(name: string, detail = '<nil>'): ResourceError {
    return new ResourceError('not-found', name, `resource does not exist: HostEndpoint(${name}) with error: ${detail}`)
  }

  static alreadyExists(name: string, detail = '<nil>'): ResourceError {
    return new ResourceError('already-exists', name, `resource already exists: HostEndpoint(${name}) with error: ${detail}`)
  }

  static conflict(name: string): ResourceError {
    return new ResourceError('conflict', name, `update conflict: HostEndpoint(${name})`)
  }
}

/** The store cannot be used at all: unreachable, refused credentials, TLS failure, damaged files. Exit code 3. */
export class DatastoreUnavailableError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message)
    this.name = 'DatastoreUnavailableError'
  }
}

/**
 * Runs `task` on each unit in order of start, at most `limit` at once. After a task throws, no further unit
 * starts; the first such error is returned as `{failure}` (undefined when every unit ran), for
 * settleAfterFailure to settle what was left.
 */
export async function runConcurrently<T>(units: readonly T[], limit: number, task: (unit: T) => Promise<void>): Promise<{failure: unknown} | undefined> {
  let next = 0
  let stopped: {failure: unknown} | undefined
  const worker = async (): Promise<void> => {
    while (stopped === undefined && next < units.length) {
      const unit = units[next++]
      try {
        await task(unit)
      } catch (failure) {
        stopped ??= {failure}
        return
      }
    }
  }
  await Promise.all(Array.from({length: Math.min(Math.max(1, limit), units.length)}, worker))
  return stopped
}

/**
 * The results of a batch that stopped because the store became unusable: what completed stays as it is,
 * every other op fails with the reason (it may or may not have been applied if it was in flight). When
 * nothing completed, the store was unusable from the start: the error itself is thrown.
 */
export function settleAfterFailure(ops: readonly WriteOp[], results: readonly (WriteResult | undefined)[], failure: unknown): WriteResult[] {
  if (!results.some(r => r !== undefined)) throw failure
  const reason = failure instanceof Error ? failure.message : String(failure)
  return ops.map((op, i) => {
    const result = results[i]
    if (result) return result
    const name = op.op === 'delete' ? op.name : op.object.metadata.name
    return {ok: false, error: new ResourceError('failed', name, `not known to be written, the datastore stopped answering: ${reason}`)}
  })
}
