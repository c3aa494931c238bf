/**
 * A problem found in a manifest or a resource: data, never an exception. The manifest reader and validation
 * make them; reporters (src/output/report-*.ts) decide how they look, the path included (path-text.ts).
 */
import type {ProblemCode} from './problem-codes.js'

export type {ProblemCode} from './problem-codes.js'

export type Severity = 'error' | 'warning'

/** One step of a path inside a resource: a mapping key, or an index in a sequence. */
export type PathSegment = string | number

export interface Problem {
  severity: Severity
  /** Stable identifier, kebab-case (for example `invalid-interface-name`); documented in the README. */
  code: ProblemCode
  /** States the rule and the offending value. */
  message: string
  /**
   * Where inside the resource, as segments: `['spec', 'ports', 0, 'port']`. Empty for problems about a whole
   * document or file. Shown by `formatPath`.
   */
  path: PathSegment[]
  /** The source position, when known: the file (`-` for stdin), 1-based line and column. */
  file?: string
  line?: number
  column?: number
  /** 0-based index of the YAML document in its file. */
  document?: number
  /** Name of the resource, when it has one. */
  resource?: string
}

/** Problem codes that mean the input itself could not be read: they make commands exit 3, not 1. */
export const INPUT_PROBLEM_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['input-unreadable', 'input-binary', 'input-encoding', 'input-too-large', 'no-resources'])

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some(p => p.severity === 'error')
}
