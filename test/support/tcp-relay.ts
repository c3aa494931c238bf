/**
 * A TCP relay in front of a real server (etcd): passes bytes both ways until told to lose one answer. Then
 * the next answer that follows a request is held back and the connection cut, after the server has done the
 * work: the client sees a connection lost mid-request, as when a member dies after applying a write. It can
 * also cut every connection and refuse new ones for a while, as a member that is down.
 */
import {connect, createServer, type Server, type Socket} from 'node:net'

export interface TcpRelay {
  /** `http://127.0.0.1:<port>` */
  endpoint: string
  /** Lose the next answer (after waiting `afterMs` so that the server surely applied the request). */
  loseNextAnswer(afterMs?: number): void
  /** How many answers were lost. */
  readonly lost: number
  /** Cut every open connection now (both sides), as a network failure would; new ones are relayed again. */
  cutAll(): void
  /** While on, every new connection is closed at once, as a member that is down would: `refuse(false)` ends it. */
  refuse(on: boolean): void
  close(): Promise<void>
}

export async function startTcpRelay(target: URL): Promise<TcpRelay> {
  let armed: number | undefined
  let lost = 0
  let refusing = false
  const sockets = new Set<Socket>()
  const server: Server = createServer(client => {
    if (refusing) {
      client.destroy()
      return
    }
    const upstream = connect(Number(target.port), target.hostname)
    sockets.add(client).add(upstream)
    let requestSinceArmed = false
    const cut = (): void => {
      client.destroy()
      upstream.destroy()
    }
    client.on('data', chunk => {
      if (armed !== undefined) requestSinceArmed = true
      upstream.write(chunk)
    })
    upstream.on('data', chunk => {
      if (armed !== undefined && requestSinceArmed) {
        const wait = armed
        armed = undefined
        lost++
        client.pause()
        upstream.pause()
        setTimeout(cut, wait)
        return
      }
      client.write(chunk)
    })
    for (const socket of [client, upstream]) {
      socket.on('error', cut)
      socket.on('close', () => {
        sockets.delete(socket)
        cut()
      })
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as {port: number}).port
  return {
    endpoint: `http://127.0.0.1:${port}`,
    loseNextAnswer(afterMs = 300) {
      armed = afterMs
    },
    cutAll() {
      for (const socket of sockets) socket.destroy()
    },
    refuse(on) {
      refusing = on
    },
    get lost() {
      return lost
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
