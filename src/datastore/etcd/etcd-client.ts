/**
 * A small etcd v3 client: etcd's own gRPC API (`etcdserverpb.KV/Range`, `KV/Txn`, `KV/Put`,
 * `Auth/Authenticate`, and the `Watch/Watch` stream) over Node's built-in HTTP/2, with the few protobuf
 * messages it needs encoded by hand (etcd-protobuf.ts).
 *
 * Why not the `etcd3` npm package: it was last released in 2023, its CI never covered etcd 3.4 or later, and
 * it pulls in @grpc/grpc-js and protobuf loading (tens of milliseconds and several MB) on every etcd command.
 * Why not etcd's JSON gateway (`/v3/kv/...`): reading 10,000 HostEndpoints through it took about 140 ms
 * (JSON with base64 values, encoded by etcd and decoded here) against 50 ms over gRPC, and the gateway
 * cannot authenticate by TLS common name. gRPC is what etcdctl and Calico themselves speak.
 *
 * Behaviour: one HTTP/2 connection per member, shared by all requests in flight; every request has a deadline
 * (`requestTimeoutMs`); when a member is unreachable, the request goes to the next endpoint; with
 * username/password a token is fetched lazily and fetched again when etcd says it expired. Unreachable
 * members, TLS failures and refused credentials end as a DatastoreUnavailableError (exit code 3). Passwords
 * and tokens never appear in an error.
 */
import {readFileSync} from 'node:fs'
import http2 from 'node:http2'
import {endpointText} from '../../config/endpoint-text.js'
import {DatastoreUnavailableError} from '../datastore.js'
import {
  decodeAuthenticateResponse, decodeRangeResponse, decodeRevision, decodeTxnResponse, decodeWatchResponse,
  encodeAuthenticateRequest, encodePutRequest, encodeRangeRequest, encodeTxnRequest, encodeWatchCreateRequest,
  ProtobufError, type Compare, type EtcdKeyValue, type RangeRequest, type RequestOp, type ResponseOp,
  type EtcdEvent, type WatchResponse,
} from './etcd-protobuf.js'

export type {Compare, EtcdKeyValue, RequestOp, ResponseOp, EtcdEvent}

export interface EtcdTlsMaterial {
  /** PEM text (already read from files, or inline). */
  ca?: string
  cert?: string
  key?: string
}

export interface EtcdClientOptions {
  endpoints: string[]
  tls?: EtcdTlsMaterial
  username?: string
  password?: string
  requestTimeoutMs: number
}

export interface WatchOptions {
  key: string
  /** Bytes as latin1 text (prefixRangeEnd's form). */
  rangeEnd: string
  /** The first revision to report. */
  startRevision: string
  signal: AbortSignal
}

export interface RangeResult {
  /** The store's revision when the read was served. */
  revision: string
  kvs: EtcdKeyValue[]
  more: boolean
}

export interface TxnResult {
  succeeded: boolean
  revision: string
  responses: ResponseOp[]
  /**
   * An earlier attempt of this same request failed in a way that leaves open whether etcd applied it
   * (timeout, connection lost mid-request), and the request was sent again.
   */
  resent: boolean
}

/** etcd answered, but refused this one request (e.g. a compacted revision, too many ops in a txn). */
export class EtcdRequestError extends Error {
  constructor(readonly code: number, message: string) {
    super(message)
    this.name = 'EtcdRequestError'
  }
}

/** gRPC status codes. */
const GRPC_OK = 0
const GRPC_PERMISSION_DENIED = 7
const GRPC_UNAVAILABLE = 14
const GRPC_UNAUTHENTICATED = 16

/** Attempts in a row to open a watch that may fail (pauses growing to 2 s) before the watch gives up. */
const MAX_WATCH_ATTEMPTS = 10

/** How often a watch's connection is pinged, to find a member that froze or a network that went silent. */
const WATCH_PING_INTERVAL_MS = 10_000

/** Rounds over all members when some were only busy (no leader yet, shutting down). */
const MAX_ROUNDS = 3

/** Receive window per connection and per stream: a page of a large range arrives without waiting. */
const WINDOW_BYTES = 16 * 1024 * 1024

