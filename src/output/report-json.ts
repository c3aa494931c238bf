/**
 * The `json` reporter for `validate`. The shape is stable and described by
 * `schemas/validation-report.schema.json`:
 *
 * ```
 * { apiVersion: "hepctl/v1", kind: "ValidationReport",
 *   resources: [{file, document, line, column, name?, valid, problems: [Problem]}],
 *   problems: [Problem],            // not tied to a resource (unreadable input, syntax errors)
 *   summary: {files, resources, valid, invalid, errors, warnings} }
 * Problem = {severity, code, message, path, file?, line?, column?, document?, resource?}
 * ```
 */
import {formatPath} from '../problem/path-text.js'
import {hasErrors, type Problem} from '../problem/problem.js'
import {jsonChunks} from './json-chunks.js'
import type {ValidationReport} from './validation-report.js'

export const REPORT_API_VERSION = 'hepctl/v1'
export const REPORT_KIND = 'ValidationReport'

/** A problem with its keys in a fixed order and no undefined values. */
function problemJson(p: Problem): Record<string, unknown> {
  const out: Record<string, unknown> = {severity: p.severity, code: p.code, message: p.message, path: formatPath(p.path)}
  if (p.file !== undefined) out.file = p.file
  if (p.line !== undefined) out.line = p.line
  if (p.column !== undefined) out.column = p.column
  if (p.document !== undefined) out.document = p.document
  if (p.resource !== undefined) out.resource = p.resource
  return out
}

/** The report as a plain object in the documented shape. */
export function validationReportJson(report: ValidationReport): Record<string, unknown> {
  return {
    apiVersion: REPORT_API_VERSION,
    kind: REPORT_KIND,
    resources: report.resources.map(r => {
      const out: Record<string, unknown> = {file: r.file, document: r.document, line: r.line, column: r.column}
      if (r.name !== undefined) out.name = r.name
      out.valid = !hasErrors(r.problems)
      out.problems = r.problems.map(problemJson)
      return out
    }),
    problems: report.problems.map(problemJson),
    summary: {...report.summary},
  }
}

/** The json report text in chunks (a large report is never one string): 2-space indentation and a final newline. */
export function jsonReportChunks(report: ValidationReport): Iterable<string> {
  return jsonChunks(validationReportJson(report))
}

/** The json report text: 2-space indentation and a final newline. */
export function formatJsonReport(report: ValidationReport): string {
  return [...jsonReportChunks(report)].join('')
}
