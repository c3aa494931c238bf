/**
 * Finding the Kubernetes API server and credentials as kubectl and calicoctl do: kubeconfig files merged by
 * kubectl's rules (first file to set a value or map key wins), relative paths resolved against each file's
 * folder, calicoctl's explicit settings on top, and the in-cluster service account as the last resort.
 * Nothing here prints or returns a secret in an error text.
 */
import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, dirname, isAbsolute, join, resolve, sep} from 'node:path'

import type {KubernetesConfig} from './datastore-config.js'
import type {ExecConfig} from './exec-credential.js'
import {isJsonObject} from '../json/json-object.js'
import {yamlPackage} from '../json/yaml-package.js'

/** A kubeconfig could not be read or does not describe a usable connection. The text holds no secret. */
export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'KubeconfigError'
  }
}

type Dict = Record<string, unknown>

/** A kubeconfig after merging: named entries, the first definition of each name kept. */
export interface MergedKubeconfig {
  currentContext?: string
  clusters: Map<string, Dict>
  users: Map<string, Dict>
  contexts: Map<string, Dict>
  /** The files that were read, in order. */
  files: string[]
}

export type KubeCredentials =
  | {type: 'none'}
  | {type: 'token'; token: string}
  /** Re-read when it changes on disk (service-account tokens rotate). */
  | {type: 'token-file'; path: string}
  | {type: 'basic'; username: string; password: string}
  | {type: 'exec'; exec: ExecConfig; user: string}

/** Everything needed to open connections to one API server. */
export interface KubeConnection {
  server: string
  /** PEM of the CA bundle that signs the server's certificate; Node's defaults when absent. */
  ca?: Buffer
  clientCert?: Buffer
  clientKey?: Buffer
  insecureSkipTLSVerify: boolean
  tlsServerName?: string
  credentials: KubeCredentials
  /** For messages: which context of which files, or `in-cluster service account`. Never a secret. */
  source: string
  /** The kubeconfig user name, when there is one (for messages). */
  user?: string
}

/** Where the service account's token and CA live in a pod. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount'

export interface LoadOptions {
  env?: NodeJS.ProcessEnv
  home?: string
  serviceAccountDir?: string
}

/**
 * The connection for `config`: its kubeconfig (a path or a `:`-separated list), else its inline kubeconfig,
 * else only its explicit settings when `apiEndpoint` is set, else `~/.kube/config`, else the in-cluster
 * service account. calicoctl's explicit settings override what the kubeconfig says.
 */
export function loadKubeConnection(config: KubernetesConfig, options: LoadOptions = {}): KubeConnection {
  const env = options.env ?? process.env
  const home = options.home ?? env.HOME ?? homedir()
  let merged: MergedKubeconfig | undefined
  if (config.kubeconfig) {
    const paths = config.kubeconfig.split(delimiter).filter(p => p !== '')
    merged = readKubeconfigFiles(paths, {mustExist: paths.length === 1})
  } else if (config.kubeconfigInline) {
    merged = mergeKubeconfigs([{doc: parseKubeconfig(config.kubeconfigInline, 'kubeconfigInline'), dir: process.cwd()}])
  } else if (!config.apiEndpoint) {
    const defaultPath = join(home, '.kube', 'config')
    if (existsSync(defaultPath)) merged = readKubeconfigFiles([defaultPath], {mustExist: true})
  }
  if (merged) return resolveConnection(merged, config)
  if (config.apiEndpoint) return resolveConnection(emptyKubeconfig(), config)
  const inCluster = inClusterConnection(env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR)
  if (inCluster) return applyOverrides(inCluster, config)
  throw new KubeconfigError(
    'no Kubernetes configuration found: set KUBECONFIG or --kubeconfig, create ~/.kube/config, or run inside a cluster',
  )
}

