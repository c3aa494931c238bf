/**
 * The order and position problems are shown in, and the summary sentence, shared by every reporter.
 */
import type {Problem} from '../validation/problem.js'
import type {ResourceReport, ValidationReport, ValidationSummary} from './validation-report.js'

/**
 * A problem with the position it is shown at: its own, else its resource's. A problem outside any resource
 * may have no file (e.g. "no resources specified") or a file but no line (an unreadable file).
 */
export interface PlacedProblem {
  problem: Problem
  file?: string
  line?: number
  column?: number
  /** The resource it belongs to, if any. */
  resource?: ResourceReport
}

/** `file:line:col`, `file` or '' for a placed problem. */
export function locationText(p: PlacedProblem): string {
  if (p.file === undefined) return ''
  if (p.line === undefined) return p.file
  return `${p.file}:${p.line}:${p.column ?? 1}`
}

/**
 * Every problem of a report with its position, sorted by file (in the order files first appear), then line,
 * then column; problems at the same place keep their order.
 */
export function placedProblems(report: ValidationReport): PlacedProblem[] {
  const placed: PlacedProblem[] = []
  for (const resource of report.resources) {
    for (const problem of resource.problems) {
      placed.push({
        problem,
        file: problem.file ?? resource.file,
        line: problem.line ?? resource.line,
        column: problem.column ?? resource.column,
        resource,
      })
    }
  }
  for (const problem of report.problems) {
    placed.push({problem, file: problem.file, line: problem.line, column: problem.line === undefined ? undefined : problem.column ?? 1})
  }
  const fileOrder = new Map<string, number>()
  const note = (f: string | undefined): void => {
    if (f !== undefined && !fileOrder.has(f)) fileOrder.set(f, fileOrder.size)
  }
  for (const r of report.resources) note(r.file)
  for (const p of placed) note(p.file)
  // Problems without a file come last.
  const rank = (p: PlacedProblem): number => (p.file === undefined ? fileOrder.size : fileOrder.get(p.file)!)
  return placed
    .map((p, i) => ({p, i}))
    .sort((a, b) =>
      rank(a.p) - rank(b.p) || (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(x => x.p)
}

/**
 * Whether to follow the message with ` (path)`: not when there is no path, nor when the message already
 * starts with it (`spec.ports[0].port 0 is out of range...`), which would only repeat it.
 */
export function pathSuffixNeeded(problem: Problem): boolean {
  return problem.path !== '' && !problem.message.startsWith(problem.path)
}

/** `1 error`, `2 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The one-line summary: `2 errors, 1 warning in 3 resources (1 invalid) from 2 files`. */
export function summaryLine(summary: ValidationSummary): string {
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ` +
    `${plural(summary.resources, 'resource')} (${summary.invalid} invalid) from ${plural(summary.files, 'file')}`
}