/** Answers of a member that cannot serve now (no quorum, shutting down): another member may. */
const MEMBER_UNAVAILABLE = /no leader|request timed out|leader changed|not capable|server stopped|connection is closing|transport is closing|context canceled|TransientFailure|raft proposal dropped/

/** Network failures where the request certainly never reached etcd: safe to send elsewhere. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])

const TLS_ERROR_CODES = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|ERR_OSSL_)/

interface Endpoint {
  url: URL
  /** For messages: scheme, host and port only (never credentials in a URL). */
  display: string
  /** The connection, once one was asked for, and its opening; dropped when it closes. */
  session?: {client: http2.ClientHttp2Session; opened: Promise<http2.ClientHttp2Session>}
}

/** How one Watch stream ended. */
type WatchStreamEnd = {created: boolean} & (
  | {kind: 'stopped'}
  | {kind: 'compacted'}
  /** Unreachable, cut, or ended without a status: another member may serve. */
  | {kind: 'failed'; error: AttemptError}
  /** etcd ended the stream or canceled the watch with this status (GRPC_OK with a cancel reason). */
  | {kind: 'refused'; code: number; message: string}
  /** Not to be retried (an answer hepctl cannot read; onEvents threw). */
  | {kind: 'error'; error: unknown}
)

/** How one attempt failed, for the failover loop. */
class AttemptError extends Error {
  constructor(message: string, readonly sent: boolean, readonly tls: boolean) {
    super(message)
  }
}

/** etcd's answer to one call: the response message, or a gRPC status other than OK. */
type CallOutcome = {ok: true; message: Buffer} | {ok: false; code: number; message: string}

/** The key just after every key that starts with `prefix` (etcd's prefix range end). */
export function prefixRangeEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8')
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 0xff) {
      const end = bytes.subarray(0, i + 1)
      end[i]++
      return end.toString('latin1')
    }
  }
  return '\0'
}

/** Read a PEM from a file for the TLS settings, with an error that names the setting and path. */
export function readPemFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new DatastoreUnavailableError(`cannot read the etcd ${what} file ${path}: ${code}`)
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, {once: true})
  })
}

function parseEndpoint(raw: string, tls: EtcdTlsMaterial | undefined): URL {
  const text = raw.trim()
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${tls ? 'https' : 'http'}://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new DatastoreUnavailableError(`invalid etcd endpoint "${endpointText(text)}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DatastoreUnavailableError(`invalid etcd endpoint "${url.host}": the scheme must be http or https`)
  }
  return url
}

export class EtcdClient {
  private readonly endpoints: Endpoint[]
  private current = 0
  private token: string | undefined
  private authenticating: Promise<void> | undefined
  private readonly useAuth: boolean
  private closed = false

  constructor(private readonly options: EtcdClientOptions) {
    if (options.endpoints.length === 0) throw new DatastoreUnavailableError('no etcd endpoints specified')
    this.endpoints = options.endpoints.map(raw => {
      const url = parseEndpoint(raw, options.tls)
      return {url, display: `${url.protocol}//${url.host}`}
    })
    this.useAuth = Boolean(options.username && options.password)
  }

  /** The endpoints, for `hepctl version` and messages. */
  get location(): string {
    return this.endpoints.map(e => e.display).join(',')
  }

  async range(key: string, opts: Omit<RangeRequest, 'key'> = {}): Promise<RangeResult> {
    const {message} = await this.call('/etcdserverpb.KV/Range', encodeRangeRequest({key, ...opts}))
    return decoded(decodeRangeResponse, message)
  }

  /** An unconditional put (for benchmarks and tests); returns the new revision. */
  async put(key: string, value: string): Promise<string> {
    const {message} = await this.call('/etcdserverpb.KV/Put', encodePutRequest(key, value))
    return decoded(decodeRevision, message)
  }

  async txn(compare: readonly Compare[], success: readonly RequestOp[], failure: readonly RequestOp[] = []): Promise<TxnResult> {
    const {message, resent} = await this.call('/etcdserverpb.KV/Txn', encodeTxnRequest(compare, success, failure))
    return {...decoded(decodeTxnResponse, message), resent}
  }

