/**
 * HTTP(S) to one Kubernetes API server with got: one keep-alive agent, the connection's TLS settings and
 * credentials, a per-request timeout, and bounded retries with backoff and jitter for 429 (honouring
 * Retry-After), 5xx and dropped connections. Whole-store failures become DatastoreUnavailableError with a
 * one-line message that says what to do. No credential ever appears in a message.
 */
import {readFileSync, statSync} from 'node:fs'
import {Agent as HttpAgent} from 'node:http'
import {Agent as HttpsAgent} from 'node:https'
import {checkServerIdentity, type PeerCertificate} from 'node:tls'

import type {Got, Response} from 'got'

import type {ExecCredential} from '../../config/exec-credential.js'
import {fileErrorText, type KubeConnection} from '../../config/kubeconfig.js'
import {DatastoreUnavailableError} from '../datastore.js'
import {endpointText} from '../../config/endpoint-text.js'

export interface ApiResponse {
  status: number
  /** Parsed JSON, or the raw text when the body is not JSON (e.g. `404 page not found`). */
  body: unknown
}

export interface CallResult {
  response: ApiResponse
  /**
   * True when an earlier attempt of this call may have reached the server and changed something (its
   * connection dropped after sending, or it got a 5xx). The caller decides what a 409/404 then means.
   */
  ambiguous: boolean
}

export interface ClientOptions {
  /** Per request; 0 means none. */
  timeoutMs: number
  /** Sockets kept per server. */
  maxSockets?: number
  /** Retry bounds (tests shorten them). */
  maxAttempts?: number
  maxRetryWaitMs?: number
}

/** Network error codes after which the request may or may not have been processed. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP_PARSER', 'HPE_INVALID_CONSTANT'])
/** Network error codes that mean nothing reached the server. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL'])
const TLS_FAILURE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/

interface Transport {
  agent: HttpAgent | HttpsAgent
  http: Got
}

/**
 * A client for the connection's server. got is an ES module only, imported here when a Kubernetes store is
 * opened: hepctl's bundle is CommonJS, where `require` cannot load it on every Node 20.
 */
export async function connectApiServer(connection: KubeConnection, options: ClientOptions): Promise<ApiServerClient> {
  const {default: got} = await import('got')
  return new ApiServerClient(got, connection, options)
}

export class ApiServerClient {
  /** The server's URL for messages and `hepctl version` (any user:password in it removed). */
  readonly server: string
  private readonly base: Transport
  private readonly maxAttempts: number
  private readonly maxRetryWaitMs: number
  private tokenFileCache?: {mtimeMs: number; token: string}
  private execCredential?: Promise<ExecCredential>
  /** Connections authenticated by a client certificate an exec plugin returned, with that credential. */
  private execTransport?: {credential: ExecCredential; transport: Transport}

  /** `got` is the package's default export, imported by connectApiServer. */
  constructor(private readonly got: Got, private readonly connection: KubeConnection, private readonly options: ClientOptions) {
    this.server = endpointText(connection.server)
    this.maxAttempts = options.maxAttempts ?? 6
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000
    this.base = this.transport(connection.clientCert, connection.clientKey)
  }

  /** A keep-alive agent and a got instance for the server, with these client certificate and key. */
  private transport(clientCert: Buffer | undefined, clientKey: Buffer | undefined): Transport {
    const {connection, options} = this
    const secure = connection.server.startsWith('https:')
    const maxSockets = options.maxSockets ?? 64
    const maxFreeSockets = Math.min(maxSockets, 64)
    const tlsName = connection.tlsServerName
    // TLS settings live on the agent (Node gives agent options precedence over request options).
    const agent = secure
      ? new HttpsAgent({
          keepAlive: true,
          maxSockets,
          maxFreeSockets,
          ca: connection.ca,
          cert: clientCert,
          key: clientKey,
          rejectUnauthorized: !connection.insecureSkipTLSVerify,
          servername: tlsName,
          ...(tlsName ? {checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(tlsName, cert)} : {}),
        })
      : new HttpAgent({keepAlive: true, maxSockets, maxFreeSockets})
    const http = this.got.extend({
      prefixUrl: connection.server,
      agent: secure ? {https: agent as HttpsAgent} : {http: agent as HttpAgent},
      https: secure ? {rejectUnauthorized: !connection.insecureSkipTLSVerify} : undefined,
      timeout: options.timeoutMs > 0 ? {request: options.timeoutMs} : undefined,
      retry: {limit: 0},
      throwHttpErrors: false,
      followRedirect: false,
      // The API server answers JSON uncompressed unless asked; skip got's decompression stream per request.
      decompress: false,
      responseType: 'text',
      headers: {accept: 'application/json', 'user-agent': 'hepctl'},
    })
    return {agent, http}
  }

