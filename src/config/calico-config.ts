/**
 * Resolves where hepctl's data lives from calicoctl's CalicoAPIConfig file or the environment (reference §5.3),
 * plus hepctl's own `datastoreType: file`. A config file and the environment are not merged (as in calicoctl).
 */
import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

import {ConfigError} from './config-error.js'
import type {DatastoreConfig, DatastoreType, EtcdConfig, KubernetesConfig} from './datastore-config.js'
import {isJsonObject} from '../json/json-object.js'
import {osReason} from '../os/os-error.js'
import {yamlPackage} from '../json/yaml-package.js'

export const DEFAULT_CONFIG_PATH = '/etc/calico/calicoctl.cfg'
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

/** What the global flags say about configuration. */
export interface ConfigFlags {
  config?: string
  context?: string
  kubeconfig?: string
  requestTimeout?: string
}

/** The keys calicoctl's CalicoAPIConfig spec accepts, plus hepctl's fileStorePath. */
const SPEC_KEYS = new Set([
  'datastoreType', 'fileStorePath',
  'etcdEndpoints', 'etcdDiscoverySrv', 'etcdUsername', 'etcdPassword', 'etcdKeyFile', 'etcdCertFile', 'etcdCACertFile',
  'etcdKey', 'etcdCert', 'etcdCACert',
  'kubeconfig', 'kubeconfigInline', 'k8sAPIEndpoint', 'k8sKeyFile', 'k8sCertFile', 'k8sCAFile', 'k8sAPIToken',
  'k8sInsecureSkipTLSVerify', 'k8sDisableNodePoll', 'usePodCIDR', 'k8sClientQPS', 'k8sClientBurst', 'k8sCurrentContext',
  'calicoAPIGroup',
])

/** Environment names (read as CALICO_<NAME> first, then <NAME>) for each spec key that has one. */
const ENV_NAMES: Record<string, string> = {
  datastoreType: 'DATASTORE_TYPE',
  etcdEndpoints: 'ETCD_ENDPOINTS', etcdDiscoverySrv: 'ETCD_DISCOVERY_SRV', etcdUsername: 'ETCD_USERNAME',
  etcdPassword: 'ETCD_PASSWORD', etcdKeyFile: 'ETCD_KEY_FILE', etcdCertFile: 'ETCD_CERT_FILE',
  etcdCACertFile: 'ETCD_CA_CERT_FILE',
  kubeconfig: 'KUBECONFIG', k8sAPIEndpoint: 'K8S_API_ENDPOINT', k8sKeyFile: 'K8S_KEY_FILE', k8sCertFile: 'K8S_CERT_FILE',
  k8sCAFile: 'K8S_CA_FILE', k8sAPIToken: 'K8S_API_TOKEN', k8sInsecureSkipTLSVerify: 'K8S_INSECURE_SKIP_TLS_VERIFY',
  k8sCurrentContext: 'K8S_CURRENT_CONTEXT', calicoAPIGroup: 'CALICO_API_GROUP',
}

type Spec = Partial<Record<string, string | boolean | number>>

/** Where the settings came from, for `hepctl version`. */
export interface ResolvedConfig {
  datastore: DatastoreConfig
  source: string
  /**
   * The file store was used because nothing chose a datastore (no config file, no DATASTORE_TYPE, no etcd or
   * Kubernetes setting) while a kubeconfig is present (KUBECONFIG set, or ~/.kube/config exists).
   */
  fileStoreByDefaultBesideKubeconfig?: boolean
}

/** Whether a kubeconfig is present as kubectl would find one: KUBECONFIG set, or ~/.kube/config existing. */
export function kubeconfigPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.KUBECONFIG) return true
  return existsSync(join(env.HOME || homedir(), '.kube', 'config'))
}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const requestTimeoutMs = parseDuration(flags.requestTimeout)
  const path = flags.config ?? DEFAULT_CONFIG_PATH
  let text: string | undefined
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (flags.config !== undefined || (code !== 'ENOENT' && code !== 'ENOTDIR')) {
      throw new ConfigError(`Error reading config file: ${path} (${osReason(error)})`, 'unusable')
    }
  }
  if (text !== undefined) {
    const spec = parseConfigFile(path, text)
    return {datastore: fromSpec(spec, {fromFile: true, flags, requestTimeoutMs, env}), source: `config file ${path}`}
  }
  const spec: Spec = {}
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[`CALICO_${name}`] ?? env[name]
    if (value !== undefined && value !== '') spec[key] = value
  }
  if (env.HEPCTL_FILE_STORE) spec.fileStorePath = env.HEPCTL_FILE_STORE
  const datastore = fromSpec(spec, {fromFile: false, flags, requestTimeoutMs, env})
  const byDefault = datastore.type === 'file' && spec.datastoreType === undefined && kubeconfigPresent(env)
  return {datastore, source: 'environment', ...(byDefault ? {fileStoreByDefaultBesideKubeconfig: true} : {})}
}

