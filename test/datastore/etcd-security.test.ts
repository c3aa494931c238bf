/**
 * The etcdv3 datastore with TLS client certificates, with username/password auth (token re-fetched when
 * it expires), and the clear errors for wrong credentials, bad CA, unreachable and silent endpoints.
 * Secrets never appear in an error.
 */
import {readFileSync} from 'node:fs'
import {createServer as createHttpServer} from 'node:http'
import {createServer, type Server, type Socket} from 'node:net'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {EtcdConfig} from '../../src/config/datastore-config.js'
import {DatastoreUnavailableError} from '../../src/datastore/datastore.js'
import {openEtcdStore} from '../../src/datastore/etcd/etcd-store.js'
import {etcdAvailable, freePort, startEtcd, type EtcdCluster} from '../support/etcd-server.js'
import {hep} from './contract.js'

/** Run a store operation that must fail as unavailable; returns the error. */
async function unavailable(config: EtcdConfig): Promise<DatastoreUnavailableError> {
  const store = await openEtcdStore(config)
  try {
    const error = await store.list().then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(DatastoreUnavailableError)
    return error as DatastoreUnavailableError
  } finally {
    await store.close()
  }
}

async function roundTrip(config: EtcdConfig, name: string): Promise<void> {
  const store = await openEtcdStore(config)
  try {
    const [created] = await store.write([{op: 'create', object: hep(name)}])
    expect(created.ok).toBe(true)
    expect((await store.get(name))?.metadata.name).toBe(name)
    expect((await store.list()).items.map(i => i.metadata.name)).toContain(name)
  } finally {
    await store.close()
  }
}

/**
 * The watch of `config` from the current revision: the first event it reports after `writer` creates `name`.
 * Rejects with the watch's error.
 */
async function firstWatchEvent(config: EtcdConfig, writer: EtcdConfig, name: string, options: {tokenExpired?: boolean} = {}): Promise<string> {
  const store = await openEtcdStore(config)
  const other = await openEtcdStore(writer)
  const stop = new AbortController()
  try {
    const {revision} = await (options.tokenExpired ? store : other).list()
    // Tokens live 2 s where this is asked: the token the list fetched has expired when the watch begins.
    if (options.tokenExpired) await new Promise(resolve => setTimeout(resolve, 4000))
    let first = ''
    // Settled into a value at once, so that a watch failing before the write is not an unhandled rejection.
    const watching = store.watch!({revision, signal: stop.signal}, event => {
      first ||= `${event.type} ${event.object.metadata.name}`
      stop.abort()
    }).then(end => ({end}), (error: unknown) => ({error}))
    const [created] = await other.write([{op: 'create', object: hep(name)}])
    expect(created.ok).toBe(true)
    const outcome = await watching
    if ('error' in outcome) throw outcome.error
    expect(outcome.end).toBe('stopped')
    return first
  } finally {
    stop.abort()
    await store.close()
    await other.close()
  }
}

