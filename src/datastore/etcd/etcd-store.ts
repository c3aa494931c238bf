import type {EtcdConfig} from '../../config/datastore-config.js'
import {API_VERSION, byName, type HostEndpoint, KIND} from '../../model/hostendpoint.js'
import type {LabelSelector} from '../../model/label-selector.js'
import {
  DatastoreUnavailableError, ResourceError, runConcurrently, settleAfterFailure,
  type Datastore, type PolicyContext, type WatchEvent, type WatchRequest, type WriteOp, type WriteOptions, type WriteResult,
} from '../datastore.js'
import {fromCalicoStorage, hostEndpointKey, HOSTENDPOINT_PREFIX, nameFromKey, toCalicoStorage} from './calico-etcd-layout.js'
import {
  EtcdClient, EtcdRequestError, prefixRangeEnd, readPemFile,
  type Compare, type EtcdKeyValue, type EtcdTlsMaterial, type RequestOp, type TxnResult, type EtcdEvent,
} from './etcd-client.js'
import {invalidNameError, isResourceName} from '../resource-name.js'

/** Keys per page of a list: large sets are read in pages, all at the revision of the first. */
const LIST_PAGE_SIZE = 2000
/** Independent writes per transaction: below etcd's default `--max-txn-ops` (128). */
const BATCH_MAX_OPS = 100
/** Bytes of values per transaction: well below etcd's default `--max-request-bytes` (1.5 MiB). */
const BATCH_MAX_BYTES = 512 * 1024
const DEFAULT_CONCURRENCY = 8

/**
 * Open the etcdv3 datastore. Checks the settings and reads the TLS files; the first request, not this,
 * finds out whether etcd can be reached. Errors are DatastoreUnavailableErrors without secrets.
 */
export async function openEtcdStore(config: EtcdConfig): Promise<Datastore> {
  const endpoints = config.endpoints.map(e => e.trim()).filter(Boolean)
  if (endpoints.length > 0 && config.discoverySrv) {
    throw new DatastoreUnavailableError('multiple discovery or bootstrap options specified, use either "etcdEndpoints" or "etcdDiscoverySrv"')
  }
  const inline = Boolean(config.key || config.cert || config.caCert)
  const files = Boolean(config.keyFile || config.certFile || config.caCertFile)
  if (inline && files) throw new DatastoreUnavailableError('Cannot mix inline certificate-key and certificate / key files')
  if (Boolean(config.keyFile) !== Boolean(config.certFile) || Boolean(config.key) !== Boolean(config.cert)) {
    throw new DatastoreUnavailableError('an etcd client certificate needs both its certificate and its key')
  }
  let tls: EtcdTlsMaterial | undefined
  if (files) {
    tls = {
      ca: config.caCertFile ? readPemFile(config.caCertFile, 'CA certificate') : undefined,
      cert: config.certFile ? readPemFile(config.certFile, 'client certificate') : undefined,
      key: config.keyFile ? readPemFile(config.keyFile, 'client key') : undefined,
    }
  } else if (inline) {
    tls = {ca: config.caCert, cert: config.cert, key: config.key}
  }
  let resolved = endpoints
  if (resolved.length === 0 && config.discoverySrv) {
    const {discoverEtcdEndpoints} = await import('./srv-discovery.js')
    resolved = await discoverEtcdEndpoints(config.discoverySrv)
  }
  if (resolved.length === 0) throw new DatastoreUnavailableError('no etcd endpoints specified')
  const client = new EtcdClient({
    endpoints: resolved,
    tls,
    username: config.username,
    password: config.password,
    requestTimeoutMs: config.requestTimeoutMs,
  })
  return new EtcdStore(client)
}

/** A revision as Calico parses it (int64); anything else is a validation error on ResourceVersion. */
function checkRevision(name: string, revision: string | undefined): ResourceError | undefined {
  if (revision !== undefined && /^\d{1,18}$/.test(revision)) return undefined
  return new ResourceError('invalid', name, `error with field ResourceVersion = '${revision ?? ''}'`)
}