function parseConfigFile(path: string, text: string): Spec {
  let doc: unknown
  try {
    // The yaml package is loaded only when a config file exists.
    doc = yamlPackage().parse(text, {uniqueKeys: true, strict: true, prettyErrors: false})
  } catch (error) {
    // Only the first line: the parser's later lines quote the file, which may hold passwords and tokens.
    const message = (error as Error).message.split('\n')[0]
    throw new ConfigError(`syntax error in ${path}: failed to parse config as YAML/JSON: ${message}`, 'unusable')
  }
  if (!isJsonObject(doc)) throw new ConfigError(`invalid config file ${path}: expected a CalicoAPIConfig mapping`, 'unusable')
  for (const key of Object.keys(doc)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) {
      throw new ConfigError(`invalid config file ${path}: unknown field "${key}"`, 'unusable')
    }
  }
  if (doc.apiVersion !== 'projectcalico.org/v3') {
    throw new ConfigError(`invalid config file: unknown APIVersion '${String(doc.apiVersion ?? '')}'`, 'unusable')
  }
  if (doc.kind !== 'CalicoAPIConfig') {
    throw new ConfigError(`invalid config file: expected kind 'CalicoAPIConfig', got '${String(doc.kind ?? '')}'`, 'unusable')
  }
  const spec = doc.spec ?? {}
  if (!isJsonObject(spec)) throw new ConfigError(`invalid config file ${path}: spec must be a mapping`, 'unusable')
  for (const [key, value] of Object.entries(spec)) {
    if (!SPEC_KEYS.has(key)) throw new ConfigError(`invalid config file ${path}: unknown field "spec.${key}"`, 'unusable')
    if (value !== null && typeof value === 'object') {
      throw new ConfigError(`invalid config file ${path}: spec.${key} must be a scalar`, 'unusable')
    }
  }
  return spec as Spec
}

interface FromSpecContext {
  fromFile: boolean
  flags: ConfigFlags
  requestTimeoutMs: number
  env: NodeJS.ProcessEnv
}

function fromSpec(spec: Spec, ctx: FromSpecContext): DatastoreConfig {
  const str = (key: string): string | undefined => {
    const value = spec[key]
    return value === undefined || value === null || value === '' ? undefined : String(value)
  }
  const etcdEndpoints = str('etcdEndpoints')
  const explicitType = str('datastoreType')
  let type: DatastoreType
  if (explicitType !== undefined) {
    if (explicitType !== 'file' && explicitType !== 'kubernetes' && explicitType !== 'etcdv3') {
      throw new ConfigError(
        `Failed to create Calico API client: unknown datastore type: ${explicitType} (expected file, kubernetes or etcdv3)`,
        'unusable',
      )
    }
    type = explicitType
  } else if (etcdEndpoints !== undefined || str('etcdDiscoverySrv') !== undefined) {
    type = 'etcdv3'
  } else if (ctx.fromFile || ctx.flags.kubeconfig !== undefined || str('k8sAPIEndpoint') !== undefined) {
    // A calicoctl config file without a type means Kubernetes, as in calicoctl; so do hepctl's own flags.
    type = 'kubernetes'
  } else {
    type = 'file'
  }

  switch (type) {
    case 'file': {
      const dataHome = ctx.env.XDG_DATA_HOME || join(ctx.env.HOME || homedir(), '.local', 'share')
      return {type, file: {path: str('fileStorePath') ?? join(dataHome, 'hepctl')}}
    }
    case 'kubernetes': {
      const kubernetes: KubernetesConfig = {
        kubeconfig: ctx.flags.kubeconfig ?? str('kubeconfig'),
        kubeconfigInline: ctx.fromFile ? str('kubeconfigInline') : undefined,
        apiEndpoint: str('k8sAPIEndpoint'),
        caFile: str('k8sCAFile'),
        certFile: str('k8sCertFile'),
        keyFile: str('k8sKeyFile'),
        token: str('k8sAPIToken'),
        insecureSkipTLSVerify: parseBool(spec.k8sInsecureSkipTLSVerify),
        context: ctx.flags.context ?? str('k8sCurrentContext'),
        apiGroup: str('calicoAPIGroup'),
        requestTimeoutMs: ctx.requestTimeoutMs,
      }
      return {type, kubernetes}
    }
    case 'etcdv3': {
      // Conflicting or missing settings are refused where they are used: openEtcdStore.
      const discoverySrv = str('etcdDiscoverySrv')
      const endpoints = (etcdEndpoints ?? '').split(',').map(e => e.trim()).filter(Boolean)
      const username = str('etcdUsername')
      const password = str('etcdPassword')
      const etcd: EtcdConfig = {
        endpoints,
        discoverySrv,
        keyFile: str('etcdKeyFile'),
        certFile: str('etcdCertFile'),
        caCertFile: str('etcdCACertFile'),
        key: ctx.fromFile ? str('etcdKey') : undefined,
        cert: ctx.fromFile ? str('etcdCert') : undefined,
        caCert: ctx.fromFile ? str('etcdCACert') : undefined,
        // Used only when both are set, as calicoctl does.
        username: username !== undefined && password !== undefined ? username : undefined,
        password: username !== undefined && password !== undefined ? password : undefined,
        requestTimeoutMs: ctx.requestTimeoutMs,
      }
      return {type, etcd}
    }
  }
}

function parseBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'boolean') return value
  return /^(1|t|true|yes|y|on)$/i.test(String(value))
}

/** `--request-timeout`: kubectl's forms (`30s`, `500ms`, `1m`, `1h`; a bare number is seconds); 0 means none. */
export function parseDuration(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_REQUEST_TIMEOUT_MS
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (!m) {
    throw new ConfigError(
      `invalid --request-timeout "${text}": expected a duration such as 30s, 500ms, 2m or a number of seconds`,
      'usage',
    )
  }
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000
  return Math.round(n * factor)
}
