/**
 * A small etcd v3 client over etcd's JSON gateway (`POST /v3/kv/range`, `/v3/kv/txn`, `/v3/kv/put`,
 * `/v3/auth/authenticate`; keys and values base64, 64-bit numbers as decimal strings).
 *
 * Why the gateway and not the `etcd3` npm package (gRPC):
 * - Correctness: the gateway is part of etcd itself and serves `/v3` from 3.4 on (Debian bookworm ships 3.4);
 *   hepctl needs only range, txn and authenticate, whose JSON shapes are the protobuf messages etcdctl uses.
 *   `etcd3` was last released in 2023 and its CI never covered etcd 3.4 or later.
 * - Start-up: Node's own `http`/`https` modules are all it needs, so loading it costs nothing noticeable, and
 *   it is imported only when the etcdv3 datastore is opened; `etcd3` would pull in @grpc/grpc-js and
 *   protobuf loading (tens of milliseconds and several MB) on every etcd command.
 * - Maintenance: no dependency to track. We use plain `node:http(s)` rather than got because every call
 *   is one POST with a JSON body, and we want to decide ourselves when a request may be sent to another
 *   member (failover) and how each network, TLS and auth failure is worded.
 * Limits: the gateway does not authenticate by TLS common name (`--client-cert-auth` still verifies the
 * client certificate), and etcd 3.3 and older (`/v3beta`, `/v3alpha`) are not supported.
 *
 * Behaviour: keep-alive connections; every request has a deadline (`requestTimeoutMs`); when a member is
 * unreachable, the request goes to the next endpoint; with username/password a token is fetched lazily and
 * fetched again when etcd says it expired. Unreachable members, TLS failures and refused credentials end
 * as a DatastoreUnavailableError (exit code 3). Passwords and tokens never appear in an error.
 */
import {readFileSync} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import {DatastoreUnavailableError} from '../datastore.js'

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
  /** Upper bound of open connections per member. */
  maxSockets?: number
}

export interface EtcdKeyValue {
  key: string
  value: string
  modRevision: string
  createRevision: string
  version: string
}

export interface RangeResult {
  /** The store's revision when the read was served. */
  revision: string
  kvs: EtcdKeyValue[]
  more: boolean
}

export type Compare =
  | {key: string; target: 'VERSION'; result: 'EQUAL' | 'GREATER'; version: string}
  | {key: string; target: 'MOD'; result: 'EQUAL'; modRevision: string}

export type RequestOp =
  | {put: {key: string; value: string}}
  | {range: {key: string}}
  | {deleteRange: {key: string; prevKv: boolean; rangeEnd?: string}}

export interface ResponseOp {
  /** The keys read by a range op, or the previous keys of a delete op. */
  kvs: EtcdKeyValue[]
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

/** gRPC status codes etcd's gateway returns in `code`. */
const GRPC_PERMISSION_DENIED = 7
const GRPC_UNAVAILABLE = 14
const GRPC_UNAUTHENTICATED = 16

/** Rounds over all members when some were only busy (no leader yet, shutting down). */
const MAX_ROUNDS = 3

/** Answers of a member that cannot serve now (no quorum, shutting down): another member may. */
const MEMBER_UNAVAILABLE = /no leader|request timed out|leader changed|not capable|server stopped|connection is closing|transport is closing|context canceled|TransientFailure/

/** Network failures where the request certainly never reached etcd: safe to send elsewhere. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])

interface Endpoint {
  url: URL
  /** For messages: scheme, host and port only (never credentials in a URL). */
  display: string
  agent: http.Agent
}

/** How one attempt failed, for the failover loop. */
class AttemptError extends Error {
  constructor(message: string, readonly sent: boolean, readonly tls: boolean) {
    super(message)
  }
}

const TLS_ERROR_CODES = /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|ERR_OSSL_)/

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}

function unb64(text: unknown): string {
  return typeof text === 'string' ? Buffer.from(text, 'base64').toString('utf8') : ''
}

function str(value: unknown, fallback = '0'): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback
}

interface RawKv {
  key?: string
  value?: string
  mod_revision?: string
  create_revision?: string
  version?: string
}

function toKv(raw: RawKv): EtcdKeyValue {
  return {
    key: unb64(raw.key),
    value: unb64(raw.value),
    modRevision: str(raw.mod_revision),
    createRevision: str(raw.create_revision),
    version: str(raw.version),
  }
}

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

function parseEndpoint(raw: string, tls: EtcdTlsMaterial | undefined): URL {
  const text = raw.trim()
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${tls ? 'https' : 'http'}://${text}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new DatastoreUnavailableError(`invalid etcd endpoint "${text.replace(/\/\/[^@/]*@/, '//')}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DatastoreUnavailableError(`invalid etcd endpoint "${url.host}": the scheme must be http or https`)
  }
  return url
}