/** One write, turned into etcd compares and requests. */
interface PreparedWrite {
  index: number
  name: string
  key: string
  op: WriteOp['op']
  /** The stored value (create, update). */
  value?: string
  /** The expected mod revision (update, delete with revision). */
  revision?: string
}

/** Calico's HostEndpoints in etcd over etcd's gRPC API, with Calico's transactions (reference §5.2). */
export class EtcdStore implements Datastore {
  readonly type = 'etcdv3' as const
  /** Whether independent writes share transactions; off once etcd refuses a batch for its size. */
  private batching = true

  constructor(private readonly client: EtcdClient) {}

  get location(): string {
    return this.client.location
  }

  async get(name: string, options: {revision?: string} = {}): Promise<HostEndpoint | undefined> {
    if (options.revision !== undefined && options.revision !== '') {
      const invalid = checkRevision(name, options.revision)
      if (invalid) throw invalid
    }
    if (!isResourceName(name)) return undefined
    let kvs: EtcdKeyValue[]
    try {
      ;({kvs} = await this.client.range(hostEndpointKey(name), {revision: options.revision || undefined}))
    } catch (error) {
      throw perResourceError(name, error)
    }
    return kvs[0] ? decode(kvs[0], name) : undefined
  }

  async list(options: {selector?: LabelSelector; revision?: string} = {}): Promise<{items: HostEndpoint[]; revision: string}> {
    if (options.revision !== undefined && options.revision !== '') {
      const invalid = checkRevision('', options.revision)
      if (invalid) throw invalid
    }
    const items: HostEndpoint[] = []
    const rangeEnd = prefixRangeEnd(HOSTENDPOINT_PREFIX)
    const readPage = (from: string, revision: string | undefined) =>
      this.client.range(from, {rangeEnd, limit: LIST_PAGE_SIZE, revision}).catch((error: unknown) => {
        throw perResourceError('', error)
      })
    // The first page fixes the revision every later page is read at, so the list is one consistent view.
    let page = await readPage(HOSTENDPOINT_PREFIX, options.revision || undefined)
    const listRevision = page.revision
    const readAt = options.revision || page.revision
    for (;;) {
      // Ask for the next page before decoding this one: etcd works while we decode.
      const next = page.more && page.kvs.length > 0 ? readPage(page.kvs[page.kvs.length - 1].key + '\0', readAt) : undefined
      next?.catch(() => undefined) // awaited below; do not let a failure go unhandled meanwhile
      for (const kv of page.kvs) {
        const name = nameFromKey(kv.key)
        if (name === undefined) continue
        // A value that is not a JSON object is left out rather than failing the whole list; `get` reports it.
        let item: HostEndpoint
        try {
          item = fromCalicoStorage(kv.value, name, kv.modRevision)
        } catch {
          continue
        }
        if (!options.selector || options.selector.matches(item.metadata.labels)) items.push(item)
      }
      if (!next) break
      page = await next
    }
    items.sort(byName)
    return {items, revision: listRevision || '0'}
  }

