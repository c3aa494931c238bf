/**
 * `hepctl validate`: read, validate, report. Offline: no datastore is configured or loaded.
 */
import {renderValidationReport} from '../output/report-render.js'
import {writeOut} from './io.js'
import {loadManifests} from './load-manifests.js'
import type {ValidateOptions} from './validate-flags.js'

export async function runValidate(options: ValidateOptions): Promise<number> {
  const loaded = await loadManifests(options.filenames, {
    recursive: options.recursive,
    strict: options.strict,
    skipEmpty: options.skipEmpty,
  })
  const format = options.output ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')
  writeOut(renderValidationReport(loaded.report, format, {stream: process.stdout, sourceLine: loaded.sourceLine}))
  return loaded.exitCode
}
