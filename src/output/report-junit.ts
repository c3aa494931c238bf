/**
 * The `junit` reporter for `validate`: a testsuite per file, a testcase per resource (named by the resource's
 * name, or `file#document`), a `<failure>` listing its errors. Problems outside resources become testcases
 * of their file: `<error>` when the input could not be read, `<failure>` otherwise. Warnings go to
 * `<system-out>` and do not fail a testcase.
 */
import {INPUT_PROBLEM_CODES, type Problem} from '../problem/problem.js'
import {locationText, placedProblems, shownPath, type PlacedProblem} from './problem-order.js'
import type {ValidationReport} from './validation-report.js'

/**
 * Text safe in XML 1.0: characters XML cannot carry at all (C0 controls other than tab, LF and CR, lone
 * surrogates, U+FFFE/U+FFFF) become visible `\uXXXX` escapes; markup characters become entities.
 */
export function xmlText(s: string): string {
  return s
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

/** An attribute value: as xmlText, plus quotes, and line breaks and tabs kept as character references. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;')
}

/** The suite for problems that belong to no file ("no resources specified"). */
const INPUT_SUITE = '(input)'

function problemLine(p: PlacedProblem): string {
  const shown = shownPath(p.problem)
  const path = shown === undefined ? '' : ` (${shown})`
  const location = locationText(p)
  return `${location ? `${location}: ` : ''}${p.problem.severity} [${p.problem.code}] ${p.problem.message}${path}`
}

interface Case {
  name: string
  problems: PlacedProblem[]
}

function caseXml(testCase: Case, classname: string): string {
  const errors = testCase.problems.filter(p => p.problem.severity === 'error')
  const warnings = testCase.problems.filter(p => p.problem.severity === 'warning')
  let body = ''
  if (errors.length > 0) {
    const unreadable = errors.some(p => INPUT_PROBLEM_CODES.has(p.problem.code))
    const tag = unreadable ? 'error' : 'failure'
    const first: Problem = errors[0].problem
    body += `      <${tag} message="${xmlAttr(first.message)}" type="${xmlAttr(first.code)}">` +
      `${xmlText(errors.map(problemLine).join('\n'))}</${tag}>\n`
  }
  if (warnings.length > 0) body += `      <system-out>${xmlText(warnings.map(problemLine).join('\n'))}</system-out>\n`
  const open = `    <testcase name="${xmlAttr(testCase.name)}" classname="${xmlAttr(classname)}" time="0"`
  return body ? `${open}>\n${body}    </testcase>\n` : `${open}/>\n`
}

/** The JUnit XML document. */
export function formatJunitReport(report: ValidationReport): string {
  const files: string[] = []
  const cases = new Map<string, Case[]>()
  const byResource = new Map<object, Case>()
  const fileCases = (file: string): Case[] => {
    let list = cases.get(file)
    if (!list) {
      list = []
      cases.set(file, list)
      files.push(file)
    }
    return list
  }
  for (const r of report.resources) {
    const c: Case = {name: r.name || `${r.file}#${r.document}`, problems: []}
    fileCases(r.file).push(c)
    byResource.set(r, c)
  }
  for (const p of placedProblems(report)) {
    if (p.resource) byResource.get(p.resource)!.problems.push(p)
    else {
      // Problems outside resources are cases of their file (or of a suite for the input as a whole).
      const file = p.file ?? INPUT_SUITE
      const doc = p.problem.document
      fileCases(file).push({name: doc === undefined ? file : `${file}#${doc}`, problems: [p]})
    }
  }
  let totalTests = 0
  let totalFailures = 0
  let totalErrors = 0
  let suites = ''
  for (const file of files) {
    const list = cases.get(file)!
    let failures = 0
    let errors = 0
    for (const c of list) {
      const errs = c.problems.filter(p => p.problem.severity === 'error')
      if (errs.length === 0) continue
      if (errs.some(p => INPUT_PROBLEM_CODES.has(p.problem.code))) errors++
      else failures++
    }
    totalTests += list.length
    totalFailures += failures
    totalErrors += errors
    suites += `  <testsuite name="${xmlAttr(file)}" tests="${list.length}" failures="${failures}" errors="${errors}" skipped="0" time="0">\n`
    for (const c of list) suites += caseXml(c, file)
    suites += '  </testsuite>\n'
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="hepctl validate" tests="${totalTests}" failures="${totalFailures}" errors="${totalErrors}">\n` +
    suites + '</testsuites>\n'
}
