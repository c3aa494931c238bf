/**
 * A minimal Language Server Protocol client over stdio (JSON-RPC with Content-Length framing): enough to open
 * documents in a real language server and read the diagnostics it publishes.
 */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'

interface Message {id?: number; method?: string; params?: any; result?: unknown; error?: unknown}

export interface Diagnostic {
  range: {start: {line: number; character: number}; end: {line: number; character: number}}
  message: string
  severity?: number
  source?: string
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams
  private buffer = Buffer.alloc(0)
  private nextId = 1
  private readonly pending = new Map<number, (m: Message) => void>()
  private readonly diagnostics = new Map<string, Array<(d: Diagnostic[]) => void>>()
  stderr = ''

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe']})
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk))
    this.child.stderr.setEncoding('utf8').on('data', d => (this.stderr += d))
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++
    return new Promise(resolve => {
      this.pending.set(id, resolve)
      this.send({id, method, params})
    })
  }

  notify(method: string, params: unknown): void {
    this.send({method, params})
  }

  /** The next diagnostics the server publishes for `uri`. */
  nextDiagnostics(uri: string): Promise<Diagnostic[]> {
    return new Promise(resolve => {
      const waiting = this.diagnostics.get(uri) ?? []
      waiting.push(resolve)
      this.diagnostics.set(uri, waiting)
    })
  }

  async close(): Promise<void> {
    await this.request('shutdown', null)
    this.notify('exit', null)
    this.child.kill()
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify({jsonrpc: '2.0', ...message}), 'utf8')
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]))
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk])
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n')
      if (headerEnd < 0) return
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1])
      if (this.buffer.length < headerEnd + 4 + length) return
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message
      this.buffer = this.buffer.subarray(headerEnd + 4 + length)
      this.dispatch(message)
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined && message.id !== undefined) {
      this.pending.get(message.id)?.(message)
      this.pending.delete(message.id)
    } else if (message.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.get(message.params.uri)?.shift()?.(message.params.diagnostics)
    } else if (message.id !== undefined) {
      // A request from the server (configuration, capability registration): answer with nothing set.
      this.send({id: message.id, result: message.method === 'workspace/configuration' ? message.params.items.map(() => null) : null})
    }
  }
}
