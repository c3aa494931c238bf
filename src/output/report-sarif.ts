/**
 * The `sarif` reporter for `validate`: SARIF 2.1.0 as GitHub code scanning accepts it (one run, the tool's
 * rules named by problem codes, results with a level, a message and a physical location whose URI is relative
 * to the repository root).
 */
import path from 'node:path'
import {placedProblems, shownPath} from './problem-order.js'
import {jsonChunks} from './json-chunks.js'
import type {ValidationReport} from './validation-report.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

export interface SarifOptions {
  toolVersion: string
  informationUri?: string
  /** The directory URIs are made relative to (the repository root); default: the current directory. */
  baseDir?: string
}

/** A file path as a relative URI reference (forward slashes, percent-encoded); stdin is `stdin`. */
export function artifactUri(file: string, baseDir: string): string {
  if (file === '-') return 'stdin'
  const relative = path.isAbsolute(file) ? path.relative(baseDir, file) : path.normalize(file)
  const parts = relative.split(/[\\/]+/).filter(p => p !== '' && p !== '.')
  return parts.map(p => encodeURIComponent(p)).join('/')
}

function describe(code: string): string {
  const words = code.replace(/-/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The SARIF log as a plain object. */
export function sarifLog(report: ValidationReport, options: SarifOptions): Record<string, unknown> {
  const baseDir = options.baseDir ?? process.cwd()
  const placed = placedProblems(report)
  const ruleIndex = new Map<string, number>()
  const rules: Record<string, unknown>[] = []
  for (const p of placed) {
    if (ruleIndex.has(p.problem.code)) continue
    ruleIndex.set(p.problem.code, rules.length)
    const text = describe(p.problem.code)
    rules.push({
      id: p.problem.code,
      name: p.problem.code,
      shortDescription: {text},
      defaultConfiguration: {level: p.problem.severity},
    })
  }
  const results = placed.map(p => {
    const shown = shownPath(p.problem)
    const path = shown === undefined ? '' : ` (${shown})`
    return {
      ruleId: p.problem.code,
      ruleIndex: ruleIndex.get(p.problem.code),
      level: p.problem.severity,
      message: {text: `${p.problem.message}${path}`},
      // A problem about the input as a whole (no file) has no location.
      locations: p.file === undefined ? [] : [{
        physicalLocation: {
          artifactLocation: {uri: artifactUri(p.file, baseDir), uriBaseId: '%SRCROOT%'},
          region: {startLine: Math.max(1, p.line ?? 1), startColumn: Math.max(1, p.column ?? 1)},
        },
      }],
    }
  })
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'hepctl',
          version: options.toolVersion,
          informationUri: options.informationUri ?? 'https://www.npmjs.com/package/hepctl',
          rules,
        },
      },
      results,
    }],
  }
}

/** The SARIF text in chunks (a large log is never one string): 2-space indentation and a final newline. */
export function sarifReportChunks(report: ValidationReport, options: SarifOptions): Iterable<string> {
  return jsonChunks(sarifLog(report, options))
}

/** The SARIF text: 2-space indentation and a final newline. */
export function formatSarifReport(report: ValidationReport, options: SarifOptions): string {
  return [...sarifReportChunks(report, options)].join('')
}
