import type {ResourceError} from '../datastore/datastore.js'
import type {OwnedTouch} from './calico-owned.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import type {Problem} from '../problem/problem.js'

/** What happened to one resource; the output layer turns it into words. */
export type Action = 'created' | 'configured' | 'unchanged' | 'deleted' | 'labeled' | 'patched' | 'skipped' | 'failed'

/** The outcome for one resource, in input order. */
export interface ResourceResult {
  name: string
  action: Action
  /** The stored object after the operation (before it, for `deleted`); in a dry run, what would be stored. */
  object?: HostEndpoint
  /** Set when `action` is `failed`. */
  error?: ResourceError
  /** Why a resource was skipped, in the store's words. */
  message?: string
  /** Why a label or patch was refused before anything was written (set with `action: 'failed'`). */
  refusal?: Refusal
  /** Validation problems that made a label or patch fail. */
  problems?: Problem[]
  /** For label: the key and its value before and after (`to` absent: removed). */
  label?: LabelEdit
}

/** One label's change, as data; src/output/single-result.ts words it. */
export interface LabelEdit {
  key: string
  /** The value before the change; absent when the key was not set. */
  from?: string
  /** The value after the change; absent when the key is removed. */
  to?: string
}

/** Why label or patch wrote nothing although the object exists. */
export type Refusal =
  /** `label --remove` of a key that is not set. */
  | {reason: 'label-absent'}
  /** `label` of a key set to another value, without `--overwrite`. */
  | {reason: 'label-present'}
  /** The changed object breaks a rule; `problems` says which. */
  | {reason: 'invalid'}
  /** A patch that turns the object into something that is not an object. */
  | {reason: 'not-an-object'}
  /** A patch that changes `metadata.name` (to `to`, possibly not a string). */
  | {reason: 'renamed'; to: unknown}
  /** A JSON Patch operation that cannot apply to the stored object (`message` names it and says why). */
  | {reason: 'json-patch'; message: string}

/**
 * A run that writes nothing, as kubectl's --dry-run: `client` computes the results in hepctl; `server` sends
 * each write for the datastore's server to check without storing it (Datastore.dryRunWrite), and is the
 * client dry run on a datastore without one.
 */
export type DryRun = 'client' | 'server'

export interface BulkOptions {
  /** Compute the results without writing anything. */
  dryRun?: DryRun
  /** Called as resources are handled (done, total). */
  onProgress?: (done: number, total: number) => void
  /** How many requests the datastore may have in flight at once (network backends). */
  concurrency?: number
  /** Change and delete objects owned by calico-kube-controllers (without it the run is refused: CalicoOwnedRefusal). */
  force?: boolean
  /** Told, before they are written, of the writes that touch objects calico-kube-controllers owns or would take. */
  onCalicoOwned?: (touches: readonly OwnedTouch[]) => void
}

/** The validation entry point label and patch run on the changed object (injected: lifecycle knows no rules). */
export type ValidateResource = (object: unknown) => {object?: HostEndpoint; problems: Problem[]}
