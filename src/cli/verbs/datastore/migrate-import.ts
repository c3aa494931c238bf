import {importResources} from '../../../lifecycle/migrate.js'
import {type BulkOptions} from '../../../lifecycle/resource-result.js'
import {duplicatesText, existingText, renderImport} from '../../../output/migrate-text.js'
import {withDatastore} from '../../datastore-session.js'
import {dryRunFor} from '../../dry-run.js'
import {ExitCode, UserFacingError} from '../../exit-codes.js'
import {dryRunFlag, manifestFlags, manifestLoadOptions, refuseNamespace} from '../../global-flags.js'
import {writeRendered} from '../../io.js'
import {loadValidObjects} from '../../load-manifests.js'
import {defineVerb, NO_POSITIONALS} from '../../verb.js'

export const migrateImport = defineVerb({
  name: 'datastore migrate import',
  summary: 'Create HostEndpoints from a migrate export, keeping their uid and creation time',
  description: `Every resource is read and validated first, and the datastore is checked for objects that
already exist: if any resource is invalid, a name appears twice, or an object exists (without --overwrite),
nothing is written. Objects keep their uid and creationTimestamp (one without gets a fresh one, as create
gives); the Kubernetes API server assigns every uid itself, so there only the creation time is kept.
A summary with the counts follows; a progress line is shown on a terminal.

Exit codes: 0 success, 1 a resource is invalid, exists or failed, 2 usage error, 3 input unreadable or datastore unusable.`,
  examples: [
    '<%= config.bin %> datastore migrate import -f heps.yaml',
    '<%= config.bin %> datastore migrate import -f heps.yaml --overwrite',
  ],
  flags: {
    ...manifestFlags(true),
    overwrite: {type: 'boolean', description: 'replace objects that already exist (spec, labels, annotations, uid and creation time)'},
    'dry-run': dryRunFlag,
    concurrency: {type: 'integer', min: 1, max: 256, description: 'requests in flight at once: default 16 on Kubernetes, 8 on etcd'},
  },
  positionals: NO_POSITIONALS,
  async run(flags) {
    refuseNamespace(flags)
    const objects = await loadValidObjects(flags.filename, {...manifestLoadOptions(flags), refusal: 'nothing was imported'})
    if (objects.length === 0) return ExitCode.OK
    const seen = new Set<string>()
    const duplicates = new Set<string>()
    for (const {metadata: {name}} of objects) (seen.has(name) ? duplicates : seen).add(name)
    if (duplicates.size > 0) throw new UserFacingError(duplicatesText([...duplicates]), ExitCode.FAILED)

    const {startProgress} = await import('../../../output/progress.js')
    const {dryRunSuffix} = await import('../../../output/write-results.js')
    let dryRun: BulkOptions['dryRun']
    const outcome = await withDatastore(flags, async store => {
      dryRun = dryRunFor(store, flags['dry-run'])
      const progress = startProgress(`importing${dryRunSuffix(dryRun)}`, objects.length, () => process.stderr)
      try {
        return await importResources(store, objects, {overwrite: flags.overwrite, dryRun, concurrency: flags.concurrency, onProgress: progress.update})
      } finally {
        progress.stop()
      }
    })
    if ('refused' in outcome) throw new UserFacingError(existingText(outcome.existing), ExitCode.FAILED)
    writeRendered(renderImport(objects, outcome.results, dryRun))
    return outcome.results.some(r => r.action === 'failed') ? ExitCode.FAILED : ExitCode.OK
  },
})
