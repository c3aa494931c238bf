/**
 * Real etcd servers for tests: one member or a three-member cluster on free loopback ports, each in its
 * own temporary directory, optionally with TLS (certificates made here with openssl) and client
 * certificate auth. Also runs `etcdctl` against them. When etcd is not installed, tests skip with a
 * notice, except under CI (`CI` set), where that is a failure.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {accessSync, constants, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'

import type {EtcdConfig} from '../../src/config/datastore-config.js'
import type {Datastore} from '../../src/datastore/datastore.js'
import {openEtcdStore} from '../../src/datastore/etcd/etcd-store.js'
import {freePort} from './free-port.js'
import {toolAvailable} from './required-tool.js'

export {freePort}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

export const ETCD_BIN = onPath('etcd')
export const ETCDCTL_BIN = onPath('etcdctl')

/** Whether etcd tests can run (see toolAvailable: under CI a missing etcd fails the run). */
export function etcdAvailable(needEtcdctl = false): boolean {
  return (
    toolAvailable('etcd', ETCD_BIN !== undefined, 'Debian: apt-get install etcd-server') &&
    (!needEtcdctl || toolAvailable('etcdctl', ETCDCTL_BIN !== undefined, 'Debian: apt-get install etcd-client'))
  )
}


export interface TlsFiles {
  dir: string
  caFile: string
  serverCertFile: string
  serverKeyFile: string
  clientCertFile: string
  clientKeyFile: string
  /** A CA that signed nothing here: verifying the server with it must fail. */
  otherCaFile: string
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, {cwd, encoding: 'utf8'})
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`)
}

/** A CA, a server certificate for 127.0.0.1/localhost and a client certificate, in a new temp dir. */
export function makeTlsFiles(): TlsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'hepctl-etcd-tls-'))
  const ca = (name: string): void =>
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`], dir)
  ca('ca')
  ca('other-ca')
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n')
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n')
  for (const who of ['server', 'client']) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${who}.key`, '-out', `${who}.csr`, '-subj', `/CN=${who === 'client' ? 'root' : 'etcd'}`], dir)
    openssl(['x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${who}.crt`, '-days', '2', '-extfile', `${who}.ext`], dir)
  }
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    serverCertFile: join(dir, 'server.crt'),
    serverKeyFile: join(dir, 'server.key'),
    clientCertFile: join(dir, 'client.crt'),
    clientKeyFile: join(dir, 'client.key'),
    otherCaFile: join(dir, 'other-ca.crt'),
  }
}

export interface EtcdMember {
  name: string
  clientUrl: string
  process: ChildProcess | undefined
  /** Stop this member (SIGTERM, then SIGKILL); the others keep running. */
  stop(): Promise<void>
}

export interface EtcdCluster {
  members: EtcdMember[]
  /** All client URLs, in member order. */
  endpoints: string[]
  tls?: TlsFiles
  /** Run etcdctl against the cluster (as root when auth is on); throws on a non-zero exit. */
  /** `encoding: 'latin1'` keeps binary output (`-w protobuf`) byte for byte: Buffer.from(out, 'latin1'). */
  /** `endpoints` replaces the members' client URLs (e.g. to leave out a frozen member). */
  etcdctl(args: string[], options?: {input?: string; user?: string; encoding?: BufferEncoding; endpoints?: string[]}): string
  stop(): Promise<void>
}

