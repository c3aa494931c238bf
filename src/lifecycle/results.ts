import type {ResourceError} from '../datastore/datastore.js'
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
  /** A ready-made sentence for commands that print one (label), or why a resource was skipped. */
  message?: string
  /** Validation problems that made a label or patch fail. */
  problems?: Problem[]
}

export interface BulkOptions {
  /** Compute the results without writing anything. */
  dryRun?: boolean
  /** Called as resources are handled (done, total). */
  onProgress?: (done: number, total: number) => void
  /** How many requests the datastore may have in flight at once (network backends). */
  concurrency?: number
}

/** The validation entry point label and patch run on the changed object (injected: lifecycle knows no rules). */
export type ValidateResource = (object: unknown) => {object?: HostEndpoint; problems: Problem[]}
