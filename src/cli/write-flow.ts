/**
 * The common shape of create, apply, replace and delete: input is read and validated completely before the
 * datastore is opened (invalid input writes nothing), then one lifecycle call, then the results printed.
 */
import type {Datastore} from '../datastore/datastore.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import type {BulkOptions, ResourceResult} from '../lifecycle/resource-result.js'
import type {WriteVerb} from '../output/write-results.js'
import {ExitCode} from './exit-codes.js'
import {withDatastore} from './datastore-session.js'
import {dryRunFor} from './dry-run.js'
import type {FlagValues} from './flag-table.js'
import {type manifestFlags, manifestLoadOptions, refuseNamespace, type writeFlags} from './global-flags.js'
import {writeRendered} from './io.js'
import {guardingOwned} from './owned-guard.js'
import type {GlobalFlagValues} from './verb.js'

/**
 * What --help says of create, apply and replace after the summary: `owned` is what the command does about
 * objects owned by calico-kube-controllers (OWNED_DESCRIPTION, which may refuse a run, or create's own words).
 */
export function writeDescription(owned: string, refuses = true): string {
  return `Every manifest is read and validated first; if any resource is invalid nothing is written.
Each resource gets its own result line (none with -q, except failures), then calicoctl's summary line.

${owned}

Exit codes: 0 success, 1 a resource is invalid or failed${refuses ? ' (or the run was refused without --force)' : ''}, 2 usage error,
3 input unreadable or datastore unusable.`
}

/** Runs `operation` on the datastore with progress on a terminal, prints the results, returns the exit code. */
export async function runWrite(
  verb: WriteVerb,
  /** How many resources, when known before the datastore is read (for progress); undefined: chosen by a selector. */
  total: number | undefined,
  /** `force` where the command has --force (create has none: it cannot overwrite an object). */
  flags: FlagValues<typeof writeFlags> & GlobalFlagValues & {force?: boolean},
  operation: (store: Datastore, options: BulkOptions) => Promise<ResourceResult[]>,
): Promise<number> {
  const [{startProgress}, {progressLabel, renderResults}] = await Promise.all([import('../output/progress.js'), import('../output/write-results.js')])
  let place: {type: Datastore['type']; location: string} | undefined
  let dryRun: BulkOptions['dryRun']
  const results = await guardingOwned(flags.force, guard => withDatastore(flags, async store => {
    place = {type: store.type, location: store.location}
    dryRun = dryRunFor(store, flags['dry-run'])
    const progress = startProgress(progressLabel(verb, dryRun), total ?? 0, () => process.stderr)
    try {
      // A warning about calico-kube-controllers' objects gets a line of its own, not the end of the progress line.
      const onCalicoOwned: typeof guard.onCalicoOwned = touches => {
        progress.clear()
        guard.onCalicoOwned(touches)
      }
      return await operation(store, {dryRun, concurrency: flags.concurrency, onProgress: progress.update, ...guard, onCalicoOwned})
    } finally {
      progress.stop()
    }
  }, {writing: true}))
  writeRendered(renderResults(verb, results, {dryRun, json: Boolean(flags.json) || flags.output === 'json', selected: total === undefined, place, quiet: Boolean(flags.quiet)}))
  return results.some(r => r.action === 'failed') ? ExitCode.FAILED : ExitCode.OK
}

/** create, apply and replace: every manifest read and valid, then `operation` on the objects in input order. */
export async function writeFromManifests(
  verb: WriteVerb,
  flags: FlagValues<ReturnType<typeof manifestFlags<true>> & typeof writeFlags> & GlobalFlagValues & {force?: boolean},
  operation: (store: Datastore, objects: HostEndpoint[], options: BulkOptions) => Promise<ResourceResult[]>,
): Promise<number> {
  refuseNamespace(flags)
  const {loadValidObjects} = await import('./load-manifests.js')
  const objects = await loadValidObjects(flags.filename, {...manifestLoadOptions(flags), verb})
  if (objects.length === 0) return ExitCode.OK
  return runWrite(verb, objects.length, flags, (store, options) => operation(store, objects, options))
}
