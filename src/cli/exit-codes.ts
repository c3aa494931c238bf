/** hepctl's exit codes, the same for every command (documented in the README and in --help). */
export const ExitCode = {
  /** Success; for validate: every resource valid (warnings allowed unless --strict). */
  OK: 0,
  /** A resource is invalid, or an operation on a resource failed; for diff: there are differences. */
  FAILED: 1,
  /** Usage error: unknown flag, bad argument. */
  USAGE: 2,
  /** Input could not be read or held no resource; the datastore is unreachable, refused us, or is damaged. */
  ENVIRONMENT: 3,
} as const

/** An error the user can fix, with the exit code it means. Printed as one line, never with a stack. */
export class UserFacingError extends Error {
  constructor(message: string, readonly exitCode: number = ExitCode.FAILED, readonly hint?: string) {
    super(message)
    this.name = 'UserFacingError'
  }
}
