/**
 * One entry point for every `validate -o` format; code frames only when the stream is a terminal (text).
 * Imports every reporter: for the lightest start, load the one reporter module you need instead.
 */
import type {ChalkInstance} from 'chalk'

import {formatGithubReport} from './report-github.js'
import {jsonReportChunks} from './report-json.js'
import {formatJunitReport} from './report-junit.js'
import {sarifReportChunks} from './report-sarif.js'
import {textReportChunks} from './report-text.js'
import {hepctlVersion} from './tool-version.js'
import type {ValidationReport} from './validation-report.js'

export type ReportFormat = 'text' | 'json' | 'junit' | 'sarif' | 'github'

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'sarif', 'github']

export interface RenderReportOptions {
  /** The stream the text goes to: code frames only when it is a terminal (text format). */
  stream?: {isTTY?: boolean}
  /** Colours for the text format (see colour.ts: coloursFor(stream)); none means plain text. */
  colours?: ChalkInstance
  /** Source lines for code frames (text format, on a terminal). */
  sourceLine?: (file: string, line: number) => string | undefined
  /** Print the summary line (text and github formats); default true. */
  summary?: boolean
  /** The resources' kinds, for the text format's `Successfully validated` line. */
  kinds?: readonly string[]
}

/** Render a report in one of the `validate -o` formats. */
export function renderValidationReport(
  report: ValidationReport,
  format: ReportFormat,
  options: RenderReportOptions = {},
): string {
  return [...renderValidationReportChunks(report, format, options)].join('')
}

/**
 * The same text in chunks: text, json and sarif reports never exist as one string, so a report with a million
 * problems stays under V8's string limit and its memory bounded by the report itself.
 */
export function renderValidationReportChunks(
  report: ValidationReport,
  format: ReportFormat,
  options: RenderReportOptions = {},
): Iterable<string> {
  switch (format) {
    case 'text':
      return textReportChunks(report, {
        colours: options.colours,
        // Code frames only for a person at a terminal: they make piped output harder to parse.
        sourceLine: options.stream?.isTTY ? options.sourceLine : undefined,
        summary: options.summary,
        kinds: options.kinds,
      })
    case 'json':
      return jsonReportChunks(report)
    case 'junit':
      return [formatJunitReport(report)]
    case 'sarif':
      return sarifReportChunks(report, {toolVersion: hepctlVersion()})
    case 'github':
      return [formatGithubReport(report, {summary: options.summary})]
    default:
      throw new Error(`unknown report format '${String(format)}', expected one of: ${REPORT_FORMATS.join(', ')}`)
  }
}