  async write(ops: readonly WriteOp[], options: WriteOptions = {}): Promise<WriteResult[]> {
    const results: WriteResult[] = new Array(ops.length)
    const prepared: PreparedWrite[] = []
    for (const [index, op] of ops.entries()) {
      const name = op.op === 'delete' ? op.name : op.object.metadata.name
      if (!isResourceName(name)) {
        results[index] = {ok: false, error: invalidNameError(name)}
        continue
      }
      const revision = op.op === 'update' ? op.object.metadata.resourceVersion : op.op === 'delete' ? op.revision || undefined : undefined
      if (op.op === 'update' || revision !== undefined) {
        const invalid = checkRevision(name, revision)
        if (invalid) {
          results[index] = {ok: false, error: invalid}
          continue
        }
      }
      prepared.push({
        index, name, key: hostEndpointKey(name), op: op.op, revision,
        value: op.op === 'delete' ? undefined : toCalicoStorage(op.object),
      })
    }

    // Two ops on one key must keep their order: then everything goes one by one.
    const distinct = new Set(prepared.map(p => p.key)).size === prepared.length
    const units = distinct ? batches(prepared) : prepared.map(p => [p])
    const concurrency = distinct ? Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) : 1
    let done = ops.length - prepared.length
    const stopped = await runConcurrently(units, concurrency, async unit => {
      const unitResults = unit.length > 1 && this.batching ? await this.writeBatch(unit) : await this.writeEach(unit)
      for (const [i, p] of unit.entries()) results[p.index] = unitResults[i]
      done += unit.length
      options.onProgress?.(done, ops.length)
    })
    if (stopped) return settleAfterFailure(ops, results, stopped.failure)
    return results
  }

  /**
   * etcd's own watch over Calico's HostEndpoint prefix, from the revision after the list's: each PUT is
   * ADDED when it created the key (create_revision == mod_revision) and MODIFIED otherwise; each DELETE is
   * DELETED with the object as it was (the event's previous key-value) at the deletion's revision, as
   * Kubernetes reports a deletion. A compacted history is 'expired'. Failover and resuming are the client's.
   */
  async watch(request: WatchRequest, onEvent: (event: WatchEvent) => void): Promise<'stopped' | 'expired'> {
    const outcome = await this.client.watch({
      key: HOSTENDPOINT_PREFIX,
      rangeEnd: prefixRangeEnd(HOSTENDPOINT_PREFIX),
      startRevision: String(BigInt(request.revision) + 1n),
      signal: request.signal,
    }, events => {
      for (const event of events) {
        const converted = watchEvent(event)
        if (converted) onEvent(converted)
      }
    })
    return outcome === 'compacted' ? 'expired' : 'stopped'
  }

  async close(): Promise<void> {
    this.client.close()
  }

  /** The policy context kinds, read-only (policy-context.ts). */
  async readPolicyContext(): Promise<PolicyContext> {
    const {readEtcdContext} = await import('./policy-context.js')
    return readEtcdContext(this.client)
  }

  /** Several independent writes in one transaction; if any precondition fails, each is retried alone. */
  private async writeBatch(unit: PreparedWrite[]): Promise<WriteResult[]> {
    const compare: Compare[] = unit.map(p => preconditionOf(p) ?? {key: p.key, target: 'VERSION', result: 'GREATER', version: '0'})
    let txn: TxnResult | undefined
    try {
      txn = await this.client.txn(compare, unit.map(requestOf))
    } catch (error) {
      if (!(error instanceof EtcdRequestError)) throw error
      // A member configured with a lower --max-txn-ops or --max-request-bytes: stop batching.
      if (/too many operations|request is too large/.test(error.message)) this.batching = false
    }
    if (txn?.succeeded) return unit.map((p, i) => successOf(p, txn.revision, txn.responses[i]?.kvs ?? []))
    return this.writeEach(unit, txn?.resent ?? false)
  }

  private async writeEach(unit: PreparedWrite[], afterAmbiguous = false): Promise<WriteResult[]> {
    const out: WriteResult[] = []
    for (const p of unit) out.push(await this.writeOne(p, afterAmbiguous))
    return out
  }

  /** One write as Calico does it: `If <precondition> Then <write> Else Get`. */
  private async writeOne(p: PreparedWrite, afterAmbiguous: boolean): Promise<WriteResult> {
    const precondition = preconditionOf(p)
    let txn: TxnResult
    try {
      txn = await this.client.txn(precondition ? [precondition] : [], [requestOf(p)], precondition ? [{range: {key: p.key}}] : [])
    } catch (error) {
      const failure = perResourceError(p.name, error)
      if (failure instanceof DatastoreUnavailableError) throw failure
      return {ok: false, error: failure}
    }
    const ambiguous = txn.resent || afterAmbiguous
    // A delete sent again after a lost answer that finds nothing: the first attempt may have deleted it.
    if (ambiguous && p.op === 'delete' && !txn.responses[0]?.kvs[0]) {
      return {ok: true, object: {apiVersion: API_VERSION, kind: KIND, metadata: {name: p.name}} as HostEndpoint}
    }
    if (txn.succeeded) return successOf(p, txn.revision, txn.responses[0]?.kvs ?? [])
    const current = txn.responses[0]?.kvs[0]
    // Sent twice after a lost answer: if the stored value is exactly ours (it holds our uid), the first try wrote it.
    if ((txn.resent || afterAmbiguous) && current && p.value !== undefined && current.value === p.value) {
      return successOf(p, current.modRevision, [])
    }
    if (p.op === 'create') return {ok: false, error: ResourceError.alreadyExists(p.name)}
    if (!current) return {ok: false, error: ResourceError.notFound(p.name)}
    return {ok: false, error: ResourceError.conflict(p.name)}
  }
}

