import {DatastoreUnavailableError} from '../datastore/datastore.js'
import {ExitCode, UserFacingError} from './exit-codes.js'
import {writeError} from './io.js'

/**
 * Prints an error the way hepctl always does and returns its exit code: a user's mistake or an unusable
 * datastore is one clear message, never a stack trace. Returns undefined for oclif's own parse errors, which
 * oclif reports itself (usage, exit 2).
 */
export function reportError(error: Error & {oclif?: {exit?: number}}): number | undefined {
  if (error instanceof UserFacingError || error instanceof DatastoreUnavailableError) {
    const {hint} = error as UserFacingError | DatastoreUnavailableError
    writeError(hint ? `${error.message}\n${hint}` : error.message)
    return error instanceof UserFacingError ? error.exitCode : ExitCode.ENVIRONMENT
  }
  if (error.oclif) return undefined
  // Not a user mistake: say so plainly; the stack only on request.
  const detail = process.env.HEPCTL_DEBUG ? `\n${error.stack}` : ' (set HEPCTL_DEBUG=1 for details)'
  writeError(`hepctl: unexpected error: ${error.message}${detail}`)
  return ExitCode.ENVIRONMENT
}