/** Members still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** Start `size` members (1 or 3) and wait until each serves clients. */
export async function startEtcd(options: {size?: number; tls?: boolean; extraArgs?: string[]} = {}): Promise<EtcdCluster> {
  if (!ETCD_BIN) throw new Error('etcd is not installed')
  const size = options.size ?? 1
  const tls = options.tls ? makeTlsFiles() : undefined
  const scheme = tls ? 'https' : 'http'
  const dir = mkdtempSync(join(tmpdir(), 'hepctl-etcd-'))
  const specs = []
  for (let i = 0; i < size; i++) specs.push({name: `m${i}`, clientPort: await freePort(), peerPort: await freePort()})
  const initialCluster = specs.map(s => `${s.name}=http://127.0.0.1:${s.peerPort}`).join(',')

  const members: EtcdMember[] = []
  const ready: Promise<void>[] = []
  for (const s of specs) {
    const clientUrl = `${scheme}://127.0.0.1:${s.clientPort}`
    const args = [
      '--name', s.name,
      '--data-dir', join(dir, s.name),
      '--listen-client-urls', clientUrl,
      '--advertise-client-urls', clientUrl,
      '--listen-peer-urls', `http://127.0.0.1:${s.peerPort}`,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${s.peerPort}`,
      '--initial-cluster', initialCluster,
      '--initial-cluster-state', 'new',
      '--initial-cluster-token', `hepctl-test-${specs[0].clientPort}`,
      '--logger', 'zap', '--log-outputs', 'stderr',
    ]
    args.push(...(options.extraArgs ?? []))
    if (tls) args.push('--cert-file', tls.serverCertFile, '--key-file', tls.serverKeyFile, '--trusted-ca-file', tls.caFile, '--client-cert-auth')
    const child = spawn(ETCD_BIN, args, {stdio: ['ignore', 'ignore', 'pipe']})
    running.add(child)
    child.once('exit', () => running.delete(child))
    let log = ''
    ready.push(new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`etcd ${s.name} did not become ready:\n${log.slice(-3000)}`)), 60_000)
      child.stderr?.on('data', (chunk: Buffer) => {
        if (log.length < 200_000) log += chunk.toString('utf8')
        if (/serving client traffic|ready to serve client requests/.test(log)) {
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', code => {
        clearTimeout(timer)
        reject(new Error(`etcd ${s.name} exited with ${code}:\n${log.slice(-3000)}`))
      })
    }))
    const member: EtcdMember = {name: s.name, clientUrl, process: child, stop: () => stopProcess(child)}
    members.push(member)
  }
  try {
    await Promise.all(ready)
  } catch (error) {
    await Promise.all(members.map(m => m.stop()))
    rmSync(dir, {recursive: true, force: true})
    throw error
  }
  const endpoints = members.map(m => m.clientUrl)
  return {
    members,
    endpoints,
    tls,
    etcdctl(args, {input, user, encoding = 'utf8', endpoints: only} = {}) {
      if (!ETCDCTL_BIN) throw new Error('etcdctl is not installed')
      const alive = only ?? members.filter(m => m.process?.exitCode === null && m.process.signalCode === null).map(m => m.clientUrl)
      const base = [`--endpoints=${alive.join(',')}`, '--dial-timeout=5s', '--command-timeout=10s']
      if (tls) base.push(`--cacert=${tls.caFile}`, `--cert=${tls.clientCertFile}`, `--key=${tls.clientKeyFile}`)
      if (user) base.push(`--user=${user}`)
      const r = spawnSync(ETCDCTL_BIN, [...base, ...args], {input, encoding, env: {...process.env, ETCDCTL_API: '3'}})
      if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')} failed: ${r.stderr}`)
      return r.stdout
    },
    async stop() {
      await Promise.all(members.map(m => m.stop()))
      rmSync(dir, {recursive: true, force: true})
      if (tls) rmSync(tls.dir, {recursive: true, force: true})
    },
  }
}

/**
 * How many calls of a gRPC method (`etcdserverpb.KV/Range`, `etcdserverpb.Watch/Watch`) a member has started
 * since it started, as etcd itself counts them (its /metrics, grpc_server_started_total): what a client
 * really asked, seen from the server. Plain-http members only.
 */
export async function startedCalls(clientUrl: string, method: string): Promise<number> {
  const [service, name] = method.split('/')
  const text = await (await fetch(`${clientUrl}/metrics`)).text()
  const line = text.split('\n').find(l => l.startsWith('grpc_server_started_total{') && l.includes(`grpc_method="${name}"`) && l.includes(`grpc_service="${service}"`))
  if (!line) throw new Error(`etcd at ${clientUrl} does not count ${method}`)
  return Number(line.slice(line.lastIndexOf(' ') + 1))
}

/**
 * An etcd store over `config` with no HostEndpoints in it (any left are deleted first), for the contract
 * suite, which wants a fresh, empty store per test.
 */
export async function openEmptyEtcdStore(config: EtcdConfig): Promise<{store: Datastore; cleanup(): Promise<void>}> {
  const store = await openEtcdStore(config)
  const {items} = await store.list()
  if (items.length > 0) await store.write(items.map(i => ({op: 'delete' as const, name: i.metadata.name})))
  return {store, cleanup: () => store.close()}
}