/**
 * One etcd event as a HostEndpoint event; undefined for keys outside Calico's layout. A value that is not a
 * JSON object is left out, as a list leaves it out: such a PUT over a readable object reads as its DELETE.
 */
function watchEvent(event: EtcdEvent): WatchEvent | undefined {
  const name = nameFromKey(event.kv.key)
  if (name === undefined) return undefined
  const readable = (kv: EtcdKeyValue | undefined, revision: string): HostEndpoint | undefined => {
    if (!kv) return undefined
    try {
      return fromCalicoStorage(kv.value, name, revision)
    } catch {
      return undefined
    }
  }
  const deletion = (): WatchEvent | undefined => {
    const object = readable(event.prevKv, event.kv.modRevision)
    return object ? {type: 'DELETED', object} : undefined
  }
  if (event.type === 'DELETE') {
    // Without the previous value (already compacted away), the name is what is known.
    return deletion() ?? {type: 'DELETED', object: {apiVersion: API_VERSION, kind: KIND, metadata: {name, resourceVersion: event.kv.modRevision}, spec: {}}}
  }
  const object = readable(event.kv, event.kv.modRevision)
  if (!object) return deletion()
  return {type: event.kv.createRevision === event.kv.modRevision ? 'ADDED' : 'MODIFIED', object}
}

function preconditionOf(p: PreparedWrite): Compare | undefined {
  if (p.op === 'create') return {key: p.key, target: 'VERSION', result: 'EQUAL', version: '0'}
  if (p.revision !== undefined) return {key: p.key, target: 'MOD', result: 'EQUAL', modRevision: p.revision}
  return undefined
}

function requestOf(p: PreparedWrite): RequestOp {
  return p.op === 'delete' ? {deleteRange: {key: p.key, prevKv: true}} : {put: {key: p.key, value: p.value ?? ''}}
}

function successOf(p: PreparedWrite, revision: string, kvs: EtcdKeyValue[]): WriteResult {
  if (p.op === 'delete') {
    if (!kvs[0]) return {ok: false, error: ResourceError.notFound(p.name)}
    try {
      return {ok: true, object: decode(kvs[0], p.name)}
    } catch (error) {
      return {ok: false, error: error as ResourceError}
    }
  }
  return {ok: true, object: fromCalicoStorage(p.value ?? '{}', p.name, revision)}
}

function decode(kv: EtcdKeyValue, name: string): HostEndpoint {
  try {
    return fromCalicoStorage(kv.value, name, kv.modRevision)
  } catch (error) {
    throw new ResourceError('failed', name, `cannot decode the stored HostEndpoint(${name}): ${(error as Error).message}`)
  }
}

/** Errors about one request become ResourceErrors; an unusable store stays a DatastoreUnavailableError. */
function perResourceError(name: string, error: unknown): ResourceError | DatastoreUnavailableError {
  if (error instanceof EtcdRequestError) return new ResourceError('failed', name, error.message)
  if (error instanceof ResourceError || error instanceof DatastoreUnavailableError) return error
  throw error
}

/** Consecutive writes grouped into transactions of bounded size. */
function batches(prepared: PreparedWrite[]): PreparedWrite[][] {
  const out: PreparedWrite[][] = []
  let current: PreparedWrite[] = []
  let bytes = 0
  for (const p of prepared) {
    const size = p.key.length + (p.value?.length ?? 0)
    if (current.length >= BATCH_MAX_OPS || (current.length > 0 && bytes + size > BATCH_MAX_BYTES)) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(p)
    bytes += size
  }
  if (current.length) out.push(current)
  return out
}
