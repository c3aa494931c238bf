import type {Datastore} from '../datastore/datastore.js'
import {dryRunOn} from '../lifecycle/dry-run-writes.js'
import type {DryRun} from '../lifecycle/resource-result.js'
import {clientDryRunNote} from '../output/datastore-place.js'
import {dryRunMode} from './global-flags.js'
import {writeError} from './io.js'

/**
 * The dry run a writing command runs on `store` for its --dry-run value (undefined: a real run). Asked for
 * `server` where the datastore has no server that can check writes (etcd, the file store), it is the client
 * dry run, and a note on stderr says so, once: a command opens its datastore once.
 */
export function dryRunFor(store: Datastore, flag: string | undefined): DryRun | undefined {
  const mode = dryRunMode(flag)
  if (mode === 'none') return undefined
  const dryRun = dryRunOn(store, mode)
  if (dryRun !== mode) writeError(clientDryRunNote(store))
  return dryRun
}
