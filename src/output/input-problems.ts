/**
 * What a command that acts on manifests (create, apply, replace, delete -f, get -f, diff) says about its
 * input before it acts: the problems and warnings, without validate's summary line; why nothing is done when
 * a resource is invalid; or that there was nothing to act on.
 */
import type {ColourTarget} from './colour.js'
import type {ValidationReport, ValidationSummary} from './validation-report.js'

export const NO_RESOURCES_SPECIFIED = 'No resources specified'

/** The input's problems as validate's text report, coloured for `stream`; empty when there are none. */
export async function renderInputProblems(
  report: ValidationReport,
  sourceLine: (file: string, line: number) => string | undefined,
  stream: ColourTarget,
): Promise<string> {
  if (report.summary.errors === 0 && report.summary.warnings === 0) return ''
  const [{renderValidationReport}, {coloursFor}] = await Promise.all([import('./report-render.js'), import('./colour.js')])
  const colours = await coloursFor(stream)
  return renderValidationReport(report, 'text', {stream, colours, sourceLine, summary: false})
}

/** Why nothing is done: `nothing was written: 1 of 3 resource(s) invalid`. */
export function refusalText(refusal: string, unreadable: boolean, summary: ValidationSummary): string {
  return `${refusal}: ${unreadable ? 'the input could not be read' : `${summary.invalid} of ${summary.resources} resource(s) invalid`}`
}
