/**
 * The Kubernetes datastore (calicoctl's KDD): HostEndpoints as custom resources, in Calico's own layout
 * (calico-storage.ts), through the API server's REST API (api-server-client.ts).
 *
 * Differences from the etcd-like contract that follow calicoctl's KDD:
 * - `get` ignores `revision` (no historical reads); `delete` ignores `revision` (no compare-and-delete).
 * - In `crd.projectcalico.org/v1` storage, user labels live in the metadata annotation, not in the custom
 *   resource's own labels, so a label selector is applied here, after reading, rather than by the server.
 *   In `projectcalico.org/v3` storage the server filters (`labelSelector=`) and the result is checked again.
 */
import {KubeconfigError, loadKubeConnection} from '../../config/kubeconfig.js'
import type {KubernetesConfig} from '../../config/datastore-config.js'
import {byName, type HostEndpoint} from '../../model/hostendpoint.js'
import type {LabelSelector} from '../../model/label-selector.js'
import {
  DatastoreUnavailableError,
  ResourceError,
  runConcurrently,
  settleAfterFailure,
  type Datastore,
  type PolicyContext,
  type WatchEvent,
  type WatchRequest,
  type WriteOp,
  type WriteOptions,
  type WriteResult,
} from '../datastore.js'
import {isResourceName} from '../resource-name.js'
import {connectApiServer, type ApiServerClient, statusMessage, type ApiResponse} from './api-server-client.js'
import {fromCalicoStorage, METADATA_ANNOTATION, toCalicoStorage, type StorageGroup, type StoredObject} from './calico-storage.js'
import {deepEqual} from '../../json/deep-equal.js'

export const DEFAULT_CONCURRENCY = 16
const PAGE_SIZE = 500
/** The query of a create or update the API server is to check without storing it (kubectl's --dry-run=server). */
const DRY_RUN_QUERY = '?dryRun=All'

export interface KubernetesStoreOptions {
  /** Retry bounds, for tests. */
  maxAttempts?: number
  maxRetryWaitMs?: number
}

/** Opens the store. Connects lazily: the first operation discovers the API group. */
export async function openKubernetesStore(config: KubernetesConfig, options: KubernetesStoreOptions = {}): Promise<Datastore> {
  let connection
  try {
    connection = loadKubeConnection(config)
  } catch (error) {
    if (error instanceof KubeconfigError) throw new DatastoreUnavailableError(error.message)
    throw error
  }
  const client = await connectApiServer(connection, {
    timeoutMs: config.requestTimeoutMs,
    // Room for the highest --concurrency; sockets open only as requests need them.
    maxSockets: 256,
    maxAttempts: options.maxAttempts,
    maxRetryWaitMs: options.maxRetryWaitMs,
  })
  return new KubernetesStore(client, config.apiGroup)
}

class KubernetesStore implements Datastore {
  readonly type = 'kubernetes' as const
  readonly location: string
  private groupPromise?: Promise<StorageGroup>

  constructor(private readonly client: ApiServerClient, private readonly apiGroup: string | undefined) {
    this.location = client.server
  }

  async get(name: string): Promise<HostEndpoint | undefined> {
    const group = await this.group()
    if (!isResourceName(name)) return undefined
    const {response} = await this.client.call('GET', objectPath(group, name))
    if (response.status === 200) return this.convert(response.body as StoredObject, group)
    if (response.status === 404) {
      this.checkResourceServed(response, group)
      return undefined
    }
    throw this.unexpected(response, `get HostEndpoint(${name})`)
  }

  async list(options: {selector?: LabelSelector; revision?: string} = {}): Promise<{items: HostEndpoint[]; revision: string}> {
    const group = await this.group()
    const serverSide = group === 'projectcalico.org/v3' && options.selector !== undefined && options.selector.text !== ''
    for (let restarts = 0; ; restarts++) {
      const items: HostEndpoint[] = []
      let revision = ''
      let token: string | undefined
      let expired = false
      do {
        const query = new URLSearchParams({limit: String(PAGE_SIZE)})
        if (token) query.set('continue', token)
        else if (options.revision) {
          query.set('resourceVersion', options.revision)
          query.set('resourceVersionMatch', 'NotOlderThan')
        }
        if (serverSide) query.set('labelSelector', options.selector!.text)
        const {response} = await this.client.call('GET', `${collectionPath(group)}?${query}`)
        if (response.status === 410 && restarts < 3) {
          // The continue token expired (etcd compaction): read the whole list again.
          expired = true
          break
        }
        if (response.status === 404) {
          this.checkResourceServed(response, group)
          return {items: [], revision: '0'}
        }
        if (response.status !== 200) throw this.unexpected(response, 'list HostEndpoints')
        const page = response.body as {metadata?: {resourceVersion?: string; continue?: string}; items?: StoredObject[]}
        if (!revision) revision = page.metadata?.resourceVersion ?? ''
        for (const item of page.items ?? []) {
          const object = this.convert(item, group)
          if (!options.selector || options.selector.matches(object.metadata.labels)) items.push(object)
        }
        token = page.metadata?.continue || undefined
      } while (token)
      if (expired) continue
      items.sort(byName)
      return {items, revision}
    }
  }