  /**
   * etcd's Watch RPC, a bidirectional stream: one WatchCreateRequest for [key, rangeEnd) from
   * `startRevision`, with each event's previous key-value, then WatchResponses as changes are made. Each batch
   * of events (whole revisions, in order) goes to `onEvents`. Runs until `signal` aborts ('stopped') or etcd
   * no longer holds the history from where the watch stands ('compacted': the caller lists again).
   *
   * A member that fails, ends the stream or loses its leader (the stream asks etcd to end it then, as
   * etcdctl's does) is left for the next endpoint, and the watch resumes after the last revision it reported
   * (or that a progress notification vouched for): no event is lost or reported twice. The token and TLS
   * are the unary calls'; an expired token is fetched again. Until etcd confirms the watch, the request
   * deadline applies; a confirmed watch lasts as long as its member keeps it and answers the pings sent
   * every WATCH_PING_INTERVAL_MS within the request timeout. After MAX_WATCH_ATTEMPTS
   * failed attempts in a row, with growing pauses, the watch ends with a DatastoreUnavailableError.
   */
  async watch(options: WatchOptions, onEvents: (events: EtcdEvent[]) => void): Promise<'stopped' | 'compacted'> {
    const {signal} = options
    let next = BigInt(options.startRevision)
    let attempts = 0
    let reauthenticated = false
    let tlsOnly = true
    const failures: string[] = []
    while (!signal.aborted) {
      if (this.useAuth && this.token === undefined) await this.authenticate()
      const index = this.current
      const endpoint = this.endpoints[index]
      const token = this.token
      const request = encodeWatchCreateRequest({
        key: options.key, rangeEnd: options.rangeEnd, startRevision: String(next), progressNotify: true, prevKv: true,
      })
      const end = await this.watchStream(endpoint, request, token, signal, response => {
        const last = response.events[response.events.length - 1]
        if (last) {
          next = BigInt(last.kv.modRevision) + 1n
          onEvents(response.events)
        } else if (!response.created && BigInt(response.revision) >= next) {
          // A progress notification: nothing under the range changed up to the header's revision.
          next = BigInt(response.revision) + 1n
        }
      })
      if (end.created) {
        // The member served the watch: what failed before is forgotten.
        attempts = 0
        reauthenticated = false
        tlsOnly = true
        failures.length = 0
      }
      if (end.kind === 'stopped') return 'stopped'
      if (end.kind === 'compacted') return 'compacted'
      if (end.kind === 'error') throw end.error
      if (end.kind === 'refused' && !(end.code === GRPC_UNAVAILABLE || MEMBER_UNAVAILABLE.test(end.message))) {
        const verdict = this.refusal(end.message, end.code)
        if (verdict instanceof DatastoreUnavailableError) throw verdict
        if (verdict instanceof Error) throw new DatastoreUnavailableError(`etcd ended the watch: ${verdict.message}`)
        if (reauthenticated) throw new DatastoreUnavailableError(`etcd refused the credentials of user "${this.options.username}": ${end.message}`)
        reauthenticated = true
        if (this.token === token) this.token = undefined
        continue
      }
      // This member cannot serve the watch now (unreachable, stopped, no leader): the next one may.
      failures.push(`${endpoint.display}: ${end.kind === 'refused' ? end.message : end.error.message}`)
      if (end.kind === 'refused' || !end.error.tls) tlsOnly = false
      if (++attempts >= MAX_WATCH_ATTEMPTS) throw unreachable(failures.slice(-this.endpoints.length), tlsOnly)
      this.current = (index + 1) % this.endpoints.length
      // The first failover is immediate; after that the pauses grow, as a member may take a while to return.
      if (attempts > 1) await pause(Math.min(100 * 2 ** (attempts - 1), 2000), signal)
    }
    return 'stopped'
  }

  close(): void {
    this.closed = true
    for (const endpoint of this.endpoints) {
      endpoint.session?.client.destroy()
      endpoint.session = undefined
    }
  }

  /** Send one request with the token if any; see `exchange` for failover. */
  private async call(method: string, request: Buffer): Promise<{message: Buffer; resent: boolean}> {
    if (this.useAuth && this.token === undefined) await this.authenticate()
    return this.exchange(method, request, true, (message, code) => this.refusal(message, code))
  }

