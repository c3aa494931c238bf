import type {ConfigError} from '../config/config-error.js'
import {ExitCode} from './exit-codes.js'
import {writeError} from './io.js'

/**
 * Prints an error the way hepctl always does and returns its exit code: a user's mistake or an unusable
 * datastore is one clear message, never a stack trace. Returns undefined for oclif's own parse errors, which
 * oclif reports itself (usage, exit 2).
 *
 * Errors are recognised by name, not instanceof: the bundled fast route and the modules it loads may each
 * hold their own copy of an error class.
 */
export function reportError(error: Error & {oclif?: {exit?: number}; exitCode?: unknown; hint?: unknown; kind?: unknown}): number | undefined {
  if (error.name === 'ConfigError') {
    writeError(error.message)
    return CONFIG_ERROR_EXIT[error.kind as ConfigError['kind']] ?? ExitCode.ENVIRONMENT
  }
  if (error.name === 'UserFacingError' || error.name === 'DatastoreUnavailableError') {
    writeError(typeof error.hint === 'string' && error.hint ? `${error.message}\n${error.hint}` : error.message)
    return typeof error.exitCode === 'number' ? error.exitCode : ExitCode.ENVIRONMENT
  }
  // One resource could not be read or written (for example a value another program stored that does not
  // decode): that resource failed, the tool did not.
  if (error.name === 'ResourceError') {
    writeError(error.message)
    return ExitCode.FAILED
  }
  if (error.oclif) return undefined
  // Not a user mistake: say so plainly; the stack only on request.
  const detail = process.env.HEPCTL_DEBUG ? `\n${error.stack}` : ' (set HEPCTL_DEBUG=1 for details)'
  writeError(`hepctl: unexpected error: ${error.message}${detail}`)
  return ExitCode.ENVIRONMENT
}

/** What a configuration error means: a malformed flag value is a usage error; a bad config file, an unusable environment. */
export const CONFIG_ERROR_EXIT: Record<ConfigError['kind'], number> = {usage: ExitCode.USAGE, unusable: ExitCode.ENVIRONMENT}
