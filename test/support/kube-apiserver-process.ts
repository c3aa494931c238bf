/**
 * A real kube-apiserver for the Kubernetes tests, from the shared scripts beside the repository
 * (`../shared/tools/kube-apiserver/`): start, stop, install CRDs, raw requests. No vitest import here:
 * the globalSetup loads this module outside the test context.
 */
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {request} from 'node:https'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const run = promisify(execFile)

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The read-only shared folder beside the repository (scripts, reference CRDs). */
export const SHARED_DIR = process.env.HEPCTL_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared')
export const TOOLS_DIR = join(SHARED_DIR, 'tools', 'kube-apiserver')
export const CRD_FILES = {
  v1: join(SHARED_DIR, 'reference', 'crds', 'crd.projectcalico.org_hostendpoints.yaml'),
  v3: join(SHARED_DIR, 'reference', 'crds', 'projectcalico.org_hostendpoints.yaml'),
}

export interface KubeApiserverInfo {
  available: true
  /** Path of a kubeconfig with a cluster-admin bearer token and the CA inline. */
  kubeconfig: string
  server: string
  token: string
  /** PEM file of the CA that signed the server's certificate. */
  caFile: string
  stateDir: string
}

export type KubeApiserverContext = KubeApiserverInfo | {available: false; reason: string}


/**
 * Starts etcd + kube-apiserver with the shared start.sh (builds the binary first if needed). start.sh picks
 * free ports before the servers bind them, so another process can take one in between: that start is
 * cleaned up and tried again, twice at most.
 */
export async function startKubeApiserver(stateDir: string): Promise<KubeApiserverInfo> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run('bash', [join(TOOLS_DIR, 'start.sh'), stateDir], {timeout: 15 * 60_000, maxBuffer: 1 << 24})
      return describeServer(stateDir)
    } catch (error) {
      const output = `${(error as {stderr?: string}).stderr ?? ''} ${(error as Error).message}`
      if (attempt >= 3 || !/address already in use/.test(output)) throw error
      await stopKubeApiserver(stateDir)
    }
  }
}

/** What start.sh left in `stateDir`. */
export function describeServer(stateDir: string): KubeApiserverInfo {
  const kubeconfig = join(stateDir, 'kubeconfig')
  const server = /server:\s*(\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1]
  if (!server) throw new Error(`no server in ${kubeconfig}`)
  return {available: true, kubeconfig, server, token: readFileSync(join(stateDir, 'token'), 'utf8').trim(), caFile: join(stateDir, 'ca.crt'), stateDir}
}

export async function stopKubeApiserver(stateDir: string): Promise<void> {
  await run('bash', [join(TOOLS_DIR, 'stop.sh'), stateDir, '--wipe']).catch(() => undefined)
}

/** `kubectl apply --validate=false` (this kubectl does not know the CEL field), then wait until established. */
export async function installCrd(kubeconfig: string, file: string): Promise<void> {
  const env = {...process.env, KUBECONFIG: kubeconfig}
  const {stdout} = await run('kubectl', ['apply', '--validate=false', '-f', file, '-o', 'name'], {env})
  await run('kubectl', ['wait', '--for', 'condition=established', '--timeout=60s', stdout.trim()], {env})
}

export async function kubectl(info: KubeApiserverInfo, args: string[], input?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile('kubectl', args, {env: {...process.env, KUBECONFIG: info.kubeconfig}, maxBuffer: 1 << 28}, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`))
      else resolvePromise(stdout)
    })
    if (input !== undefined) child.stdin!.end(input)
  })
}

/** A raw request with the admin token (for tests that need to see exactly what the server holds). */
export function kubeRequest(info: KubeApiserverInfo, method: string, path: string, body?: unknown): Promise<{status: number; body: any}> {
  const url = new URL(path, info.server)
  return new Promise((resolvePromise, reject) => {
    const req = request(url, {
      method,
      ca: readFileSync(info.caFile),
      headers: {authorization: `Bearer ${info.token}`, 'content-type': 'application/json', accept: 'application/json'},
    }, res => {
      const chunks: Buffer[] = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        } catch {
          // not JSON
        }
        resolvePromise({status: res.statusCode ?? 0, body: parsed})
      })
    })
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/** Deletes every HostEndpoint (v1 CRD group) on the server. */
export async function wipeHostEndpoints(info: KubeApiserverInfo, group = 'crd.projectcalico.org/v1'): Promise<void> {
  const r = await kubeRequest(info, 'DELETE', `/apis/${group}/hostendpoints`)
  if (r.status !== 200 && r.status !== 404) throw new Error(`wipe failed: HTTP ${r.status}`)
}


/**
 * A second, separate server that also accepts client certificates signed by `clientCaFile`: start.sh's
 * stock server (token auth only) is started, then its kube-apiserver is restarted with the same flags plus
 * `--client-ca-file`. Stop it with stopKubeApiserver(stateDir).
 */
export async function startKubeApiserverWithClientCa(stateDir: string, clientCaFile: string): Promise<KubeApiserverInfo> {
  const info = await startKubeApiserver(stateDir)
  const pidFile = join(stateDir, 'apiserver.pid')
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
  process.kill(pid, 'SIGTERM')
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise(r => setTimeout(r, 50))
  const {spawn} = await import('node:child_process')
  const {openSync, writeFileSync} = await import('node:fs')
  const logFd = openSync(join(stateDir, 'logs', 'apiserver-client-ca.log'), 'a')
  const child = spawn(argv[0], [...argv.slice(1), `--client-ca-file=${clientCaFile}`], {detached: true, stdio: ['ignore', logFd, logFd]})
  child.unref()
  writeFileSync(pidFile, String(child.pid))
  for (let i = 0; i < 1200; i++) {
    const ready = await kubeRequest(info, 'GET', '/readyz').then(r => r.status === 200, () => false)
    if (ready) return info
    if (!isAlive(child.pid!)) throw new Error(`kube-apiserver with --client-ca-file died; see ${join(stateDir, 'logs')}`)
    await new Promise(r => setTimeout(r, 50))
  }
  throw new Error('kube-apiserver with --client-ca-file did not become ready')
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A CA and a client certificate it signs (CN=user, O=group), as PEM files in `dir`. */
export async function makeClientCertificate(dir: string, user: string, group: string): Promise<{ca: string; cert: string; key: string}> {
  const ca = join(dir, 'client-ca.crt')
  const caKey = join(dir, 'client-ca.key')
  const key = join(dir, 'client.key')
  const csr = join(dir, 'client.csr')
  const cert = join(dir, 'client.crt')
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '1', '-subj', '/CN=hepctl-test-client-ca'])
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/O=${group}/CN=${user}`])
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '1'])
  return {ca, cert, key}
}
