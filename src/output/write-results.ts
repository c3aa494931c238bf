/**
 * What writing commands (create, apply, replace, delete) print: a kubectl-style line per resource
 * (`hostendpoint/NAME created`), then calicoctl's summary or error lines, or the results as JSON (`--json`).
 *
 * Streams follow calicoctl: success and `Partial success` lines on stdout, errors on stderr (with exit 1).
 * The per-resource line of a failed resource goes to stderr too, so stdout lists only what happened.
 */
import type {DryRun, ResourceResult} from '../lifecycle/resource-result.js'
import {inStructOrder} from './struct-order.js'
import {type DatastorePlace, placeText} from './datastore-place.js'

export type WriteVerb = 'create' | 'apply' | 'replace' | 'delete'

export interface RenderResultsOptions {
  /** Mark every line `(dry run)` or `(server dry run)`, as kubectl does. */
  dryRun?: DryRun
  /** Print the results as one JSON document on stdout instead of lines. */
  json?: boolean
  /** The targets were chosen by a selector: say so when it matched nothing. */
  selected?: boolean
  /** The datastore written to: the summary line names it (`... to the file store at DIR`). */
  place?: DatastorePlace
  /** No line for a resource that succeeded (-q): failures and the summary only. */
  quiet?: boolean
}

export interface RenderedOutput {
  stdout: string
  stderr: string
}

const PAST: Record<WriteVerb, string> = {create: 'created', apply: 'applied', replace: 'replaced', delete: 'deleted'}

/** The prefix of per-resource lines, kubectl's `<kind>/<name>`. */
export const RESULT_PREFIX = 'hostendpoint/'

/** Why a resource failed, as calicoctl words it. */
export function failureText(result: ResourceResult): string {
  return result.error?.message ?? result.message ?? 'unknown error'
}

/** kubectl's mark at the end of a dry run's lines: ` (dry run)`, or ` (server dry run)` when the server checked. */
export function dryRunSuffix(dryRun: DryRun | undefined): string {
  if (dryRun === undefined) return ''
  return dryRun === 'server' ? ' (server dry run)' : ' (dry run)'
}

/** `hostendpoint/NAME created`, `hostendpoint/NAME skipped: reason`, `hostendpoint/NAME failed: reason`. */
export function resultLine(result: ResourceResult, dryRun?: DryRun): string {
  const suffix = dryRunSuffix(dryRun)
  const head = `${RESULT_PREFIX}${result.name} ${result.action}`
  if (result.action === 'failed') return `${head}: ${failureText(result)}${suffix}`
  if (result.action === 'skipped' && result.message) return `${head}: ${result.message}${suffix}`
  return `${head}${suffix}`
}

/**
 * calicoctl's closing lines for a verb (reference §4.4.1–4.4.4). Counts follow calicoctl's quirks: skipped
 * resources count as successes; replace counts failed resources as handled and reports only the last error.
 * With `place`, a line of hepctl's own after calicoctl's (which scripts match, so it stays as it is) names the
 * datastore the write went to.
 */
export function summaryLines(verb: WriteVerb, results: readonly ResourceResult[], dryRun?: DryRun, place?: DatastorePlace): RenderedOutput {
  const lines = calicoctlSummary(verb, results, dryRun)
  if (place && lines.stdout) lines.stdout += `Datastore: ${placeText(place)}\n`
  return lines
}

function calicoctlSummary(verb: WriteVerb, results: readonly ResourceResult[], dryRun: DryRun | undefined): RenderedOutput {
  const suffix = dryRunSuffix(dryRun)
  const total = results.length
  const failed = results.filter(r => r.action === 'failed')
  const succeeded = total - failed.length
  const past = PAST[verb]
  let stdout = ''
  let stderr = ''
  if (verb === 'delete') {
    if (succeeded > 0) stdout += `Successfully deleted ${succeeded} 'HostEndpoint' resource(s)${suffix}\n`
    for (const r of failed) stderr += `Failed to delete 'HostEndpoint' resource: ${failureText(r)}\n`
    return {stdout, stderr}
  }
  if (failed.length === 0) {
    if (total > 0) stdout += `Successfully ${past} ${total} 'HostEndpoint' resource(s)${suffix}\n`
    return {stdout, stderr}
  }
  if (verb === 'replace') {
    // calicoctl counts a failed update as handled, so this line appears even when every resource failed.
    stdout += `Partial success: replaced the first ${total} out of ${total} 'HostEndpoint' resources:\n`
    stderr += `hit error: ${failureText(failed[failed.length - 1])}\n`
    return {stdout, stderr}
  }
  const errors = `[${failed.map(failureText).join(' ')}]`
  if (succeeded === 0) {
    stderr += total === 1
      ? `failed to ${verb} 'HostEndpoint' resource: ${errors}\n`
      : `failed to ${verb} any 'HostEndpoint' resources: ${errors}\n`
    return {stdout, stderr}
  }
  if (succeeded - failed.length > 0) {
    stdout += `Partial success: ${past} the first ${succeeded} out of ${total} 'HostEndpoint' resources:\n`
  }
  // calicoctl v3.32 (the release hepctl follows) says `hit error(s)` for apply and `hit error` elsewhere.
  stderr += `${verb === 'apply' ? 'hit error(s)' : 'hit error'}: ${errors}\n`
  return {stdout, stderr}
}

/**
 * The results as plain data for `--json`: objects in calicoctl's key order, errors as {reason, message}. A dry
 * run says which (`dryRunStrategy`, kubectl's word): `server` objects are the server's answers.
 */
export function resultsJson(verb: WriteVerb, results: readonly ResourceResult[], dryRun?: DryRun): Record<string, unknown> {
  const failed = results.filter(r => r.action === 'failed').length
  return {
    apiVersion: 'hepctl/v1',
    kind: 'ResultList',
    verb,
    dryRun: dryRun !== undefined,
    ...(dryRun !== undefined && {dryRunStrategy: dryRun}),
    results: results.map(r => {
      const out: Record<string, unknown> = {name: r.name, action: r.action}
      if (r.error) out.error = {reason: r.error.reason, message: r.error.message}
      if (r.message !== undefined) out.message = r.message
      if (r.problems && r.problems.length > 0) out.problems = r.problems
      if (r.object) out.object = inStructOrder(r.object)
      return out
    }),
    summary: {total: results.length, succeeded: results.length - failed, failed},
  }
}

/** Everything a writing command prints about its results, split by stream. */
export function renderResults(verb: WriteVerb, results: readonly ResourceResult[], options: RenderResultsOptions = {}): RenderedOutput {
  const {dryRun} = options
  const none = options.selected && results.length === 0 ? 'No resources found\n' : ''
  if (options.json) return {stdout: none + JSON.stringify(resultsJson(verb, results, dryRun), null, 2) + '\n', stderr: ''}
  let stdout = none
  let stderr = ''
  for (const r of results) {
    if (r.action === 'failed') stderr += resultLine(r, dryRun) + '\n'
    else if (!options.quiet) stdout += resultLine(r, dryRun) + '\n'
  }
  const summary = summaryLines(verb, results, dryRun, options.place)
  return {stdout: stdout + summary.stdout, stderr: stderr + summary.stderr}
}

/** The progress line's label while a writing command runs (`applying 1200/10000`). */
export function progressLabel(verb: WriteVerb, dryRun: DryRun | undefined): string {
  const ing = {create: 'creating', apply: 'applying', replace: 'replacing', delete: 'deleting'}[verb]
  return ing + dryRunSuffix(dryRun)
}
