/**
 * Exec credential plugins (client.authentication.k8s.io v1 and v1beta1), as kubectl runs them: the plugin
 * prints an ExecCredential whose status holds a token or a client certificate. A credential is kept until it
 * expires: in memory for the process, and on disk (mode 0600, in a 0700 folder) when the plugin gives an
 * expiry, so each hepctl run does not have to start the plugin again. Texts never include the credential.
 */
import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

export interface ExecConfig {
  apiVersion: string
  command: string
  args: string[]
  env: Array<{name: string; value: string}>
  installHint?: string
  provideClusterInfo: boolean
  interactiveMode?: string
}

export interface ExecCredential {
  token?: string
  clientCertificateData?: string
  clientKeyData?: string
  /** Milliseconds since the epoch; absent when the plugin gave no expiry. */
  expiresAt?: number
}

/** What the plugin may be told about the cluster (`provideClusterInfo`). */
export interface ExecClusterInfo {
  server: string
  certificateAuthorityData?: string
  insecureSkipTLSVerify?: boolean
  tlsServerName?: string
}

export class ExecCredentialError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExecCredentialError'
  }
}

const memoryCache = new Map<string, ExecCredential>()
/** Renew a little before the expiry so a request does not leave with a token that lapses in flight. */
export const EXPIRY_MARGIN_MS = 10_000
const PLUGIN_TIMEOUT_MS = 60_000

export interface ExecCredentialOptions {
  /** Skip the caches (after the server refused the cached credential). */
  refresh?: boolean
  /** Folder of the on-disk cache; `false` disables it. Default: $XDG_CACHE_HOME/hepctl/exec-credentials. */
  cacheDir?: string | false
}

/** The credential for `exec`, from a cache when still valid, else from running the plugin. */
export async function getExecCredential(
  exec: ExecConfig,
  cluster: ExecClusterInfo,
  options: ExecCredentialOptions = {},
): Promise<ExecCredential> {
  const key = cacheKey(exec, cluster)
  const dir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir
  if (options.refresh) {
    memoryCache.delete(key)
    if (dir) removeQuietly(join(dir, `${key}.json`))
  } else {
    const cached = memoryCache.get(key) ?? (dir ? readDiskCache(dir, key) : undefined)
    if (cached && isFresh(cached)) {
      memoryCache.set(key, cached)
      return cached
    }
  }
  const credential = await runPlugin(exec, cluster)
  memoryCache.set(key, credential)
  if (dir && credential.expiresAt !== undefined) writeDiskCache(dir, key, credential)
  return credential
}

function isFresh(credential: ExecCredential): boolean {
  return credential.expiresAt === undefined || credential.expiresAt - EXPIRY_MARGIN_MS > Date.now()
}

function cacheKey(exec: ExecConfig, cluster: ExecClusterInfo): string {
  return createHash('sha256').update(JSON.stringify({exec, server: cluster.server})).digest('hex').slice(0, 32)
}

function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), '.cache')
  return join(base, 'hepctl', 'exec-credentials')
}

function readDiskCache(dir: string, key: string): ExecCredential | undefined {
  const path = join(dir, `${key}.json`)
  let fd: number | undefined
  try {
    // The checks and the read are of one open file, so it cannot be swapped in between.
    fd = openSync(path, 'r')
    const stat = fstatSync(fd)
    // Only trust a file nobody else could have written or read.
    if ((stat.mode & 0o077) !== 0 || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) return undefined
    const parsed = JSON.parse(readFileSync(fd, 'utf8')) as ExecCredential
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function writeDiskCache(dir: string, key: string, credential: ExecCredential): void {
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700})
    chmodSync(dir, 0o700)
    const path = join(dir, `${key}.json`)
    const temp = `${path}.${process.pid}.tmp`
    writeFileSync(temp, JSON.stringify(credential), {mode: 0o600, flag: 'w'})
    chmodSync(temp, 0o600)
    renameSync(temp, path)
  } catch {
    // A cache that cannot be written only costs another plugin run.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // absent already
  }
}

function runPlugin(exec: ExecConfig, cluster: ExecClusterInfo): Promise<ExecCredential> {
  if (exec.interactiveMode === 'Always') {
    return Promise.reject(new ExecCredentialError(
      `exec plugin ${exec.command} needs an interactive terminal (interactiveMode: Always), which hepctl cannot provide`,
    ))
  }
  const info: Record<string, unknown> = {
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: {interactive: false, ...(exec.provideClusterInfo ? {cluster: clusterInfo(cluster)} : {})},
  }
  const env: NodeJS.ProcessEnv = {...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info)}
  for (const {name, value} of exec.env) env[name] = value
  return new Promise((resolvePromise, reject) => {
    const child = spawn(exec.command, exec.args, {env, stdio: ['ignore', 'pipe', 'pipe'], timeout: PLUGIN_TIMEOUT_MS})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', error => {
      const code = (error as NodeJS.ErrnoException).code
      const hint = exec.installHint ? `; ${exec.installHint.trim()}` : ''
      reject(new ExecCredentialError(
        code === 'ENOENT'
          ? `exec plugin not found: ${exec.command}${hint}`
          : `exec plugin ${exec.command} could not be started: ${code ?? error.message}`,
      ))
    })
    child.on('close', (status, signal) => {
      if (status !== 0) {
        // The plugin's own stderr is its message to the user; its stdout may hold a secret and is not shown.
        const detail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' ')
        const how = signal ? `was stopped by ${signal}` : `exited ${status}`
        reject(new ExecCredentialError(`exec plugin ${exec.command} ${how}${detail ? `: ${detail}` : ''}`))
        return
      }
      try {
        resolvePromise(parseCredential(Buffer.concat(out).toString('utf8'), exec))
      } catch (error) {
        reject(error)
      }
    })
  })
}

function clusterInfo(cluster: ExecClusterInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {server: cluster.server}
  if (cluster.certificateAuthorityData) out['certificate-authority-data'] = cluster.certificateAuthorityData
  if (cluster.insecureSkipTLSVerify) out['insecure-skip-tls-verify'] = true
  if (cluster.tlsServerName) out['tls-server-name'] = cluster.tlsServerName
  return out
}

function parseCredential(text: string, exec: ExecConfig): ExecCredential {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new ExecCredentialError(`exec plugin ${exec.command} did not print an ExecCredential as JSON`)
  }
  const record = doc as {apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown>}
  if (typeof doc !== 'object' || doc === null || record.kind !== 'ExecCredential') {
    throw new ExecCredentialError(`exec plugin ${exec.command} printed something other than an ExecCredential`)
  }
  if (record.apiVersion !== exec.apiVersion) {
    throw new ExecCredentialError(
      `exec plugin ${exec.command} answered with apiVersion ${String(record.apiVersion)}, expected ${exec.apiVersion}`,
    )
  }
  const status = record.status ?? {}
  const credential: ExecCredential = {}
  if (typeof status.token === 'string' && status.token !== '') credential.token = status.token
  if (typeof status.clientCertificateData === 'string') credential.clientCertificateData = status.clientCertificateData
  if (typeof status.clientKeyData === 'string') credential.clientKeyData = status.clientKeyData
  if (!credential.token && !(credential.clientCertificateData && credential.clientKeyData)) {
    throw new ExecCredentialError(`exec plugin ${exec.command} returned neither a token nor a client certificate and key`)
  }
  if (typeof status.expirationTimestamp === 'string') {
    const at = Date.parse(status.expirationTimestamp)
    if (Number.isFinite(at)) credential.expiresAt = at
  }
  return credential
}
