/**
 * The first step of every command that takes `-f`: read the manifests, validate every resource, and decide
 * what that means (exit code; for writing commands, whether anything may be written at all).
 */
import {statSync} from 'node:fs'

import {readManifests} from '../manifest/read-manifests.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import {buildValidationReport, type ValidationReport} from '../output/validation-report.js'
import {validateResources, type ValidatedResource} from '../validation/validate-resources.js'
import {hasErrors, INPUT_PROBLEM_CODES, type Problem, type ProblemCode} from '../problem/problem.js'
import {ExitCode, UserFacingError} from './exit-codes.js'
import {writeError} from './io.js'
import {calicoctlInputSummary, NO_RESOURCES_SPECIFIED, refusalText, renderInputProblems, type SummaryVerb} from '../output/input-problems.js'

export interface LoadOptions {
  recursive: boolean
  strict: boolean
  skipEmpty: boolean
  /** Lint codes turned off for every resource (--disable). */
  disable?: ReadonlySet<ProblemCode>
  /** What invalid input means for this command (default: `nothing was written`). */
  refusal?: string
  /** The exit code loadValidObjects gives when a resource is invalid (default 1). */
  invalidExitCode?: number
  /** A command that does not act on the content (get, diff, trace, describe, delete): no lint, so no warning is reported. */
  readOnly?: boolean
  /** The writing command (create, apply, replace, delete): its calicoctl summary line closes an invalid input's report. */
  verb?: SummaryVerb
  /**
   * Checks across the validated resources (validate's context lints), run before the report is built; the
   * problems it returns are found outside the input (in stored objects) and go into the report as they are.
   */
  crossChecks?: (validated: ValidatedResource[]) => Problem[] | void
}

export interface LoadedManifests {
  validated: ValidatedResource[]
  report: ValidationReport
  /** 0 every resource valid; 1 a resource is invalid; 3 input unreadable or without resources. */
  exitCode: number
  sourceLine: (file: string, line: number) => string | undefined
}

export async function loadManifests(filenames: string[], options: LoadOptions): Promise<LoadedManifests> {
  const read = await readManifests(filenames, {recursive: options.recursive})
  const validated = validateResources(read.resources, {strict: options.strict, disable: options.disable})
  if (options.readOnly) for (const v of validated) v.problems = v.problems.filter(p => p.severity === 'error')
  const outside = options.crossChecks?.(validated) ?? []
  const problems: Problem[] = options.readOnly ? read.problems.filter(p => p.severity === 'error') : [...read.problems]
  problems.push(...outside)
  const inputFailed = problems.some(p => INPUT_PROBLEM_CODES.has(p.code))
  if (validated.length === 0 && !options.skipEmpty && !inputFailed && !hasErrors(problems)) {
    problems.push({severity: 'error', code: 'no-resources', message: noResourcesMessage(filenames, options.recursive), path: []})
  }
  const report = buildReport(validated, problems, read.files.length)
  const anyError = report.summary.errors > 0
  const exitCode = problems.some(p => INPUT_PROBLEM_CODES.has(p.code))
    ? ExitCode.ENVIRONMENT
    : anyError
      ? ExitCode.FAILED
      : ExitCode.OK
  return {validated, report, exitCode, sourceLine: read.sourceLine}
}

/**
 * For commands that act on manifests: every resource valid, or nothing is done. Prints the problems (and
 * warnings) on stderr, as src/output/input-problems.ts words them. Returns the objects in input order; an
 * empty list when `--skip-empty` allowed empty input.
 */
export async function loadValidObjects(filenames: string[], options: LoadOptions): Promise<HostEndpoint[]> {
  const validated = await loadValidResources(filenames, options)
  refuseContextKinds(validated, options.refusal ?? 'nothing was written', options.invalidExitCode ?? ExitCode.FAILED)
  return validated.map(v => v.object as HostEndpoint)
}

/** As loadValidObjects, but each resource with its kind and source (for commands that map back to files). */
export async function loadValidResources(filenames: string[], options: LoadOptions): Promise<ValidatedResource[]> {
  const loaded = await loadManifests(filenames, options)
  writeError(await renderInputProblems(loaded.report, loaded.sourceLine, () => process.stderr))
  if (loaded.exitCode !== ExitCode.OK) {
    const exitCode = loaded.exitCode === ExitCode.FAILED ? (options.invalidExitCode ?? ExitCode.FAILED) : loaded.exitCode
    const text = refusalText(options.refusal ?? 'nothing was written', loaded.exitCode === ExitCode.ENVIRONMENT, loaded.report.summary)
    const calicoctl = calicoctlInputSummary(loaded.report, loaded.validated, options.verb)
    throw new UserFacingError(calicoctl ? `${calicoctl}\n${text}` : text, exitCode)
  }
  if (loaded.validated.length === 0) writeError(NO_RESOURCES_SPECIFIED)
  return loaded.validated
}

/**
 * Commands that act on manifests manage HostEndpoints only: a resource of a context kind (GlobalNetworkPolicy,
 * Tier, ...) is refused, with where it is and which commands read it, before anything is done (never skipped).
 */
function refuseContextKinds(validated: readonly ValidatedResource[], refusal: string, exitCode: number): void {
  const context = validated.filter(v => v.kind.role !== 'managed')
  if (context.length === 0) return
  const lines = context.map(v => {
    const o = v.source!.origin
    return `${o.file}:${o.line}:${o.column}: ${v.kind.kind} ${JSON.stringify(v.name ?? '')} is read by hepctl validate, hepctl trace and hepctl describe; ` +
      'this command manages HostEndpoints only'
  })
  throw new UserFacingError(`${lines.join('\n')}\n${context.length} resource(s) of a kind this command does not manage; ${refusal}`, exitCode)
}

function buildReport(validated: ValidatedResource[], problems: Problem[], files: number): ValidationReport {
  const resources = validated.map(v => {
    const origin = v.source!.origin
    return {file: origin.file, document: origin.document, line: origin.line, column: origin.column, name: v.name, problems: v.problems}
  })
  return buildValidationReport(resources, problems, files)
}

/** Whether `path` is a directory (false when it cannot be read at all). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** calicoctl's words (`no resources specified in file <f>`, `... in directory <d>`), then how to allow it. */
function noResourcesMessage(filenames: string[], recursive: boolean): string {
  if (filenames.length !== 1 || filenames[0] === '-') return 'no resources specified (use --skip-empty to allow this)'
  const [input] = filenames
  const directory = isDirectory(input)
  if (!directory) return `no resources specified in file ${input} (use --skip-empty to allow this)`
  return `no resources specified in directory ${input} (${recursive ? '' : '-R reads its subdirectories; '}use --skip-empty to allow this)`
}
