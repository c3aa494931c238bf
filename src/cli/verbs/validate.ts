import {coloursFor} from '../../output/colour.js'
import {REPORT_FORMATS, type ReportFormat, renderValidationReport} from '../../output/report-render.js'
import {type FlagValues, NO_POSITIONALS, type Verb} from '../flag-table.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadManifests} from '../load-manifests.js'

/** `hepctl validate`: read, validate, report. Offline: no datastore is configured or loaded. */
export const validate: Verb = {
  flags: {
    ...manifestFlags(true),
    strict: {type: 'boolean', description: 'treat warnings (safety lints, calicoctl leniencies) as errors'},
    output: {type: 'string', short: 'o', options: REPORT_FORMATS, description: 'report format (default text; github when GITHUB_ACTIONS=true)'},
  },
  positionals: NO_POSITIONALS,
  async run(flags: FlagValues): Promise<number> {
    refuseNamespace(flags)
    const loaded = await loadManifests(flags.filename as string[], manifestLoadOptions(flags, Boolean(flags.strict)))
    const format = (flags.output as ReportFormat | undefined) ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')
    const colours = format === 'text' ? await coloursFor(process.stdout) : undefined
    writeOut(renderValidationReport(loaded.report, format, {stream: process.stdout, colours, sourceLine: loaded.sourceLine}))
    return loaded.exitCode
  },
}