  /** What an etcd error status means: a new token is due, or the error to report. */
  private refusal(message: string, code: number): 'reauthenticate' | Error {
    if (this.useAuth && (code === GRPC_UNAUTHENTICATED || /invalid auth token/.test(message))) return 'reauthenticate'
    if (/user name is empty|authentication failed|invalid auth token/.test(message) || code === GRPC_UNAUTHENTICATED) {
      return new DatastoreUnavailableError(
        this.useAuth ? `etcd refused the credentials of user "${this.options.username}": ${message}` : `etcd requires authentication: ${message}`,
        this.useAuth ? undefined : 'set etcdUsername and etcdPassword (ETCD_USERNAME, ETCD_PASSWORD)',
      )
    }
    if (code === GRPC_PERMISSION_DENIED || /permission denied/.test(message)) {
      return new DatastoreUnavailableError(
        `connection is unauthorized: ${message}`,
        'the etcd user needs read and write permission on the prefix /calico/resources/v3/projectcalico.org/hostendpoints/',
      )
    }
    return new EtcdRequestError(code, message)
  }

  /** Fetch a token once for all concurrent callers. */
  private authenticate(): Promise<void> {
    this.authenticating ??= (async () => {
      try {
        const request = encodeAuthenticateRequest(this.options.username ?? '', this.options.password ?? '')
        const {message} = await this.exchange('/etcdserverpb.Auth/Authenticate', request, false, error =>
          /authentication is not enabled/.test(error)
            ? Buffer.alloc(0)
            : new DatastoreUnavailableError(`etcd refused the credentials of user "${this.options.username}": ${error}`),
        )
        this.token = decoded(decodeAuthenticateResponse, message)
      } finally {
        this.authenticating = undefined
      }
    })()
    return this.authenticating
  }