  /** One call with retries. Throws DatastoreUnavailableError when the server cannot be used. */
  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<CallResult> {
    const started = Date.now()
    let ambiguous = false
    let refreshedCredentials = false
    let usedCredential: Promise<ExecCredential> | undefined
    for (let attempt = 1; ; attempt++) {
      let response: ApiResponse
      let retryAfterMs: number | undefined
      try {
        const {headers, http} = await this.authorize(false)
        usedCredential = this.execCredential
        if (body !== undefined) headers['content-type'] = 'application/json'
        const raw = await http(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)})
        response = {status: raw.statusCode, body: parseBody(raw)}
        retryAfterMs = parseRetryAfter(raw.headers['retry-after'])
      } catch (error) {
        const code = (error as {code?: string}).code ?? ''
        // A request slower than the timeout is retried like a dropped one: the server may have done it, which
        // the caller resolves (a create meeting AlreadyExists for its own object, a delete meeting NotFound).
        if ((DROPPED.has(code) || isTimeout(error)) && attempt < this.maxAttempts && Date.now() - started < this.maxRetryWaitMs) {
          ambiguous ||= method !== 'GET'
          await sleep(backoff(attempt))
          continue
        }
        throw this.transportError(error)
      }
      if (response.status === 401 && !refreshedCredentials && this.canRefreshCredentials()) {
        refreshedCredentials = true
        // Requests in flight together share one refresh: only the first to see the old credential fails it.
        if (this.connection.credentials.type !== 'exec' || this.execCredential === usedCredential) await this.authorize(true)
        continue
      }
      const retriable = response.status === 429 || (response.status >= 500 && response.status !== 501)
      if (retriable && attempt < this.maxAttempts) {
        const wait = Math.min(retryAfterMs ?? backoff(attempt), 10_000)
        if (Date.now() - started + wait < this.maxRetryWaitMs) {
          if (response.status !== 429) ambiguous ||= method !== 'GET'
          await sleep(wait)
          continue
        }
      }
      if (response.status === 401 || response.status === 403) throw this.unauthorized(response)
      return {response, ambiguous}
    }
  }

  /**
   * A long GET whose body is a stream of JSON lines (the watch API): each line is handed to `onLine` as it
   * arrives. Resolves with the status and, for anything but 200, the body; with `dropped` when the connection
   * broke mid-stream (the caller resumes); when `signal` aborts, the request is destroyed and it resolves.
   * No per-request timeout: a watch lasts as long as the server keeps it (its timeoutSeconds).
   */
  async stream(path: string, signal: AbortSignal, onLine: (line: string) => void): Promise<{status: number; body?: unknown; dropped?: boolean}> {
    const {headers, http} = await this.authorize(false)
    return new Promise((resolve, reject) => {
      if (signal.aborted) return resolve({status: 0})
      const request = http.stream(path, {headers, timeout: {request: undefined}})
      let status = 0
      let buffered = ''
      let settled = false
      const settle = (result: {status: number; body?: unknown; dropped?: boolean} | Error): void => {
        if (settled) return
        settled = true
        signal.removeEventListener('abort', abort)
        if (result instanceof Error) reject(result)
        else resolve(result)
      }
      const abort = (): void => {
        request.destroy()
        settle({status})
      }
      signal.addEventListener('abort', abort, {once: true})
      request.on('response', (response: {statusCode: number}) => (status = response.statusCode))
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => {
        buffered += chunk
        if (status !== 200) return
        let newline: number
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim()
          buffered = buffered.slice(newline + 1)
          if (line) onLine(line)
        }
      })
      request.on('end', () => {
        if (status === 200) return settle({status})
        let body: unknown = buffered
        try {
          body = JSON.parse(buffered)
        } catch {
          // not JSON: keep the text
        }
        settle({status, body})
      })
      request.on('error', (error: unknown) => {
        if (signal.aborted) return settle({status})
        const code = (error as {code?: string}).code ?? ''
        if (status === 200 || DROPPED.has(code)) return settle({status, dropped: true})
        if (status === 401 || status === 403) return settle({status})
        settle(this.transportError(error))
      })
    })
  }

  close(): void {
    this.base.agent.destroy()
    this.execTransport?.transport.agent.destroy()
  }

  private canRefreshCredentials(): boolean {
    return this.connection.credentials.type === 'exec' || this.connection.credentials.type === 'token-file'
  }

  /** Headers and connections that carry the configured credentials; `refresh` after the server refused them. */
  private async authorize(refresh: boolean): Promise<{headers: Record<string, string>; http: Got}> {
    const credentials = this.connection.credentials
    const http = this.base.http
    switch (credentials.type) {
      case 'none':
        return {headers: {}, http}
      case 'token':
        return {headers: {authorization: `Bearer ${credentials.token}`}, http}
      case 'basic':
        return {headers: {authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`}, http}
      case 'token-file': {
        if (refresh) this.tokenFileCache = undefined
        return {headers: {authorization: `Bearer ${this.readTokenFile(credentials.path)}`}, http}
      }
      case 'exec': {
        if (refresh || !this.execCredential) this.execCredential = this.runExec(refresh)
        const credential = await this.execCredential
        if (credential.token) return {headers: {authorization: `Bearer ${credential.token}`}, http}
        return {headers: {}, http: this.certificateTransport(credential)}
      }
    }
  }

  /** Connections with the client certificate an exec plugin returned (new ones when it returns another). */
  private certificateTransport(credential: ExecCredential): Got {
    if (this.execTransport?.credential !== credential) {
      this.execTransport?.transport.agent.destroy()
      const transport = this.transport(Buffer.from(credential.clientCertificateData ?? ''), Buffer.from(credential.clientKeyData ?? ''))
      this.execTransport = {credential, transport}
    }
    return this.execTransport.transport.http
  }

  /** The token file's content, re-read when the file changes (service-account tokens rotate). */
  private readTokenFile(path: string): string {
    try {
      const {mtimeMs} = statSync(path)
      if (this.tokenFileCache?.mtimeMs !== mtimeMs) {
        this.tokenFileCache = {mtimeMs, token: readFileSync(path, 'utf8').trim()}
      }
      return this.tokenFileCache.token
    } catch (error) {
      throw new DatastoreUnavailableError(`cannot read the token file ${path}: ${fileErrorText(error)}`)
    }
  }

  private async runExec(refresh: boolean): Promise<ExecCredential> {
    const credentials = this.connection.credentials
    if (credentials.type !== 'exec') throw new Error('not an exec credential')
    const {EXPIRY_MARGIN_MS, getExecCredential} = await import('../../config/exec-credential.js')
    try {
      const credential = await getExecCredential(credentials.exec, {
        server: this.connection.server,
        certificateAuthorityData: this.connection.ca?.toString('base64'),
        insecureSkipTLSVerify: this.connection.insecureSkipTLSVerify,
        tlsServerName: this.connection.tlsServerName,
      }, {refresh})
      // A credential that expires is fetched again on the first call after expiry.
      if (credential.expiresAt !== undefined) {
        const ttl = credential.expiresAt - Date.now() - EXPIRY_MARGIN_MS
        if (ttl > 0) setTimeout(() => { this.execCredential = undefined }, ttl).unref()
      }
      return credential
    } catch (error) {
      this.execCredential = undefined
      throw new DatastoreUnavailableError(`cannot get credentials for user "${credentials.user}": ${(error as Error).message}`)
    }
  }

  private unauthorized(response: ApiResponse): DatastoreUnavailableError {
    const message = statusMessage(response) ?? (response.status === 401 ? 'Unauthorized' : 'Forbidden')
    const who = this.connection.user ? ` for user "${this.connection.user}"` : ''
    const what = response.status === 401
      ? `check the credentials${who} (${this.connection.source})`
      : `grant${who || ' this user'} access to HostEndpoints (RBAC)`
    return new DatastoreUnavailableError(`connection is unauthorized: ${message}; ${what}`)
  }

  private transportError(error: unknown): DatastoreUnavailableError {
    const code = (error as {code?: string}).code ?? ''
    const detail = (error as Error).message ?? String(error)
    const server = this.server
    if (isTimeout(error)) {
      const seconds = this.options.timeoutMs / 1000
      return new DatastoreUnavailableError(
        `the Kubernetes API server at ${server} did not answer within ${seconds} s; check that it is healthy, or raise --request-timeout`,
      )
    }
    if (TLS_FAILURE.test(code)) {
      return new DatastoreUnavailableError(
        `TLS verification of the Kubernetes API server at ${server} failed (${code}); set certificate-authority (or tls-server-name) in the kubeconfig to match the server's certificate`,
      )
    }
    if (UNREACHABLE.has(code)) {
      return new DatastoreUnavailableError(
        `cannot reach the Kubernetes API server at ${server} (${code}); check the server address in ${this.connection.source} and that the server is running`,
      )
    }
    if (DROPPED.has(code)) {
      return new DatastoreUnavailableError(
        `the Kubernetes API server at ${server} kept dropping the connection (${code}); check the server and any proxy in between, then retry`,
      )
    }
    return new DatastoreUnavailableError(`request to the Kubernetes API server at ${server} failed: ${code || detail}`)
  }
}

function isTimeout(error: unknown): boolean {
  return (error as {code?: string}).code === 'ETIMEDOUT' || (error as Error).name === 'TimeoutError'
}

/** The `message` of a Kubernetes Status body, if it is one. */
export function statusMessage(response: ApiResponse): string | undefined {
  const body = response.body as {kind?: unknown; message?: unknown} | undefined
  if (body && typeof body === 'object' && typeof body.message === 'string') return body.message
  return undefined
}

function parseBody(response: Response<string>): unknown {
  const text = response.body
  if (text === '') return undefined
  const type = String(response.headers['content-type'] ?? '')
  if (type.includes('json') || text.startsWith('{')) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = Date.parse(value)
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined
}

/** Exponential backoff with full jitter: up to 100 ms, 200 ms, 400 ms ... capped at 2 s. */
function backoff(attempt: number): number {
  const ceiling = Math.min(2000, 100 * 2 ** (attempt - 1))
  return ceiling / 2 + Math.random() * (ceiling / 2)
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
