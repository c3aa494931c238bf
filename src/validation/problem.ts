/**
 * A problem found in a manifest or a resource: data, never an exception. Reporters decide how it looks.
 */
export type Severity = 'error' | 'warning'

export interface Problem {
  severity: Severity
  /** Stable identifier, kebab-case (for example `invalid-interface-name`); documented in the README. */
  code: string
  /** States the rule and the offending value. */
  message: string
  /**
   * Unambiguous display path inside the resource: `spec.ports[0].port`, `metadata.labels["example.com/tier"]`.
   * Empty for problems about a whole document or file.
   */
  path: string
  /** Where the problem is, when known: the file (`-` for stdin), 1-based line and column. */
  file?: string
  line?: number
  column?: number
  /** 0-based index of the YAML document in its file. */
  document?: number
  /** Name of the resource, when it has one. */
  resource?: string
}

/** Problem codes that mean the input itself could not be read: they make commands exit 3, not 1. */
export const INPUT_PROBLEM_CODES = new Set(['input-unreadable', 'input-binary', 'input-encoding', 'input-too-large', 'no-resources'])

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some(p => p.severity === 'error')
}
