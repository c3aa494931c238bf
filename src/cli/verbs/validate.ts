import {coloursFor} from '../../output/colour.js'
import {REPORT_FORMATS, renderValidationReport} from '../../output/report-render.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadManifests} from '../load-manifests.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {defineVerb} from '../verb.js'

/** `hepctl validate`: read, validate, report. Offline: no datastore is configured or loaded. */
export const validate = defineVerb({
  name: 'validate',
  summary: 'Check HostEndpoint manifests offline: schema, Calico\'s rules and safety lints',
  description: `Reads every manifest (YAML or JSON, multi-document, Lists) and reports every problem of every
resource with its file, line and column. Needs no datastore.

Exit codes: 0 all valid (warnings allowed unless --strict), 1 a resource is invalid, 2 usage error,
3 input could not be read or held no resource.`,
  examples: [
    '<%= config.bin %> validate -f hep.yaml',
    '<%= config.bin %> validate hep.yaml other.yaml',
    '<%= config.bin %> validate -f manifests/ -R --strict',
    '<%= config.bin %> validate -f - -o sarif < hep.yaml > hepctl.sarif',
    '<%= config.bin %> validate -f manifests/ -o junit > report.xml',
  ],
  flags: {
    ...manifestFlags(false),
    strict: {type: 'boolean', description: 'treat warnings (safety lints, calicoctl leniencies) as errors'},
    output: {type: 'string', short: 'o', options: REPORT_FORMATS, description: 'report format (default text; github when GITHUB_ACTIONS=true)'},
  },
  // Files may also be given as arguments, as kubeconform users type them: `validate FILE...` is `-f FILE...`.
  positionals: {args: [], rest: true},
  async run(flags, files) {
    refuseNamespace(flags)
    const filenames = [...(flags.filename ?? []), ...files]
    if (filenames.length === 0) throw new UserFacingError('validate needs manifests: -f FILE (or FILE arguments), a directory, or - for stdin', ExitCode.USAGE)
    const loaded = await loadManifests(filenames, manifestLoadOptions(flags, Boolean(flags.strict)))
    const format = flags.output ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')
    const colours = format === 'text' ? await coloursFor(process.stdout) : undefined
    writeOut(renderValidationReport(loaded.report, format, {stream: process.stdout, colours, sourceLine: loaded.sourceLine}))
    return loaded.exitCode
  },
})
