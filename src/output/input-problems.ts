/**
 * What a command that acts on manifests (create, apply, replace, delete -f, get -f, diff) says about its
 * input before it acts: the problems and warnings, without validate's summary line; why nothing is done when
 * a resource is invalid; or that there was nothing to act on.
 */
import type {ColourTarget} from './colour.js'
import type {Problem} from '../problem/problem.js'
import type {ValidationReport, ValidationSummary} from './validation-report.js'

export const NO_RESOURCES_SPECIFIED = 'No resources specified'

/** calicoctl's prefix for what `get` refuses before it reads anything (an unsupported type, an empty name). */
export const GET_FAILED = 'failed to get resources: '

/**
 * The input's problems as validate's text report, coloured for the stream `openStream` gives; empty when there
 * are none. The stream is asked for only then (`() => process.stderr`): making process.stderr loads Node's
 * stream and socket modules.
 */
export async function renderInputProblems(
  report: ValidationReport,
  sourceLine: (file: string, line: number) => string | undefined,
  openStream: () => ColourTarget,
): Promise<string> {
  if (report.summary.errors === 0 && report.summary.warnings === 0) return ''
  const stream = openStream()
  const [{renderValidationReport}, {coloursFor}] = await Promise.all([import('./report-render.js'), import('./colour.js')])
  const colours = await coloursFor(stream)
  return renderValidationReport(report, 'text', {stream, colours, sourceLine, summary: false})
}

/** Why nothing is done: `nothing was written: 1 of 3 resource(s) invalid`. */
export function refusalText(refusal: string, unreadable: boolean, summary: ValidationSummary): string {
  return `${refusal}: ${unreadable ? 'the input could not be read' : `${summary.invalid} of ${summary.resources} resource(s) invalid`}`
}

/** Commands whose calicoctl wording closes the report of input they refuse. */
export type SummaryVerb = 'create' | 'apply' | 'replace' | 'delete' | 'get'

/**
 * Problems calicoctl meets while decoding, before any resource is handled: it stops with `failed to execute
 * command: <err>` (reference §4.3). Every other error is one resource's validation error.
 */
const DECODE_CODES: ReadonlySet<string> = new Set([
  'input-unreadable', 'input-binary', 'input-encoding', 'input-too-large', 'yaml-syntax', 'yaml-calicoctl-incompatible',
  'yaml-too-deep', 'yaml-alias-limit', 'duplicate-key', 'invalid-document', 'duplicate-field', 'unknown-field',
  'invalid-type', 'invalid-api-version', 'invalid-kind',
])

/** calicoctl replaces any message about an unknown field with this sentence (reference §4.2, massageError). */
function decodeMessage(problem: Problem): string {
  const key = problem.path[problem.path.length - 1]
  if (problem.code === 'unknown-field' && typeof key === 'string') return `field in document is not recognized or is in the wrong location: ${key}`
  return problem.message
}

interface RefusedResource {
  kind: {kind: string}
  problems: readonly Problem[]
}

/**
 * calicoctl's line for input it refuses (reference §4.3, §4.4), printed after hepctl's problem lines so that
 * scripts matching calicoctl's words keep working: `failed to execute command: <err>` when the input does not
 * decode; for an invalid resource `failed to create 'HostEndpoint' resource: [<err>]`, `failed to create any
 * 'HostEndpoint' resources: [<err> <err>]` (and apply, replace), or delete's `Failed to delete 'HostEndpoint'
 * resource: <err>` per resource. Nothing when `verb` is not given or there is no such line (no resources; get of
 * an invalid resource, which calicoctl does not validate).
 */
export function calicoctlInputSummary(report: ValidationReport, resources: readonly RefusedResource[], verb: SummaryVerb | undefined): string | undefined {
  if (verb === undefined) return undefined
  const all = [...report.problems, ...resources.flatMap(r => r.problems)].filter(p => p.severity === 'error')
  const decode = all.find(p => DECODE_CODES.has(p.code))
  if (decode) return `failed to execute command: ${decodeMessage(decode)}`
  if (verb === 'get') return undefined
  const invalid = resources.filter(r => r.problems.some(p => p.severity === 'error'))
  if (invalid.length === 0) return undefined
  const errorOf = (r: RefusedResource) => r.problems.filter(p => p.severity === 'error').map(p => p.message).join('; ')
  const kinds = new Set(resources.map(r => r.kind.kind))
  const kind = kinds.size === 1 ? `'${[...kinds][0]}' ` : ''
  if (verb === 'delete') return invalid.map(r => `Failed to delete ${kind}resource: ${errorOf(r)}`).join('\n')
  const list = `[${invalid.map(errorOf).join(' ')}]`
  return resources.length === 1 ? `failed to ${verb} ${kind}resource: ${list}` : `failed to ${verb} any ${kind}resources: ${list}`
}
