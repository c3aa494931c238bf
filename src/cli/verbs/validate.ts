import {coloursFor} from '../../output/colour.js'
import {renderValidationReport} from '../../output/report-render.js'
import {type FlagValues, NO_POSITIONALS, type Verb} from '../flag-table.js'
import {manifestFlags, refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadManifests} from '../load-manifests.js'

export const VALIDATE_OUTPUTS = ['text', 'json', 'junit', 'sarif', 'github'] as const
type ValidateOutput = (typeof VALIDATE_OUTPUTS)[number]

/** `hepctl validate`: read, validate, report. Offline: no datastore is configured or loaded. */
export const validate: Verb = {
  flags: {
    ...manifestFlags(true),
    strict: {type: 'boolean', description: 'treat warnings (safety lints, calicoctl leniencies) as errors'},
    output: {type: 'string', short: 'o', options: VALIDATE_OUTPUTS, description: 'report format (default text; github when GITHUB_ACTIONS=true)'},
  },
  positionals: NO_POSITIONALS,
  async run(flags: FlagValues): Promise<number> {
    refuseNamespace(flags)
    const loaded = await loadManifests(flags.filename as string[], {
      recursive: Boolean(flags.recursive),
      strict: Boolean(flags.strict),
      skipEmpty: Boolean(flags['skip-empty']),
    })
    const format = (flags.output as ValidateOutput | undefined) ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')
    const colours = format === 'text' ? await coloursFor(process.stdout) : undefined
    writeOut(renderValidationReport(loaded.report, format, {stream: process.stdout, colours, sourceLine: loaded.sourceLine}))
    return loaded.exitCode
  },
}