/** Reads and merges kubeconfig files in order. Missing files are skipped (kubectl does) unless `mustExist`. */
export function readKubeconfigFiles(paths: readonly string[], {mustExist = false} = {}): MergedKubeconfig {
  const docs: Array<{doc: Dict; dir: string; path: string}> = []
  for (const path of paths) {
    const full = resolve(path)
    let text: string
    try {
      text = readFileSync(full, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' && !mustExist) continue
      throw new KubeconfigError(`cannot read kubeconfig ${path}: ${fileErrorText(error)}`)
    }
    docs.push({doc: parseKubeconfig(text, path), dir: dirname(full), path: full})
  }
  if (docs.length === 0) throw new KubeconfigError(`no kubeconfig found at ${paths.join(delimiter)}`)
  return mergeKubeconfigs(docs)
}

/** Parses one kubeconfig document; an empty file is an empty config. */
export function parseKubeconfig(text: string, source: string): Dict {
  let doc: unknown
  try {
    doc = yamlPackage().parse(text, {prettyErrors: false})
  } catch (error) {
    // The YAML library's message quotes only the position, not the content.
    const message = (error as Error).message.split('\n')[0]
    throw new KubeconfigError(`cannot parse kubeconfig ${source}: ${message}`)
  }
  if (doc === null || doc === undefined) return {}
  if (!isJsonObject(doc)) throw new KubeconfigError(`cannot parse kubeconfig ${source}: expected a mapping`)
  return doc
}

/**
 * kubectl's merge: files in order; the first file to set `current-context`, or to define a cluster, user or
 * context of a given name, wins, and later files never overwrite it. Relative file references inside each
 * file are resolved against that file's folder first.
 */
export function mergeKubeconfigs(docs: ReadonlyArray<{doc: Dict; dir: string; path?: string}>): MergedKubeconfig {
  const merged = emptyKubeconfig()
  for (const {doc, dir, path} of docs) {
    if (path) merged.files.push(path)
    if (merged.currentContext === undefined && typeof doc['current-context'] === 'string' && doc['current-context'] !== '') {
      merged.currentContext = doc['current-context']
    }
    addNamed(merged.clusters, doc.clusters, 'cluster', entry => resolvePaths(entry, ['certificate-authority'], dir))
    addNamed(merged.users, doc.users, 'user', entry => resolveUserPaths(entry, dir))
    addNamed(merged.contexts, doc.contexts, 'context', entry => entry)
  }
  return merged
}

function emptyKubeconfig(): MergedKubeconfig {
  return {clusters: new Map(), users: new Map(), contexts: new Map(), files: []}
}

function addNamed(target: Map<string, Dict>, list: unknown, field: string, fix: (entry: Dict) => Dict): void {
  if (!Array.isArray(list)) return
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.name !== 'string' || item.name === '') continue
    if (target.has(item.name)) continue
    target.set(item.name, fix(isJsonObject(item[field]) ? {...item[field]} : {}))
  }
}

function resolvePaths(entry: Dict, keys: readonly string[], dir: string): Dict {
  for (const key of keys) {
    const value = entry[key]
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) entry[key] = resolve(dir, value)
  }
  return entry
}

function resolveUserPaths(entry: Dict, dir: string): Dict {
  resolvePaths(entry, ['client-certificate', 'client-key', 'tokenFile'], dir)
  // As client-go: an exec command is resolved only when it names a path (contains a separator).
  if (isJsonObject(entry.exec)) {
    const exec = {...entry.exec}
    if (typeof exec.command === 'string' && exec.command.includes(sep) && !isAbsolute(exec.command)) {
      exec.command = resolve(dir, exec.command)
    }
    entry.exec = exec
  }
  return entry
}

/** The connection a merged kubeconfig gives for the chosen context, with calicoctl's overrides applied. */
export function resolveConnection(merged: MergedKubeconfig, config: Partial<KubernetesConfig>): KubeConnection {
  const where = merged.files.length > 0 ? ` in ${merged.files.join(delimiter)}` : ''
  const contextName = config.context || merged.currentContext
  let cluster: Dict = {}
  let user: Dict = {}
  let userName: string | undefined
  if (contextName) {
    const context = merged.contexts.get(contextName)
    if (!context) throw new KubeconfigError(`context "${contextName}" does not exist${where}`)
    const clusterName = typeof context.cluster === 'string' ? context.cluster : ''
    if (clusterName) {
      const found = merged.clusters.get(clusterName)
      if (!found && !config.apiEndpoint) {
        throw new KubeconfigError(`cluster "${clusterName}" of context "${contextName}" does not exist${where}`)
      }
      cluster = found ?? {}
    }
    userName = typeof context.user === 'string' && context.user !== '' ? context.user : undefined
    if (userName) {
      const found = merged.users.get(userName)
      if (!found) throw new KubeconfigError(`user "${userName}" of context "${contextName}" does not exist${where}`)
      user = found
    }
  } else if (!config.apiEndpoint) {
    throw new KubeconfigError(`no current context is set${where}; set current-context or pass --context`)
  }
  const server = str(cluster.server)
  const connection: KubeConnection = {
    server: server ?? '',
    ca: pem(cluster, 'certificate-authority', 'cluster'),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: str(cluster['tls-server-name']),
    clientCert: pem(user, 'client-certificate', 'user'),
    clientKey: pem(user, 'client-key', 'user'),
    credentials: userCredentials(user, userName ?? ''),
    source: contextName ? `context "${contextName}"${where}` : 'explicit settings',
    user: userName,
  }
  return applyOverrides(connection, config)
}

