/**
 * A small fault-injecting HTTP proxy in front of the real kube-apiserver: clients speak plain HTTP to it,
 * it forwards to the server over HTTPS (verifying the server with its CA). A rule decides, per request,
 * whether to answer with an error status (optionally after the server did the work), cut the connection
 * (before or after forwarding), or delay. Every request and what was done to it is logged.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {Agent, request} from 'node:https'
import type {AddressInfo} from 'node:net'

export type Fault =
  /** Answer with this status without forwarding (e.g. 429 with Retry-After, 503). */
  | {kind: 'status'; status: number; retryAfter?: string}
  /** Forward (the server does the work), then answer with this status instead of the server's answer. */
  | {kind: 'status-after'; status: number}
  /** Drop the connection without forwarding. */
  | {kind: 'cut-before'}
  /** Forward (the server does the work), then drop the connection instead of answering. */
  | {kind: 'cut-after'}
  /** Wait, then forward. */
  | {kind: 'delay'; ms: number}
  /** Forward (the server does the work), then wait before answering. */
  | {kind: 'delay-after'; ms: number}

export interface ProxiedRequest {
  method: string
  path: string
  /** Milliseconds since the proxy started. */
  at: number
  fault?: Fault['kind']
  /** The server's status, when the request was forwarded and answered. */
  upstreamStatus?: number
}

export type FaultRule = (req: {method: string; path: string; index: number}) => Fault | undefined

export interface FaultProxy {
  url: string
  log: ProxiedRequest[]
  setRule(rule: FaultRule | undefined): void
  close(): Promise<void>
}

export async function startFaultProxy(upstream: string, ca: Buffer): Promise<FaultProxy> {
  const started = Date.now()
  const log: ProxiedRequest[] = []
  let rule: FaultRule | undefined
  const agent = new Agent({keepAlive: true, ca, maxSockets: 64})
  const target = new URL(upstream)

  const forward = (req: IncomingMessage, body: Buffer): Promise<{status: number; headers: Record<string, string | string[] | undefined>; body: Buffer}> =>
    new Promise((resolve, reject) => {
      const headers = {...req.headers, host: target.host}
      delete headers.connection
      const out = request({
        host: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent,
      }, res => {
        const chunks: Buffer[] = []
        res.on('data', c => chunks.push(c))
        res.on('end', () => resolve({status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks)}))
        res.on('error', reject)
      })
      out.on('error', reject)
      out.end(body)
    })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const entry: ProxiedRequest = {method: req.method ?? 'GET', path: req.url ?? '/', at: Date.now() - started}
    const fault = rule?.({method: entry.method, path: entry.path, index: log.length})
    entry.fault = fault?.kind
    log.push(entry)
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {'content-type': 'application/json'}
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
      res.writeHead(fault.status, headers)
      res.end(JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `injected ${fault.status}`, code: fault.status}))
      return
    }
    if (fault?.kind === 'cut-before') {
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'delay') await new Promise(r => setTimeout(r, fault.ms))
    let answer
    try {
      answer = await forward(req, body)
    } catch {
      req.socket.destroy()
      return
    }
    entry.upstreamStatus = answer.status
    if (fault?.kind === 'cut-after') {
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'delay-after') await new Promise(r => setTimeout(r, fault.ms))
    if (res.destroyed || req.socket.destroyed) return
    if (fault?.kind === 'status-after') {
      res.writeHead(fault.status, {'content-type': 'application/json'})
      res.end(JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `injected ${fault.status}`, code: fault.status}))
      return
    }
    const headers = {...answer.headers}
    delete headers.connection
    delete headers['transfer-encoding']
    headers['content-length'] = String(answer.body.length)
    res.writeHead(answer.status, headers)
    res.end(answer.body)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy())
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setRule(next) {
      rule = next
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
      agent.destroy()
    },
  }
}
