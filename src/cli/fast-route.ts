/**
 * Runs a command without loading oclif, whose import alone costs about as much as starting Node. The route
 * takes only argv it fully understands, parsed with the same flag tables the oclif commands are built from;
 * anything else (help, unknown commands or flags, a missing argument) returns false and oclif handles it,
 * with its usual messages. Verbs come from the registry (src/cli/verb-registry.ts).
 */
import {reportError} from './error-report.js'
import {ExitCode} from './exit-codes.js'
import {parseWithTable} from './flag-table.js'
import {globalFlags} from './global-flags.js'
import type {Verb} from './verb.js'
import {loadVerb, matchCommand} from './verb-registry.js'

export async function runFastRoute(argv: string[]): Promise<boolean> {
  const match = matchCommand(argv)
  if (!match) return false
  const verb = await loadVerb(match.command)
  if (!verb) return false
  const parsed = parseWithTable(match.rest, {...globalFlags, ...verb.flags}, verb.positionals)
  if (!parsed) return false
  try {
    // The values follow the verb's own table: parseWithTable checked every one against it.
    process.exitCode = await verb.run(parsed.flags as Parameters<Verb['run']>[0], parsed.args)
  } catch (error) {
    process.exitCode = reportError(error as Error) ?? ExitCode.ENVIRONMENT
  }
  return true
}
