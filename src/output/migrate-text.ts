/**
 * What `datastore migrate import` prints: a line per resource that failed (stderr), then one summary with the
 * counts (stdout), and a note when the datastore gave objects a uid of its own (Kubernetes).
 */
import type {DryRun, ResourceResult} from '../lifecycle/resource-result.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import type {RenderedOutput} from './write-results.js'
import {dryRunSuffix, resultLine} from './write-results.js'

/** How many names a message lists before it says how many more there are. */
const NAMES_SHOWN = 10

export function namesText(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ')
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown
}

/** The refusal when objects of the import exist already and --overwrite was not given. */
export function existingText(existing: readonly string[]): string {
  const what = existing.length === 1 ? '1 HostEndpoint already exists' : `${existing.length} HostEndpoints already exist`
  return `${what} in the datastore (${namesText(existing)}); nothing was imported (use --overwrite to replace them)`
}

/** The refusal when the input names an object twice. */
export function duplicatesText(duplicates: readonly string[]): string {
  return `the input holds more than one HostEndpoint named ${namesText(duplicates)}; nothing was imported`
}

/** The results of an import, in input order beside the objects imported. */
export function renderImport(inputs: readonly HostEndpoint[], results: readonly ResourceResult[], dryRun?: DryRun): RenderedOutput {
  const suffix = dryRunSuffix(dryRun)
  let stderr = ''
  const count = {created: 0, configured: 0, failed: 0}
  let newUids = 0
  results.forEach((result, i) => {
    if (result.action === 'failed') {
      count.failed++
      stderr += resultLine(result, dryRun) + '\n'
      return
    }
    if (result.action === 'created') count.created++
    else count.configured++
    const wanted = inputs[i].metadata.uid
    if (wanted && result.object?.metadata.uid !== wanted) newUids++
  })
  const done = count.created + count.configured
  const stdout = `Imported ${done} of ${results.length} 'HostEndpoint' resource(s): ${count.created} created, ${count.configured} overwritten, ${count.failed} failed${suffix}\n`
  if (newUids > 0) {
    stderr += `note: the datastore assigned its own uid to ${newUids} resource(s) (the Kubernetes API server does not let a uid be chosen); names, specs, labels, annotations and creation times were kept\n`
  }
  return {stdout, stderr}
}
