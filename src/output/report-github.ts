/**
 * The `github` reporter for `validate`: GitHub Actions workflow commands, which the runner turns into
 * annotations on the pull request (`::error file=F,line=L,col=C,title=hepctl CODE::message`), then the summary
 * as a plain line.
 */
import {placedProblems, shownPath} from './problem-order.js'
import {summaryLine} from './report-text.js'
import type {ValidationReport} from './validation-report.js'

/** Escape a command's data (the message) as the Actions runner expects. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escape a property value: as data, plus `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** One workflow command per problem, then the summary line. */
export function formatGithubReport(report: ValidationReport, options: {summary?: boolean} = {}): string {
  let out = ''
  for (const p of placedProblems(report)) {
    const command = p.problem.severity === 'error' ? 'error' : 'warning'
    const props: string[] = []
    if (p.file !== undefined) props.push(`file=${escapeProperty(p.file === '-' ? 'stdin' : p.file)}`)
    if (p.file !== undefined && p.line !== undefined) props.push(`line=${p.line}`, `col=${p.column ?? 1}`)
    props.push(`title=${escapeProperty(`hepctl ${p.problem.code}`)}`)
    const shown = shownPath(p.problem)
    const path = shown === undefined ? '' : ` (${shown})`
    out += `::${command} ${props.join(',')}::${escapeData(`${p.problem.message}${path}`)}\n`
  }
  return options.summary === false ? out : out + summaryLine(report.summary) + '\n'
}