  /**
   * Send one request to the members in turn, starting with the last one that answered, until one answers.
   * Unreachable members and members that cannot serve now (no leader, shutting down) are skipped; if some
   * member was only busy, all are tried again after a short pause (twice at most). `judge` decides what an
   * etcd error status means: a replacement answer, a new token and the same member again, or an error.
   * `resent` tells that an earlier attempt may have been applied.
   */
  private async exchange(
    method: string,
    request: Buffer,
    withToken: boolean,
    judge: (message: string, code: number) => Buffer | 'reauthenticate' | Error,
  ): Promise<{message: Buffer; resent: boolean}> {
    let resent = false
    let maybeApplied = false
    let reauthenticated = false
    const failures: string[] = []
    let tlsOnly = true
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (round > 0) await new Promise(resolve => setTimeout(resolve, 250 * round))
      let busy = false
      failures.length = 0
      for (let attempt = 0; attempt < this.endpoints.length; attempt++) {
        const index = (this.current + attempt) % this.endpoints.length
        const endpoint = this.endpoints[index]
        const token = withToken ? this.token : undefined
        let outcome: CallOutcome
        try {
          if (maybeApplied) resent = true
          outcome = await this.unary(endpoint, method, request, token)
        } catch (error) {
          const failure = error as AttemptError
          failures.push(`${endpoint.display}: ${failure.message}`)
          if (!failure.tls) tlsOnly = false
          if (failure.sent) maybeApplied = true
          continue
        }
        if (outcome.ok) {
          this.current = index
          return {message: outcome.message, resent}
        }
        const {code, message} = outcome
        if (code === GRPC_UNAVAILABLE || MEMBER_UNAVAILABLE.test(message)) {
          // This member cannot serve now (lost quorum, stopping): ask another. It may have applied a write.
          failures.push(`${endpoint.display}: ${message}`)
          tlsOnly = false
          maybeApplied = true
          busy = true
          continue
        }
        const verdict = judge(message, code)
        if (verdict instanceof Error) throw verdict
        if (verdict === 'reauthenticate') {
          if (reauthenticated) throw new DatastoreUnavailableError(`etcd refused the credentials of user "${this.options.username}": ${message}`)
          // The token expired (simple tokens live --auth-token-ttl, 5 minutes by default): fetch a new one,
          // unless a concurrent request already did, and ask the same member again.
          reauthenticated = true
          if (this.token === token) {
            this.token = undefined
            await this.authenticate()
          }
          attempt--
          continue
        }
        this.current = index
        return {message: verdict, resent}
      }
      if (!busy) break
    }
    throw unreachable(failures, tlsOnly)
  }

  /** The member's connection, opened on first use and opened again after it closed. */
  private session(endpoint: Endpoint): Promise<http2.ClientHttp2Session> {
    if (endpoint.session) return endpoint.session.opened
    const tls = this.options.tls
    const client = http2.connect(endpoint.url.origin, {
      ...(endpoint.url.protocol === 'https:' ? {ca: tls?.ca, cert: tls?.cert, key: tls?.key} : {}),
      settings: {initialWindowSize: WINDOW_BYTES},
    })
    const opened = new Promise<http2.ClientHttp2Session>((resolve, reject) => {
      client.once('connect', () => {
        client.setLocalWindowSize(WINDOW_BYTES)
        resolve(client)
      })
      client.once('error', error => reject(classify(error as NodeJS.ErrnoException, false)))
    })
    opened.catch(() => undefined) // the caller awaits it; a later failure must not go unhandled meanwhile
    const session = {client, opened}
    // A connection that fails, closes or is told to go away is forgotten: the next request opens a new one.
    const forget = (): void => {
      if (endpoint.session === session) endpoint.session = undefined
    }
    client.on('error', forget)
    client.once('close', forget)
    client.once('goaway', forget)
    endpoint.session = session
    return opened
  }

  /**
   * One Watch stream on one member, until it ends; how it ended, and whether etcd confirmed the watch
   * (`created`) before. Never rejects.
   */
  private watchStream(
    endpoint: Endpoint,
    request: Buffer,
    token: string | undefined,
    signal: AbortSignal,
    onResponse: (response: WatchResponse) => void,
  ): Promise<WatchStreamEnd> {
    return new Promise(resolve => {
      let settled = false
      let created = false
      let stream: http2.ClientHttp2Stream | undefined
      let session: http2.ClientHttp2Session | undefined
      let pinger: NodeJS.Timeout | undefined
      const finish = (end: WatchStreamEnd): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        clearInterval(pinger)
        signal.removeEventListener('abort', stop)
        // Closing the stream ends the watch on etcd's side too (the stream's context is canceled).
        if (stream && !stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL)
        resolve(end)
      }
      const failed = (error: AttemptError): void => finish({kind: 'failed', error, created})
      const stop = (): void => finish({kind: 'stopped', created})
      if (signal.aborted) return stop()
      signal.addEventListener('abort', stop, {once: true})
      if (this.closed) return failed(new AttemptError('the client is closed', false, false))
      const timeoutMs = this.options.requestTimeoutMs
      const timer = timeoutMs > 0 ? setTimeout(() => failed(new AttemptError(`no answer within ${timeoutMs} ms`, true, false)), timeoutMs) : undefined

      // A quiet watch cannot tell a quiet etcd from a member that froze or a network that went silent: while
      // the watch lasts, the connection is pinged, and one that does not answer within the request timeout
      // is closed, so that the watch moves to another member.
      const keepAlive = (): void => {
        if (timeoutMs <= 0 || pinger) return
        pinger = setInterval(() => {
          const connection = session
          if (!connection || settled) return
          const deadline = setTimeout(() => {
            connection.destroy()
            failed(new AttemptError(`no answer to a ping within ${timeoutMs} ms`, true, false))
          }, timeoutMs)
          const sent = connection.ping(() => clearTimeout(deadline))
          if (!sent) clearTimeout(deadline)
        }, WATCH_PING_INTERVAL_MS)
      }

      const receive = (message: Buffer): void => {
        let response: WatchResponse
        try {
          response = decoded(decodeWatchResponse, message)
        } catch (error) {
          return finish({kind: 'error', error, created})
        }
        if (response.compactRevision !== '0') return finish({kind: 'compacted', created})
        if (response.canceled) {
          // etcd words some reasons as a whole gRPC error ("rpc error: code = PermissionDenied desc = ...").
          const reason = response.cancelReason.replace(/^rpc error: code = \w+ desc = /, '')
          return finish({kind: 'refused', code: GRPC_OK, message: reason || 'etcd canceled the watch', created})
        }
        if (response.created) {
          created = true
          clearTimeout(timer)
          keepAlive()
        }
        try {
          onResponse(response)
        } catch (error) {
          finish({kind: 'error', error, created})
        }
      }

      this.session(endpoint).then(opened => {
        if (settled) return
        session = opened
        const headers: http2.OutgoingHttpHeaders = {
          ':method': 'POST',
          ':path': '/etcdserverpb.Watch/Watch',
          'content-type': 'application/grpc',
          te: 'trailers',
          // Have etcd end the watch when this member has no leader (it would stop seeing changes).
          hasleader: 'true',
        }
        if (token) headers.token = token
        try {
          stream = opened.request(headers)
        } catch (error) {
          return failed(classify(error as NodeJS.ErrnoException, false))
        }
        let status: number | undefined
        let grpcHeaders: http2.IncomingHttpHeaders = {}
        // Bytes received and not yet taken as whole messages; a large message is joined once it is complete.
        let pending: Buffer[] = []
        let pendingBytes = 0
        stream.on('response', responseHeaders => {
          status = Number(responseHeaders[':status'])
          grpcHeaders = responseHeaders
        })
        stream.on('trailers', trailers => {
          grpcHeaders = {...grpcHeaders, ...trailers}
        })
        stream.on('data', (chunk: Buffer) => {
          // gRPC messages, each a flag byte (0: uncompressed), a 4-byte length and the message, across chunks.
          pending.push(chunk)
          pendingBytes += chunk.length
          while (!settled && pendingBytes >= 5) {
            let head = pending[0]
            if (head.length < 5) head = pending[0] = Buffer.concat(pending.splice(0))
            if (head[0] !== 0) return failed(new AttemptError('unexpected answer: a compressed gRPC message', true, false))
            const end = 5 + head.readUInt32BE(1)
            if (pendingBytes < end) break
            const bytes = pending.length === 1 ? head : Buffer.concat(pending)
            receive(bytes.subarray(5, end))
            pending = end < bytes.length ? [bytes.subarray(end)] : []
            pendingBytes -= end
          }
        })
        stream.on('error', (error: NodeJS.ErrnoException) => failed(classifyStreamError(error)))
        stream.on('close', () => {
          if (settled) return
          if (status === undefined) return failed(new AttemptError('the connection closed before etcd answered', true, false))
          const code = grpcHeaders['grpc-status']
          if (status === 200 && code !== undefined && Number(code) !== GRPC_OK) {
            return finish({kind: 'refused', code: Number(code), message: grpcMessage(grpcHeaders['grpc-message']), created})
          }
          const grpc = status === 200 && String(grpcHeaders['content-type'] ?? '').startsWith('application/grpc')
          failed(new AttemptError(grpc ? 'etcd ended the watch' : `unexpected answer (HTTP ${status}); is this an etcd client URL?`, true, false))
        })
        const frame = Buffer.alloc(5 + request.length)
        frame.writeUInt32BE(request.length, 1)
        request.copy(frame, 5)
        // The request side stays open: closing it would end the watch.
        stream.write(frame)
      }, failed)
    })
  }

  /** One gRPC call to one member, with a deadline. Rejects with an AttemptError. */
  private unary(endpoint: Endpoint, method: string, request: Buffer, token: string | undefined): Promise<CallOutcome> {
    if (this.closed) return Promise.reject(new AttemptError('the client is closed', false, false))
    const timeoutMs = this.options.requestTimeoutMs
    return new Promise((resolve, reject) => {
      let settled = false
      let stream: http2.ClientHttp2Stream | undefined
      const finish = (outcome: CallOutcome | AttemptError): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (outcome instanceof AttemptError) {
          if (stream && !stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL)
          reject(outcome)
        } else resolve(outcome)
      }
      // A timeout of 0 means no limit (--request-timeout 0).
      const timer = timeoutMs > 0 ? setTimeout(() => finish(new AttemptError(`no answer within ${timeoutMs} ms`, stream !== undefined, false)), timeoutMs) : undefined

      this.session(endpoint).then(session => {
        if (settled) return
        const headers: http2.OutgoingHttpHeaders = {
          ':method': 'POST',
          ':path': method,
          'content-type': 'application/grpc',
          te: 'trailers',
        }
        if (token) headers.token = token
        stream = session.request(headers)
        const chunks: Buffer[] = []
        let status: number | undefined
        let grpcHeaders: http2.IncomingHttpHeaders = {}
        stream.on('response', responseHeaders => {
          status = Number(responseHeaders[':status'])
          grpcHeaders = responseHeaders
        })
        stream.on('trailers', trailers => {
          grpcHeaders = {...grpcHeaders, ...trailers}
        })
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('error', (error: NodeJS.ErrnoException) => finish(classifyStreamError(error)))
        stream.on('close', () => {
          if (settled) return
          if (status === undefined) {
            // Reset before any answer: a refused stream was never processed; anything else may have been.
            const refused = stream?.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM
            finish(new AttemptError('the connection closed before etcd answered', !refused, false))
            return
          }
          finish(readOutcome(status, grpcHeaders, Buffer.concat(chunks)))
        })
        const frame = Buffer.alloc(5 + request.length)
        frame.writeUInt32BE(request.length, 1)
        request.copy(frame, 5)
        stream.end(frame)
      }, (error: AttemptError) => finish(error))
    })
  }
}