  /**
   * Runs ops concurrently (at most `concurrency` requests in flight, over keep-alive connections). Ops on
   * the same name run one after another in input order, so a batch means what it would mean sequentially.
   */
  write(ops: readonly WriteOp[], options: WriteOptions = {}): Promise<WriteResult[]> {
    return this.send(ops, options, false)
  }

  /**
   * The same requests as `write`, each with `dryRun=All`: the API server runs admission and the CRD's schema
   * and answers what it would store (uid, creationTimestamp and the like filled in), storing nothing. The
   * answers are converted back from Calico's layout as reads are.
   */
  dryRunWrite(ops: readonly WriteOp[], options: WriteOptions = {}): Promise<WriteResult[]> {
    return this.send(ops, options, true)
  }

  private async send(ops: readonly WriteOp[], options: WriteOptions, dryRun: boolean): Promise<WriteResult[]> {
    if (ops.length === 0) return []
    const group = await this.group()
    const results = new Array<WriteResult>(ops.length)
    const queuesByName = new Map<string, number[]>()
    for (const [index, op] of ops.entries()) {
      const name = op.op === 'delete' ? op.name : op.object.metadata.name
      const queue = queuesByName.get(name)
      if (queue) queue.push(index)
      else queuesByName.set(name, [index])
    }
    let done = 0
    const stopped = await runConcurrently([...queuesByName.values()], options.concurrency ?? DEFAULT_CONCURRENCY, async queue => {
      for (const index of queue) {
        try {
          results[index] = await this.writeOne(ops[index], group, dryRun)
        } catch (error) {
          if (!(error instanceof ResourceError)) throw error
          results[index] = {ok: false, error}
        }
        done++
        options.onProgress?.(done, ops.length)
      }
    })
    if (stopped) return settleAfterFailure(ops, results, stopped.failure)
    return results
  }

  async close(): Promise<void> {
    this.client.close()
  }

  /** The policy context kinds, read-only (policy-context.ts). */
  async readPolicyContext(): Promise<PolicyContext> {
    const group = await this.group()
    const {readKubernetesContext} = await import('./policy-context.js')
    return readKubernetesContext(this.client, group)
  }

  /** One op; with `dryRun` the server only checks it (a retried dry run changed nothing, so nothing is ambiguous). */
  private async writeOne(op: WriteOp, group: StorageGroup, dryRun: boolean): Promise<WriteResult> {
    switch (op.op) {
      case 'create':
        return this.create(op.object, group, dryRun)
      case 'update':
        return this.update(op.object, group, dryRun)
      case 'delete':
        return this.remove(op.name, group, dryRun)
    }
  }

  private async create(object: HostEndpoint, group: StorageGroup, dryRun: boolean): Promise<WriteResult> {
    const name = object.metadata.name
    const body = toCalicoStorage({...object, metadata: {...object.metadata, resourceVersion: undefined}}, group)
    const {response, ambiguous} = await this.client.call('POST', collectionPath(group) + (dryRun ? DRY_RUN_QUERY : ''), body)
    if (response.status === 200 || response.status === 201) return {ok: true, object: this.convert(response.body as StoredObject, group)}
    if (response.status === 409 && ambiguous && !dryRun) {
      // An earlier attempt may have created it: if what is stored is what we sent, that was us.
      const stored = await this.readStored(name, group)
      if (stored && sameContent(body, stored, group)) return {ok: true, object: this.convert(stored, group)}
    }
    return {ok: false, error: this.resourceError(response, name, group)}
  }

  private async update(object: HostEndpoint, group: StorageGroup, dryRun: boolean): Promise<WriteResult> {
    const name = object.metadata.name
    if (!isResourceName(name)) return {ok: false, error: invalidName(name, group)}
    const body = toCalicoStorage(object, group)
    const {response, ambiguous} = await this.client.call('PUT', objectPath(group, name) + (dryRun ? DRY_RUN_QUERY : ''), body)
    if (response.status === 200 || response.status === 201) return {ok: true, object: this.convert(response.body as StoredObject, group)}
    if (response.status === 409 && ambiguous && !dryRun) {
      // An earlier attempt may have gone through: then the stored object is ours, at a newer revision.
      const stored = await this.readStored(name, group)
      if (stored && stored.metadata.resourceVersion !== object.metadata.resourceVersion && sameContent(body, stored, group)) {
        return {ok: true, object: this.convert(stored, group)}
      }
    }
    return {ok: false, error: this.resourceError(response, name, group)}
  }