describe.runIf(etcdAvailable())('etcdv3 datastore over TLS with client certificates', () => {
  let etcd: EtcdCluster
  beforeAll(async () => {
    etcd = await startEtcd({tls: true})
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  it('works with certificate files', async () => {
    const tls = etcd.tls!
    await roundTrip({endpoints: etcd.endpoints, caCertFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, requestTimeoutMs: 10_000}, 'tls-files')
  })

  it('works with inline PEM', async () => {
    const tls = etcd.tls!
    const pem = (path: string) => readFileSync(path, 'utf8')
    await roundTrip(
      {endpoints: etcd.endpoints, caCert: pem(tls.caFile), cert: pem(tls.clientCertFile), key: pem(tls.clientKeyFile), requestTimeoutMs: 10_000},
      'tls-inline',
    )
  })

  it('watches over the same TLS connection settings', async () => {
    const tls = etcd.tls!
    const config = {endpoints: etcd.endpoints, caCertFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, requestTimeoutMs: 10_000}
    expect(await firstWatchEvent(config, config, 'tls-watch')).toBe('ADDED tls-watch')
  })

  it('without a client certificate: a clear TLS error', async () => {
    const error = await unavailable({endpoints: etcd.endpoints, caCertFile: etcd.tls!.caFile, requestTimeoutMs: 5000})
    expect(error.message).toMatch(/^TLS connection to etcd failed: https:\/\/127\.0\.0\.1:\d+: TLS handshake failed: /)
  })

  it('with a CA that did not sign the server certificate: a clear TLS error', async () => {
    const tls = etcd.tls!
    const error = await unavailable({endpoints: etcd.endpoints, caCertFile: tls.otherCaFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, requestTimeoutMs: 5000})
    expect(error.message).toMatch(/^TLS connection to etcd failed: .*TLS handshake failed: .*(self[- ]signed|unable to verify|certificate)/i)
    expect(error.hint).toMatch(/etcdCACertFile/)
  })

  it('plain http to a TLS member is not mistaken for success', async () => {
    const error = await unavailable({endpoints: etcd.endpoints.map(e => e.replace('https:', 'http:')), requestTimeoutMs: 5000})
    expect(error.message).toMatch(/^cannot reach etcd: http:\/\/127\.0\.0\.1:\d+: /)
  })
})

describe.runIf(etcdAvailable(true))('etcdv3 datastore with username/password auth', () => {
  let etcd: EtcdCluster
  const password = 'S3cret-pass-word'
  const config = (extra: Partial<EtcdConfig> = {}): EtcdConfig => ({endpoints: etcd.endpoints, requestTimeoutMs: 10_000, ...extra})

  beforeAll(async () => {
    // Tokens live 2 s here, so a test can outlive one.
    etcd = await startEtcd({extraArgs: ['--auth-token-ttl', '2', '--bcrypt-cost', '4']})
    etcd.etcdctl(['user', 'add', 'root', '--new-user-password', 'root-pw'])
    etcd.etcdctl(['user', 'grant-role', 'root', 'root'])
    etcd.etcdctl(['role', 'add', 'hep-rw'])
    etcd.etcdctl(['role', 'grant-permission', 'hep-rw', '--prefix=true', 'readwrite', '/calico/resources/v3/projectcalico.org/hostendpoints/'])
    etcd.etcdctl(['user', 'add', 'hepctl', '--new-user-password', password])
    etcd.etcdctl(['user', 'grant-role', 'hepctl', 'hep-rw'])
    etcd.etcdctl(['user', 'add', 'nobody', '--new-user-password', password])
    etcd.etcdctl(['auth', 'enable'])
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  it('works with a user whose role covers the HostEndpoint prefix', async () => {
    await roundTrip(config({username: 'hepctl', password}), 'auth-ok')
  })

  it('fetches a new token when the old one has expired', async () => {
    const store = await openEtcdStore(config({username: 'hepctl', password}))
    try {
      await store.write([{op: 'create', object: hep('auth-ttl-1')}])
      await new Promise(resolve => setTimeout(resolve, 4000))
      const [created] = await store.write([{op: 'create', object: hep('auth-ttl-2')}])
      expect(created.ok ? 'ok' : created.error.message).toBe('ok')
      expect((await store.list()).items.map(i => i.metadata.name)).toEqual(expect.arrayContaining(['auth-ttl-1', 'auth-ttl-2']))
    } finally {
      await store.close()
    }
  })

  it('watches with the user\'s token, fetching a new one when it expired before the watch began', async () => {
    const user = config({username: 'hepctl', password})
    expect(await firstWatchEvent(user, user, 'auth-watch-1')).toBe('ADDED auth-watch-1')
    expect(await firstWatchEvent(user, user, 'auth-watch-2', {tokenExpired: true})).toBe('ADDED auth-watch-2')
  })

  it('a watch by a user without permission on the prefix: connection is unauthorized', async () => {
    const error = await firstWatchEvent(config({username: 'nobody', password}), config({username: 'hepctl', password}), 'auth-watch-3').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatastoreUnavailableError)
    expect((error as Error).message).toBe('connection is unauthorized: etcdserver: permission denied')
  })

  it('a wrong password is refused clearly and the password never shows', async () => {
    const error = await unavailable(config({username: 'hepctl', password: 'wrong-Pa55word'}))
    expect(error.message).toMatch(/^etcd refused the credentials of user "hepctl": .*authentication failed/)
    expect(`${error.message} ${error.hint ?? ''} ${error.stack ?? ''}`).not.toContain('wrong-Pa55word')
  })

  it('no credentials: etcd requires authentication, with a hint', async () => {
    const error = await unavailable(config())
    expect(error.message).toMatch(/^etcd requires authentication: /)
    expect(error.hint).toMatch(/ETCD_USERNAME/)
  })

  it('a user without permission on the prefix: connection is unauthorized', async () => {
    const error = await unavailable(config({username: 'nobody', password}))
    expect(error.message).toMatch(/^connection is unauthorized: .*permission denied/)
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain(password)
  })
})

describe('etcdv3 datastore: endpoints that do not answer', () => {
  it('an endpoint where nothing listens: cannot reach etcd', async () => {
    const port = await freePort()
    const error = await unavailable({endpoints: [`http://127.0.0.1:${port}`], requestTimeoutMs: 5000})
    expect(error.message).toBe(`cannot reach etcd: http://127.0.0.1:${port}: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`)
    expect(error.hint).toMatch(/etcdEndpoints/)
  })

  it('an endpoint that accepts but never answers: the request timeout ends it', async () => {
    const sockets: Socket[] = []
    const server: Server = createServer(socket => sockets.push(socket))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const error = await unavailable({endpoints: [`http://127.0.0.1:${port}`], requestTimeoutMs: 300})
      expect(error.message).toBe(`cannot reach etcd: http://127.0.0.1:${port}: no answer within 300 ms`)
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  })

  it('an endpoint that speaks only HTTP/1.1 (a web server): a protocol error that asks whether it is etcd', async () => {
    const server = createHttpServer((_request, response) => response.end('hello'))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const error = await unavailable({endpoints: [`http://127.0.0.1:${port}`], requestTimeoutMs: 5000})
      expect(error.message).toMatch(new RegExp(`^cannot reach etcd: http://127\\.0\\.0\\.1:${port}: ERR_HTTP2_\\w+ \\(.*\\); is this an etcd client URL\\?$`))
    } finally {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  })

  it('credentials in an endpoint URL are not repeated in errors', async () => {
    const port = await freePort()
    const error = await unavailable({endpoints: [`http://user:pw-in-url@127.0.0.1:${port}`], requestTimeoutMs: 5000})
    expect(error.message).not.toContain('pw-in-url')
    // Written without a scheme: unreachable, or not even a URL (refused when the store opens).
    const noScheme = await unavailable({endpoints: [`user:pw-in-url@127.0.0.1:${port}`], requestTimeoutMs: 5000})
    expect(noScheme.message).toMatch(/^cannot reach etcd: /)
    expect(noScheme.message).not.toContain('pw-in-url')
    const invalid = await openEtcdStore({endpoints: ['user:pw-in-url@bad host:2379'], requestTimeoutMs: 5000}).then(() => undefined, (e: unknown) => e)
    expect(invalid).toBeInstanceOf(DatastoreUnavailableError)
    expect((invalid as Error).message).toBe('invalid etcd endpoint "bad host:2379"')
  })
})
