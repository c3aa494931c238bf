/**
 * The order, position and path problems are shown with, shared by every reporter.
 */
import {formatPath} from '../problem/path-text.js'
import type {Problem} from '../problem/problem.js'
import type {ResourceReport, ValidationReport} from './validation-report.js'

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
 * The path to follow the message with, as ` (path)`, in the one notation of src/problem/path-text.ts: none
 * when there is no path, nor when the message already starts with it (`spec.ports[0].port 0 is out of
 * range...`), which would only repeat it.
 */
export function shownPath(problem: Problem): string | undefined {
  if (problem.path.length === 0) return undefined
  const text = formatPath(problem.path)
  return problem.message.startsWith(text) ? undefined : text
}