  /**
   * As calicoctl's KDD: GET (for the object to return; a missing object is not found before any DELETE is
   * sent), then DELETE with that object's uid as precondition, so an object re-created meanwhile is left alone.
   * No revision check (KDD ignores the given revision). A dry run asks in the DeleteOptions: the API server
   * reads a DELETE's options from its body and ignores the query when there is a body.
   */
  private async remove(name: string, group: StorageGroup, dryRun: boolean): Promise<WriteResult> {
    if (!isResourceName(name)) return {ok: false, error: invalidName(name, group)}
    const {response: found} = await this.client.call('GET', objectPath(group, name))
    if (found.status !== 200) return {ok: false, error: this.resourceError(found, name, group)}
    const stored = found.body as StoredObject
    const preconditions = stored.metadata.uid ? {uid: stored.metadata.uid} : undefined
    const {response, ambiguous} = await this.client.call('DELETE', objectPath(group, name), {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      ...(preconditions ? {preconditions} : {}),
      ...(dryRun ? {dryRun: ['All']} : {}),
    })
    if (response.status === 200 || response.status === 202) return {ok: true, object: this.convert(stored, group)}
    if (response.status === 404 && ambiguous && !dryRun && isStatus(response)) {
      // An earlier attempt whose answer was lost deleted it.
      return {ok: true, object: this.convert(stored, group)}
    }
    return {ok: false, error: this.resourceError(response, name, group)}
  }

  private async readStored(name: string, group: StorageGroup): Promise<StoredObject | undefined> {
    const {response} = await this.client.call('GET', objectPath(group, name))
    return response.status === 200 ? (response.body as StoredObject) : undefined
  }

  /** calicoctl's per-resource error for a failed write (reference §5.1 error table). */
  private resourceError(response: ApiResponse, name: string, group: StorageGroup): ResourceError {
    const message = statusMessage(response) ?? `HTTP ${response.status}`
    if (response.status >= 500) {
      // The retries ran out on a server error: the server may or may not have done it.
      return new ResourceError(
        'failed',
        name,
        `outcome unknown: the Kubernetes API server kept failing (HTTP ${response.status}: ${message}); check with \`hepctl get hostendpoint ${name}\` whether the change was made`,
      )
    }
    const reason = (response.body as {reason?: string} | undefined)?.reason
    if (response.status === 404) {
      this.checkResourceServed(response, group)
      return ResourceError.notFound(name, message)
    }
    if (response.status === 409) {
      if (reason === 'AlreadyExists') return ResourceError.alreadyExists(name, message)
      if (message.includes('UID in precondition')) return ResourceError.notFound(name, message)
      return ResourceError.conflict(name)
    }
    if (response.status === 422) {
      const fields = causeFields(response)
      if (fields.length > 0 && fields.every(f => f === 'metadata.resourceVersion')) return ResourceError.conflict(name)
      if (fields.length > 0 && fields.every(f => f === 'metadata.uid')) return ResourceError.notFound(name, message)
      return new ResourceError('invalid', name, message)
    }
    return new ResourceError('failed', name, message)
  }

  /** A 404 without a Status body means the API server does not serve HostEndpoints at all. */
  private checkResourceServed(response: ApiResponse, group: StorageGroup): void {
    if (isStatus(response)) return
    const crd = group === 'projectcalico.org/v3' ? 'hostendpoints.projectcalico.org' : 'hostendpoints.crd.projectcalico.org'
    throw new DatastoreUnavailableError(
      `the HostEndpoint CustomResourceDefinition (${crd}) is not installed on ${this.client.server}; install it with: hepctl crd | kubectl apply -f -`,
    )
  }