function userCredentials(user: Dict, name: string): KubeCredentials {
  if (isJsonObject(user['auth-provider'])) {
    const provider = str(user['auth-provider'].name) ?? 'unknown'
    throw new KubeconfigError(
      `user "${name}" uses the auth-provider "${provider}", which hepctl does not support; use an exec credential plugin instead`,
    )
  }
  const tokenFile = str(user.tokenFile)
  if (tokenFile) return {type: 'token-file', path: tokenFile}
  const token = str(user.token)
  if (token) return {type: 'token', token}
  const username = str(user.username)
  const password = str(user.password)
  if (username !== undefined && password !== undefined) return {type: 'basic', username, password}
  if (isJsonObject(user.exec)) return {type: 'exec', exec: execConfig(user.exec, name), user: name}
  return {type: 'none'}
}

function execConfig(exec: Dict, user: string): ExecConfig {
  const command = str(exec.command)
  if (!command) throw new KubeconfigError(`user "${user}": exec has no command`)
  const apiVersion = str(exec.apiVersion) ?? ''
  if (!['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'].includes(apiVersion)) {
    throw new KubeconfigError(
      `user "${user}": exec apiVersion "${apiVersion}" is not supported (use client.authentication.k8s.io/v1 or v1beta1)`,
    )
  }
  const env: Array<{name: string; value: string}> = []
  if (Array.isArray(exec.env)) {
    for (const item of exec.env) {
      if (isJsonObject(item) && typeof item.name === 'string') env.push({name: item.name, value: String(item.value ?? '')})
    }
  }
  return {
    apiVersion,
    command,
    args: Array.isArray(exec.args) ? exec.args.map(String) : [],
    env,
    installHint: str(exec.installHint),
    provideClusterInfo: exec.provideClusterInfo === true,
    interactiveMode: str(exec.interactiveMode),
  }
}

function applyOverrides(connection: KubeConnection, config: Partial<KubernetesConfig>): KubeConnection {
  const out = {...connection}
  if (config.apiEndpoint) out.server = config.apiEndpoint
  if (config.caFile) out.ca = readPem(config.caFile, 'k8sCAFile')
  if (config.certFile) out.clientCert = readPem(config.certFile, 'k8sCertFile')
  if (config.keyFile) out.clientKey = readPem(config.keyFile, 'k8sKeyFile')
  if (config.token) out.credentials = {type: 'token', token: config.token}
  if (config.insecureSkipTLSVerify) out.insecureSkipTLSVerify = true
  if (!out.server) throw new KubeconfigError(`no server is set for ${out.source}`)
  if (!/^https?:\/\//.test(out.server)) out.server = `https://${out.server}`
  out.server = out.server.replace(/\/+$/, '')
  if (Boolean(out.clientCert) !== Boolean(out.clientKey)) {
    throw new KubeconfigError(`${out.source}: a client certificate needs both a certificate and a key`)
  }
  return out
}

/** The pod's service account, when KUBERNETES_SERVICE_HOST/PORT are set and the token file exists. */
function inClusterConnection(env: NodeJS.ProcessEnv, dir: string): KubeConnection | undefined {
  const host = env.KUBERNETES_SERVICE_HOST
  const port = env.KUBERNETES_SERVICE_PORT
  const tokenPath = join(dir, 'token')
  if (!host || !port || !existsSync(tokenPath)) return undefined
  const caPath = join(dir, 'ca.crt')
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ca: existsSync(caPath) ? readPem(caPath, 'service account CA') : undefined,
    insecureSkipTLSVerify: false,
    credentials: {type: 'token-file', path: tokenPath},
    source: 'in-cluster service account',
  }
}

/** `<key>-data` (base64) or `<key>` (a file) of a kubeconfig entry. */
function pem(entry: Dict, key: string, what: string): Buffer | undefined {
  const data = str(entry[`${key}-data`])
  if (data) return Buffer.from(data, 'base64')
  const file = str(entry[key])
  return file ? readPem(file, `${what} ${key}`) : undefined
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new KubeconfigError(`cannot read ${what} file ${path}: ${fileErrorText(error)}`)
  }
}

/** Why a file named in a kubeconfig could not be read, in a word (never its content). */
export function fileErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' ? 'no such file' : code ?? 'error'
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