export class EtcdGatewayClient {
  private readonly endpoints: Endpoint[]
  private current = 0
  private token: string | undefined
  private authenticating: Promise<void> | undefined
  private readonly useAuth: boolean

  constructor(private readonly options: EtcdClientOptions) {
    if (options.endpoints.length === 0) throw new DatastoreUnavailableError('no etcd endpoints specified')
    const maxSockets = options.maxSockets ?? 32
    let httpAgent: http.Agent | undefined
    let httpsAgent: https.Agent | undefined
    this.endpoints = options.endpoints.map(raw => {
      const url = parseEndpoint(raw, options.tls)
      let agent: http.Agent
      if (url.protocol === 'https:') {
        httpsAgent ??= new https.Agent({
          keepAlive: true, keepAliveMsecs: 30_000, maxSockets,
          ca: options.tls?.ca, cert: options.tls?.cert, key: options.tls?.key,
        })
        agent = httpsAgent
      } else {
        httpAgent ??= new http.Agent({keepAlive: true, keepAliveMsecs: 30_000, maxSockets})
        agent = httpAgent
      }
      return {url, display: `${url.protocol}//${url.host}`, agent}
    })
    this.useAuth = Boolean(options.username && options.password)
  }

  /** The endpoints, for `hepctl version` and messages. */
  get location(): string {
    return this.endpoints.map(e => e.display).join(',')
  }

  async range(key: string, opts: {rangeEnd?: string; limit?: number; revision?: string} = {}): Promise<RangeResult> {
    const body: Record<string, unknown> = {key: b64(key)}
    if (opts.rangeEnd !== undefined) body.range_end = Buffer.from(opts.rangeEnd, 'latin1').toString('base64')
    if (opts.limit) body.limit = String(opts.limit)
    if (opts.revision) body.revision = opts.revision
    const {json} = await this.call('/v3/kv/range', body)
    const kvs = Array.isArray(json.kvs) ? (json.kvs as RawKv[]).map(toKv) : []
    return {revision: headerRevision(json), kvs, more: json.more === true}
  }

  /** An unconditional put (for benchmarks and tests); returns the new revision. */
  async put(key: string, value: string): Promise<string> {
    const {json} = await this.call('/v3/kv/put', {key: b64(key), value: b64(value)})
    return headerRevision(json)
  }

  async txn(compare: readonly Compare[], success: readonly RequestOp[], failure: readonly RequestOp[] = []): Promise<TxnResult> {
    const body = {
      compare: compare.map(c =>
        c.target === 'VERSION'
          ? {key: b64(c.key), target: 'VERSION', result: c.result, version: c.version}
          : {key: b64(c.key), target: 'MOD', result: c.result, mod_revision: c.modRevision},
      ),
      success: success.map(requestOpJson),
      failure: failure.map(requestOpJson),
    }
    const {json, resent} = await this.call('/v3/kv/txn', body)
    const responses = Array.isArray(json.responses) ? (json.responses as Record<string, unknown>[]).map(responseOp) : []
    return {succeeded: json.succeeded === true, revision: headerRevision(json), responses, resent}
  }

  close(): void {
    for (const e of this.endpoints) e.agent.destroy()
  }

  /** Send one request with the token if any; see `exchange` for failover. */
  private async call(path: string, body: unknown): Promise<{json: Record<string, unknown>; resent: boolean}> {
    if (this.useAuth && this.token === undefined) await this.authenticate()
    return this.exchange(path, JSON.stringify(body), true, (json, message, code) => {
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
    })
  }

