import {coloursFor} from '../../output/colour.js'
import {REPORT_FORMATS, renderValidationReport} from '../../output/report-render.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadManifests} from '../load-manifests.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'

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
    '<%= config.bin %> validate -f manifests/ -R --strict',
    '<%= config.bin %> validate -f - -o sarif < hep.yaml > hepctl.sarif',
    '<%= config.bin %> validate -f manifests/ -o junit > report.xml',
  ],
  flags: {
    ...manifestFlags(true),
    strict: {type: 'boolean', description: 'treat warnings (safety lints, calicoctl leniencies) as errors'},
    output: {type: 'string', short: 'o', options: REPORT_FORMATS, description: 'report format (default text; github when GITHUB_ACTIONS=true)'},
  },
  positionals: NO_POSITIONALS,
  async run(flags) {
    refuseNamespace(flags)
    const loaded = await loadManifests(flags.filename, manifestLoadOptions(flags, Boolean(flags.strict)))
    const format = flags.output ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')
    const colours = format === 'text' ? await coloursFor(process.stdout) : undefined
    writeOut(renderValidationReport(loaded.report, format, {stream: process.stdout, colours, sourceLine: loaded.sourceLine}))
    return loaded.exitCode
  },
})
