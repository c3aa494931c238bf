/** Which backend holds the data. */
export type DatastoreType = 'file' | 'kubernetes' | 'etcdv3'

/**
 * Where and how to reach the datastore, resolved from calicoctl's CalicoAPIConfig file or the environment
 * (src/config/calico-config.ts). Secrets live only here and in the backends; never print this object.
 */
export interface DatastoreConfig {
  type: DatastoreType
  file?: FileStoreConfig
  kubernetes?: KubernetesConfig
  etcd?: EtcdConfig
}

export interface FileStoreConfig {
  /** Directory of the store. */
  path: string
}

export interface KubernetesConfig {
  /** `--kubeconfig`, calicoctl `kubeconfig`, or `KUBECONFIG` (may be a `:`-separated list). */
  kubeconfig?: string
  /** calicoctl `kubeconfigInline`: the kubeconfig's YAML itself. */
  kubeconfigInline?: string
  /** Explicit settings that override the kubeconfig (calicoctl `k8s*`). */
  apiEndpoint?: string
  caFile?: string
  certFile?: string
  keyFile?: string
  token?: string
  insecureSkipTLSVerify?: boolean
  /** `--context`, calicoctl `k8sCurrentContext`. */
  context?: string
  /** calicoctl `calicoAPIGroup` / `CALICO_API_GROUP`: `projectcalico.org/v3` forces the v3 API group. */
  apiGroup?: string
  /** Per-request timeout in milliseconds (`--request-timeout`). */
  requestTimeoutMs: number
}

export interface EtcdConfig {
  endpoints: string[]
  discoverySrv?: string
  keyFile?: string
  certFile?: string
  caCertFile?: string
  /** Inline PEM (config file only). */
  key?: string
  cert?: string
  caCert?: string
  username?: string
  password?: string
  requestTimeoutMs: number
}