  /** Fetch a token once for all concurrent callers. */
  private authenticate(): Promise<void> {
    this.authenticating ??= (async () => {
      try {
        const body = {name: this.options.username, password: this.options.password}
        const {json} = await this.exchange('/v3/auth/authenticate', JSON.stringify(body), false, (_json, message) =>
          /authentication is not enabled/.test(message)
            ? {}
            : new DatastoreUnavailableError(`etcd refused the credentials of user "${this.options.username}": ${message}`),
        )
        this.token = typeof json.token === 'string' ? json.token : ''
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
   * etcd error answer means: a replacement answer, a new token and the same member again, or an error.
   * `resent` tells that an earlier attempt may have been applied.
   */
  private async exchange(
    path: string,
    payload: string,
    withToken: boolean,
    judge: (json: Record<string, unknown>, message: string, code: number) => Record<string, unknown> | 'reauthenticate' | Error,
  ): Promise<{json: Record<string, unknown>; resent: boolean}> {
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
        let response: {status: number; json: Record<string, unknown>}
        try {
          if (maybeApplied) resent = true
          response = await this.post(endpoint, path, payload, token)
        } catch (error) {
          const failure = error as AttemptError
          failures.push(`${endpoint.display}: ${failure.message}`)
          if (!failure.tls) tlsOnly = false
          if (failure.sent) maybeApplied = true
          continue
        }
        const {json, status} = response
        if (json.error === undefined && json.code === undefined && status < 400) {
          this.current = index
          return {json, resent}
        }
        const code = typeof json.code === 'number' ? json.code : -1
        const message = typeof json.message === 'string' ? json.message : typeof json.error === 'string' ? json.error : `HTTP ${status}`
        if (code === GRPC_UNAVAILABLE || MEMBER_UNAVAILABLE.test(message)) {
          // This member cannot serve now (lost quorum, stopping): ask another. It may have applied a write.
          failures.push(`${endpoint.display}: ${message}`)
          tlsOnly = false
          maybeApplied = true
          busy = true
          continue
        }
        const verdict = judge(json, message, code)
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
        return {json: verdict, resent}
      }
      if (!busy) break
    }
    const what = tlsOnly ? 'TLS connection to etcd failed' : 'cannot reach etcd'
    throw new DatastoreUnavailableError(`${what}: ${failures.join('; ')}`, tlsOnly
      ? 'check etcdCACertFile / etcdCertFile / etcdKeyFile and that the endpoints use https'
      : 'check etcdEndpoints and that etcd is running')
  }

  /** One POST to one member, with a deadline. Rejects with an AttemptError. */
  private post(endpoint: Endpoint, path: string, payload: string, token: string | undefined): Promise<{status: number; json: Record<string, unknown>}> {
    const timeoutMs = this.options.requestTimeoutMs
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      }
      if (token) headers.authorization = token
      const transport = endpoint.url.protocol === 'https:' ? https : http
      let settled = false
      const fail = (error: AttemptError): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        req.destroy()
        reject(error)
      }
      const req = transport.request({
        protocol: endpoint.url.protocol,
        hostname: endpoint.url.hostname,
        port: endpoint.url.port || (endpoint.url.protocol === 'https:' ? 443 : 80),
        path: endpoint.url.pathname.replace(/\/$/, '') + path,
        method: 'POST',
        headers,
        agent: endpoint.agent,
      })
      // A timeout of 0 means no limit (--request-timeout 0).
      const timer = timeoutMs > 0 ? setTimeout(() => fail(new AttemptError(`no answer within ${timeoutMs} ms`, true, false)), timeoutMs) : undefined
      req.on('error', (error: NodeJS.ErrnoException) => fail(classify(error, req.reusedSocket)))
      req.on('response', res => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', (error: NodeJS.ErrnoException) => fail(classify(error, false)))
        res.on('end', () => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          const text = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = JSON.parse(text)
          } catch {
            json = undefined
          }
          if (typeof json !== 'object' || json === null) {
            const status = res.statusCode ?? 0
            reject(new AttemptError(`unexpected answer (HTTP ${status}); is this an etcd 3.4+ client URL?`, status >= 500, false))
            return
          }
          resolve({status: res.statusCode ?? 0, json: json as Record<string, unknown>})
        })
      })
      req.end(payload)
    })
  }
}

/** Word a network failure and tell whether the request may have reached etcd. */
function classify(error: NodeJS.ErrnoException, reusedSocket: boolean): AttemptError {
  const code = error.code ?? ''
  if (TLS_ERROR_CODES.test(code) || /certificate|ssl|tls/i.test(error.message)) {
    return new AttemptError(`TLS handshake failed: ${error.message}`, false, true)
  }
  if (NOT_SENT_CODES.has(code)) return new AttemptError(`${code} (${error.message})`, false, false)
  // A kept-alive socket the server had already closed: the request never got there.
  if (code === 'ECONNRESET' && reusedSocket) return new AttemptError(`${code} (${error.message})`, false, false)
  return new AttemptError(code ? `${code} (${error.message})` : error.message, true, false)
}

function headerRevision(json: Record<string, unknown>): string {
  const header = json.header as Record<string, unknown> | undefined
  return str(header?.revision)
}

function requestOpJson(op: RequestOp): Record<string, unknown> {
  if ('put' in op) return {request_put: {key: b64(op.put.key), value: b64(op.put.value)}}
  if ('range' in op) return {request_range: {key: b64(op.range.key)}}
  const {key, prevKv, rangeEnd} = op.deleteRange
  return {
    request_delete_range: {
      key: b64(key),
      prev_kv: prevKv,
      ...(rangeEnd === undefined ? {} : {range_end: Buffer.from(rangeEnd, 'latin1').toString('base64')}),
    },
  }
}

function responseOp(raw: Record<string, unknown>): ResponseOp {
  const range = raw.response_range as {kvs?: RawKv[]} | undefined
  if (range) return {kvs: (range.kvs ?? []).map(toKv)}
  const del = raw.response_delete_range as {prev_kvs?: RawKv[]} | undefined
  if (del) return {kvs: (del.prev_kvs ?? []).map(toKv)}
  return {kvs: []}
}
