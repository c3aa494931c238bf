import type {FlagTable} from './flag-table.js'
import {ExitCode, UserFacingError} from './exit-codes.js'
import type {LoadOptions} from './load-manifests.js'
import {parseDisableFlag} from '../validation/lint-disable.js'

/** The flags every command takes. */
export const globalFlags = {
  config: {type: 'string', short: 'c', helpGroup: 'GLOBAL', description: 'calicoctl config file (CalicoAPIConfig); default /etc/calico/calicoctl.cfg, else the environment'},
  context: {type: 'string', helpGroup: 'GLOBAL', description: 'kubeconfig context to use (Kubernetes datastore)'},
  kubeconfig: {type: 'string', helpGroup: 'GLOBAL', description: 'kubeconfig file to use (selects the Kubernetes datastore)'},
  'request-timeout': {type: 'string', helpGroup: 'GLOBAL', description: 'time limit for each request to the datastore, e.g. 30s, 500ms, 2m (default 30s)'},
  'allow-version-mismatch': {type: 'boolean', helpGroup: 'GLOBAL', description: 'accepted for calicoctl compatibility; hepctl never blocks on a version mismatch'},
  namespace: {type: 'string', short: 'n', helpGroup: 'GLOBAL', description: 'refused: HostEndpoint is not namespaced'},
  'all-namespaces': {type: 'boolean', short: 'A', aliases: ['a'], helpGroup: 'GLOBAL', description: 'refused: HostEndpoint is not namespaced'},
} as const satisfies FlagTable

/** Refuse -n/-A as calicoctl does for a cluster-scoped kind. */
export function refuseNamespace(flags: {namespace?: string; 'all-namespaces'?: boolean}): void {
  if (flags.namespace !== undefined || flags['all-namespaces']) {
    throw new UserFacingError('HostEndpoint is not namespaced', ExitCode.USAGE)
  }
}

const FILENAME_HELP = 'file, directory (.yaml, .yml, .json) or - for stdin; repeatable'

/** Flags of the commands that read manifests; -f is required where manifests are the only input. */
export function manifestFlags<const Required extends boolean>(filenameRequired: Required) {
  return {
    filename: {type: 'string', short: 'f', multiple: true, required: filenameRequired, description: FILENAME_HELP},
    recursive: {type: 'boolean', short: 'R', description: 'read directories recursively'},
    'skip-empty': {type: 'boolean', description: 'input without any resource is not an error'},
    disable: {type: 'string', multiple: true, description: 'turn lints off by code, e.g. all-interfaces,no-expected-ips; repeatable (errors cannot be disabled)'},
  } as const
}

/** How to load the manifests named by manifestFlags(); `strict` only where the command has --strict. */
export function manifestLoadOptions(flags: {recursive?: boolean; 'skip-empty'?: boolean; disable?: string[]}, strict = false): LoadOptions {
  let disable
  try {
    disable = parseDisableFlag(flags.disable)
  } catch (e) {
    throw new UserFacingError((e as Error).message, ExitCode.USAGE)
  }
  return {recursive: Boolean(flags.recursive), strict, skipEmpty: Boolean(flags['skip-empty']), ...(disable.size > 0 && {disable})}
}

/**
 * --dry-run, of every command that writes, in kubectl's forms: `client` (also bare `--dry-run` and `true`)
 * shows what would happen and writes nothing; `server` also has the Kubernetes API server run admission and
 * its schema on each write without storing it; `none` and `false` write.
 */
export const dryRunFlag = {
  type: 'string',
  options: ['client', 'server', 'none', 'true', 'false'],
  bare: 'client',
  description: 'client (or bare --dry-run): show what would happen, write nothing; server: the Kubernetes API server also checks each write without storing it (elsewhere the same as client)',
} as const

/**
 * --force of the commands that change or delete stored HostEndpoints: without it, a run that would change or
 * delete one owned by calico-kube-controllers writes nothing (src/lifecycle/calico-owned.ts).
 */
export const forceFlag = {
  type: 'boolean',
  description: 'change or delete HostEndpoints owned by calico-kube-controllers (label projectcalico.org/created-by=calico-kube-controllers), which it reverts or re-creates; a warning names each',
} as const

export type DryRunMode = 'none' | 'client' | 'server'

/** What a --dry-run value means. */
export function dryRunMode(value: string | undefined): DryRunMode {
  if (value === 'server') return 'server'
  return value === 'client' || value === 'true' ? 'client' : 'none'
}

/** Flags of the commands that write. */
export const writeFlags = {
  'dry-run': dryRunFlag,
  output: {type: 'string', short: 'o', options: ['json'], description: 'print the per-resource results as JSON'},
  json: {type: 'boolean', description: 'same as -o json'},
  quiet: {type: 'boolean', short: 'q', description: 'no line per resource written: the summary only (failures are still printed)'},
  concurrency: {type: 'integer', min: 1, max: 256, description: 'requests in flight at once: default 16 on Kubernetes, 8 on etcd'},
} as const satisfies FlagTable
