/**
 * The common shape of create, apply, replace and delete: input is read and validated completely before the
 * datastore is opened (invalid input writes nothing), then one lifecycle call, then the results printed.
 */
import type {Datastore} from '../datastore/datastore.js'
import type {BulkOptions, ResourceResult} from '../lifecycle/resource-result.js'
import type {WriteVerb} from '../output/write-results.js'
import {ExitCode} from './exit-codes.js'
import {withDatastore} from './datastore-session.js'
import type {FlagValues} from './flag-table.js'
import {writeError, writeOut} from './io.js'

/** Runs `operation` on the datastore with progress on a terminal, prints the results, returns the exit code. */
export async function runWrite(
  verb: WriteVerb,
  /** How many resources, when known before the datastore is read (for progress). */
  total: number | undefined,
  flags: FlagValues,
  operation: (store: Datastore, options: BulkOptions & {concurrency?: number}) => Promise<ResourceResult[]>,
): Promise<number> {
  const [{startProgress}, {renderResults}] = await Promise.all([import('../output/progress.js'), import('../output/write-results.js')])
  const dryRun = Boolean(flags['dry-run'])
  const results = await withDatastore(flags, async store => {
    const progress = startProgress(progressLabel(verb, dryRun), total ?? 0, process.stderr)
    try {
      return await operation(store, {dryRun, concurrency: flags.concurrency as number | undefined, onProgress: progress.update})
    } finally {
      progress.stop()
    }
  })
  const rendered = renderResults(verb, results, {dryRun, json: Boolean(flags.json) || flags.output === 'json'})
  writeOut(rendered.stdout)
  writeError(rendered.stderr)
  return results.some(r => r.action === 'failed') ? ExitCode.FAILED : ExitCode.OK
}

function progressLabel(verb: WriteVerb, dryRun: boolean): string {
  const ing = {create: 'creating', apply: 'applying', replace: 'replacing', delete: 'deleting'}[verb]
  return dryRun ? `${ing} (dry run)` : ing
}