  /**
   * The watch API from `revision` (kubectl's: allowWatchBookmarks, so a quiet watch still advances), resumed
   * from the last resourceVersion seen when the connection drops or the server ends it; 410 Gone (the
   * history was compacted) is 'expired'. Objects are converted as the reads convert them.
   */
  async watch(request: WatchRequest, onEvent: (event: WatchEvent) => void): Promise<'stopped' | 'expired'> {
    const group = await this.group()
    let revision = request.revision
    let drops = 0
    while (!request.signal.aborted) {
      const query = new URLSearchParams({watch: '1', resourceVersion: revision, allowWatchBookmarks: 'true', timeoutSeconds: '300'})
      let expired = false
      let failure: unknown
      const result = await this.client.stream(`${collectionPath(group)}?${query}`, request.signal, line => {
        if (expired || failure) return
        try {
          const event = JSON.parse(line) as {type?: string; object?: StoredObject & {code?: number}}
          const object = event.object
          if (event.type === 'ERROR') {
            if (object?.code === 410) expired = true
            else failure = this.unexpected({status: object?.code ?? 500, body: object}, 'watch HostEndpoints')
            return
          }
          if (!object) return
          if (object.metadata?.resourceVersion) revision = object.metadata.resourceVersion
          if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
            onEvent({type: event.type, object: this.convert(object, group)})
            drops = 0
          }
        } catch (error) {
          failure = error
        }
      })
      if (failure) throw failure
      if (expired || result.status === 410) return 'expired'
      if (request.signal.aborted) return 'stopped'
      if (result.dropped) {
        // Resume where the stream broke; a server that keeps refusing is reported.
        if (++drops > 10) throw new DatastoreUnavailableError(`the Kubernetes API server at ${this.client.server} keeps dropping the watch`)
        await new Promise(resolve => setTimeout(resolve, Math.min(100 * 2 ** drops, 5000)))
        continue
      }
      if (result.status === 404) this.checkResourceServed({status: 404, body: result.body}, group)
      if (result.status !== 200) throw this.unexpected({status: result.status, body: result.body}, 'watch HostEndpoints')
      // 200 and the end of the body: the server's timeoutSeconds ran out; carry on from the last revision.
    }
    return 'stopped'
  }

  private unexpected(response: ApiResponse, what: string): DatastoreUnavailableError {
    const message = statusMessage(response) ?? (typeof response.body === 'string' ? response.body.trim().split('\n')[0] : '')
    return new DatastoreUnavailableError(
      `the Kubernetes API server at ${this.client.server} failed to ${what}: HTTP ${response.status}${message ? `: ${message}` : ''}`,
    )
  }

  private convert(stored: StoredObject, group: StorageGroup): HostEndpoint {
    try {
      return fromCalicoStorage(stored, group)
    } catch (error) {
      throw new DatastoreUnavailableError(`${(error as Error).message}; fix or delete that object with kubectl`)
    }
  }

  /** Calico's choice of API group (reference §5.1, discovery.go), made once per store. */
  private group(): Promise<StorageGroup> {
    this.groupPromise ??= this.discoverGroup()
    return this.groupPromise
  }

  private async discoverGroup(): Promise<StorageGroup> {
    if (this.apiGroup) return this.apiGroup.toLowerCase() === 'projectcalico.org/v3' ? 'projectcalico.org/v3' : 'crd.projectcalico.org/v1'
    const {response} = await this.client.call('GET', 'apis')
    if (response.status !== 200) return 'crd.projectcalico.org/v1'
    const groups = ((response.body as {groups?: Array<{name?: string}>}).groups ?? []).map(g => g.name)
    return groups.includes('projectcalico.org') && !groups.includes('crd.projectcalico.org')
      ? 'projectcalico.org/v3'
      : 'crd.projectcalico.org/v1'
  }
}

function collectionPath(group: StorageGroup): string {
  return `apis/${group}/hostendpoints`
}

function objectPath(group: StorageGroup, name: string): string {
  return `${collectionPath(group)}/${encodeURIComponent(name)}`
}


/** The API server's own wording for a bad name, without sending a request whose path the name would break. */
function invalidName(name: string, group: StorageGroup): ResourceError {
  const kind = group === 'projectcalico.org/v3' ? 'HostEndpoint.projectcalico.org' : 'HostEndpoint.crd.projectcalico.org'
  return new ResourceError(
    'invalid',
    name,
    `${kind} ${JSON.stringify(name)} is invalid: metadata.name: Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (at most 253 characters)`,
  )
}

function isStatus(response: ApiResponse): boolean {
  return typeof response.body === 'object' && response.body !== null && (response.body as {kind?: unknown}).kind === 'Status'
}

function causeFields(response: ApiResponse): string[] {
  const causes = (response.body as {details?: {causes?: Array<{field?: string}>}} | undefined)?.details?.causes ?? []
  return causes.map(c => c.field ?? '')
}

/** Whether the stored object holds exactly what `sent` asked for (spec, labels, annotations, v1 metadata). */
function sameContent(sent: StoredObject, stored: StoredObject, group: StorageGroup): boolean {
  if (!deepEqual(sent.spec ?? {}, stored.spec ?? {})) return false
  if (group === 'crd.projectcalico.org/v1') {
    return sent.metadata.annotations?.[METADATA_ANNOTATION] === stored.metadata.annotations?.[METADATA_ANNOTATION]
  }
  return deepEqual(sent.metadata.labels ?? {}, stored.metadata.labels ?? {}) &&
    deepEqual(sent.metadata.annotations ?? {}, stored.metadata.annotations ?? {})
}