/** No member could be used: what each attempt met, and where to look. */
function unreachable(failures: readonly string[], tlsOnly: boolean): DatastoreUnavailableError {
  const what = tlsOnly ? 'TLS connection to etcd failed' : 'cannot reach etcd'
  return new DatastoreUnavailableError(`${what}: ${failures.join('; ')}`, tlsOnly
    ? 'check etcdCACertFile / etcdCertFile / etcdKeyFile and that the endpoints use https'
    : 'check etcdEndpoints and that etcd is running')
}

/** A response message decoded; one that does not decode means the peer is not the etcd we expect. */
function decoded<T>(decode: (message: Buffer) => T, message: Buffer): T {
  try {
    return decode(message)
  } catch (error) {
    if (error instanceof ProtobufError) throw new DatastoreUnavailableError(`etcd sent an answer hepctl cannot read: ${error.message}`)
    throw error
  }
}

/** What a finished gRPC response says: the message, an error status, or an answer that is not gRPC. */
function readOutcome(status: number, headers: http2.IncomingHttpHeaders, body: Buffer): CallOutcome | AttemptError {
  const grpcStatus = headers['grpc-status']
  if (status !== 200 || grpcStatus === undefined || !String(headers['content-type'] ?? '').startsWith('application/grpc')) {
    return new AttemptError(`unexpected answer (HTTP ${status}); is this an etcd client URL?`, status >= 500, false)
  }
  const code = Number(grpcStatus)
  if (code !== GRPC_OK) return {ok: false, code, message: grpcMessage(headers['grpc-message'])}
  // One length-prefixed message, uncompressed (hepctl offers no compression).
  if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) {
    return new AttemptError('unexpected answer: not one uncompressed gRPC message', true, false)
  }
  return {ok: true, message: body.subarray(5)}
}

/** grpc-message is percent-encoded. */
function grpcMessage(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(', ') : value ?? ''
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Word a network failure and tell whether the request may have reached etcd. */
function classify(error: NodeJS.ErrnoException, sent: boolean): AttemptError {
  const code = error.code ?? ''
  if (TLS_ERROR_CODES.test(code) || /certificate|ssl|tls/i.test(error.message)) {
    return new AttemptError(`TLS handshake failed: ${error.message}`, false, true)
  }
  if (NOT_SENT_CODES.has(code)) return new AttemptError(`${code} (${error.message})`, false, false)
  // A peer that does not speak HTTP/2 (a web server, a proxy) fails the connection with a protocol error.
  const hint = code.startsWith('ERR_HTTP2_') ? '; is this an etcd client URL?' : ''
  return new AttemptError(code ? `${code} (${error.message})${hint}` : error.message, sent, false)
}

/** A stream that failed: a stream cancelled before it was sent carries the connection's error as its cause. */
function classifyStreamError(error: NodeJS.ErrnoException): AttemptError {
  if (error.code === 'ERR_HTTP2_STREAM_CANCEL' && error.cause instanceof Error) return classify(error.cause as NodeJS.ErrnoException, false)
  return classify(error, true)
}
