import {coloursFor} from '../../output/colour.js'
import {REPORT_FORMATS, renderValidationReportChunks} from '../../output/report-render.js'
import {applyContextLints, type MustAllow, parseMustAllow} from '../../validation/context-lints.js'
import {mergeContext, readContext, storedProblems} from '../../lifecycle/read-context.js'
import type {PolicyResource} from '../../policy/types.js'
import {checkStored} from '../../validation/stored-context.js'
import type {ValidatedResource} from '../../validation/validate-resources.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeOutChunks} from '../io.js'
import {loadManifests} from '../load-manifests.js'
import {defineVerb} from '../verb.js'

/** `hepctl validate`: read, validate, report. Offline: no datastore is configured or loaded. */
export const validate = defineVerb({
  name: 'validate',
  summary: 'Check HostEndpoint manifests offline: schema, Calico\'s rules and safety lints',
  description: `Reads every manifest (YAML or JSON, multi-document, Lists) and reports every problem of every
resource with its file, line and column. Needs no datastore (unless --context-from-datastore).

Policies, profiles, tiers, Felix settings and network sets given with -f beside the HostEndpoints are read as
context: validate then reports what they do to each endpoint (lock-out of the --must-allow traffic, default
deny, profiles never reached, named ports not found, ...) instead of judging each endpoint alone.

Exit codes: 0 all valid (warnings allowed unless --strict), 1 a resource is invalid, 2 usage error,
3 input could not be read or held no resource.`,
  examples: [
    '<%= config.bin %> validate -f hep.yaml',
    '<%= config.bin %> validate hep.yaml other.yaml',
    '<%= config.bin %> validate -f manifests/ -R --strict',
    '<%= config.bin %> validate -f - -o sarif < hep.yaml > hepctl.sarif',
    '<%= config.bin %> validate -f manifests/ -o junit > report.xml',
    '<%= config.bin %> validate -f hostendpoints/ -f policies/ --must-allow ingress:tcp:22,ingress:tcp:6443,egress:udp:53',
  ],
  flags: {
    ...manifestFlags(false),
    strict: {type: 'boolean', description: 'treat warnings (safety lints, calicoctl leniencies) as errors'},
    'must-allow': {type: 'string', description: 'with policies in the input: traffic each host must keep, DIRECTION:PROTOCOL:PORT,... (default ingress:tcp:22,ingress:tcp:6443)'},
    'context-from-datastore': {type: 'boolean', description: 'also read the policies, profiles, tiers and Felix settings from the configured datastore (read-only); objects in the input replace stored ones of the same kind and name'},
    'info-lints': {type: 'boolean', description: 'also report informational lints (unused-endpoint-port, staged-policy-changes-verdict)'},
    output: {type: 'string', short: 'o', options: REPORT_FORMATS, description: 'report format (default text; github when GITHUB_ACTIONS=true)'},
  },
  // Files may also be given as arguments, as kubeconform users type them: `validate FILE...` is `-f FILE...`.
  positionals: {args: [], rest: true},
  async run(flags, files) {
    refuseNamespace(flags)
    const filenames = [...(flags.filename ?? []), ...files]
    if (filenames.length === 0) throw new UserFacingError('validate needs manifests: -f FILE (or FILE arguments), a directory, or - for stdin', ExitCode.USAGE)
    const mustAllow = mustAllowFlag(flags['must-allow'])
    const strict = Boolean(flags.strict)
    const stored = flags['context-from-datastore'] ? await withDatastore(flags, store => readContext(store, checkStored)) : undefined
    const loaded = await loadManifests(filenames, {
      ...manifestLoadOptions(flags, strict),
      crossChecks: validated => {
        const input = inputContext(validated)
        applyContextLints(validated, {
          strict, mustAllow, infoLints: Boolean(flags['info-lints']),
          ...(stored ? {stored: notReplaced(stored.resources, input), storedFrom: stored.source, derivedProfilesRead: stored.derivedProfilesRead} : {}),
        })
        // Stored objects the input does not replace are checked as the input is; their errors fail the run.
        return stored ? storedProblems(stored, input) : []
      },
    })
    const format = flags.output ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')
    const colours = format === 'text' ? await coloursFor(process.stdout) : undefined
    await writeOutChunks(renderValidationReportChunks(loaded.report, format, {stream: process.stdout, colours, sourceLine: loaded.sourceLine, kinds: loaded.validated.map(v => v.kind.kind)}))
    return loaded.exitCode
  },
})

/** The valid context objects of the input. */
function inputContext(validated: readonly ValidatedResource[]): PolicyResource[] {
  return validated.filter(v => v.kind.role === 'context' && v.object !== undefined).map(v => v.object as unknown as PolicyResource)
}

/** The stored context objects that no object of the input replaces (same kind, namespace and name). */
function notReplaced(stored: readonly PolicyResource[], input: readonly PolicyResource[]): PolicyResource[] {
  const fromInput = new Set(input)
  return mergeContext(input, stored).filter(r => !fromInput.has(r))
}

function mustAllowFlag(text: string | undefined): MustAllow[] | undefined {
  if (text === undefined) return undefined
  try {
    return parseMustAllow(text)
  } catch (e) {
    throw new UserFacingError((e as Error).message, ExitCode.USAGE)
  }
}
