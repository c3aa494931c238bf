/**
 * The `text` reporter for `validate`: one `file:line:col: error [code] message (path)` line per problem, sorted
 * (the path left out when the message starts with it), optionally with a code frame and colour (for a
 * terminal), then a summary line.
 */
import type {ChalkInstance} from 'chalk'

import type {Problem} from '../problem/problem.js'
import {PLAIN} from './colour.js'
import {gathered} from './json-chunks.js'
import {locationText, placedProblems, shownPath} from './problem-order.js'
import type {ValidationReport, ValidationSummary} from './validation-report.js'

export interface TextReportOptions {
  /** chalk instance to colour with (see colour.ts); none means plain text. */
  colours?: ChalkInstance
  /**
   * Returns line `line` (1-based) of `file`, without its line break, or undefined. When given, each problem is
   * followed by a code frame: the line and a caret under the column.
   */
  sourceLine?: (file: string, line: number) => string | undefined
  /** End with the summary line (default true). */
  summary?: boolean
  /** The kind of each resource, in order: when none has an error, calicoctl's `Successfully validated` line follows the summary. */
  kinds?: readonly string[]
}

/** Control characters would let a hostile value rewrite the terminal: show them as `\xNN` escapes. */
function visible(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, ch => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

function codeFrame(source: string, line: number, column: number, c: ChalkInstance): string {
  const text = visible(source.replace(/\r$/, ''))
  const gutter = String(line)
  // Keep tabs in the caret line so the caret lines up under tabbed source.
  const before = [...text].slice(0, Math.max(column - 1, 0)).map(ch => (ch === '\t' ? '\t' : ' ')).join('')
  return `  ${c.dim(`${gutter} |`)} ${text}\n  ${' '.repeat(gutter.length)}${c.dim(' |')} ${before}${c.red('^')}\n`
}

/** `1 error`, `2 errors`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The one-line summary (also the github reporter's last line): `2 errors, 1 warning in 3 resources (1 invalid) from 2 files`. */
export function summaryLine(summary: ValidationSummary): string {
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ` +
    `${plural(summary.resources, 'resource')} (${summary.invalid} invalid) from ${plural(summary.files, 'file')}`
}

/** The text report, ending with the summary line and a newline. */
export function formatTextReport(report: ValidationReport, options: TextReportOptions = {}): string {
  return [...textReportChunks(report, options)].join('')
}

/** The text report in chunks of about CHUNK_CHARS characters, so that a large report is never one string. */
export function textReportChunks(report: ValidationReport, options: TextReportOptions = {}): Iterable<string> {
  return gathered(textLines(report, options))
}

/** One problem as the text report words it, without its place: `error [code] message (path)`. */
export function problemText(problem: Problem, c: ChalkInstance = PLAIN): string {
  const severity = problem.severity === 'error' ? c.red('error') : c.yellow('warning')
  const shown = shownPath(problem)
  const path = shown === undefined ? '' : ` ${c.dim(`(${visible(shown)})`)}`
  return `${severity} ${c.dim(`[${problem.code}]`)} ${visible(problem.message)}${path}`
}

function* textLines(report: ValidationReport, options: TextReportOptions): Generator<string> {
  const c = options.colours ?? PLAIN
  for (const placed of placedProblems(report)) {
    const {problem} = placed
    const location = locationText(placed)
    const where = location ? c.bold(`${visible(location)}:`) + ' ' : ''
    yield `${where}${problemText(problem, c)}\n`
    if (options.sourceLine && placed.file !== undefined && placed.line !== undefined) {
      const source = options.sourceLine(placed.file, placed.line)
      if (source !== undefined) yield codeFrame(source, placed.line, placed.column ?? 1, c)
    }
  }
  if (options.summary === false) return
  const s = report.summary
  const line = summaryLine(s)
  yield (s.errors > 0 ? c.red(line) : s.warnings > 0 ? c.yellow(line) : c.green(line)) + '\n'
  if (options.kinds && options.kinds.length > 0 && s.errors === 0) yield validatedLine(options.kinds) + '\n'
}

/** calicoctl's line: `Successfully validated 2 'HostEndpoint' resource(s)`; without a kind when kinds are mixed. */
export function validatedLine(kinds: readonly string[]): string {
  const kind = new Set(kinds).size === 1 ? `'${kinds[0]}' ` : ''
  return `Successfully validated ${kinds.length} ${kind}resource(s)`
}
