/**
 * Runs a command without loading oclif, whose import alone costs about as much as starting Node. The route
 * takes only argv it fully understands, parsed with the same flag tables the oclif commands are built from;
 * anything else (help, unknown commands or flags, a missing argument) returns false and oclif handles it,
 * with its usual messages. `validate`, which CI runs on every commit, is loaded with the route; the other
 * verbs when they run.
 */
import {reportError} from './error-report.js'
import {ExitCode} from './exit-codes.js'
import {parseWithTable, type Verb} from './flag-table.js'
import {globalFlags} from './global-flags.js'
import {validate} from './verbs/validate.js'

/** Each command's verb, loaded when that command runs. */
const VERBS: Record<string, () => Promise<Verb>> = {
  create: async () => (await import('./verbs/write.js')).create,
  apply: async () => (await import('./verbs/write.js')).apply,
  replace: async () => (await import('./verbs/write.js')).replace,
  get: async () => (await import('./verbs/get.js')).get,
  delete: async () => (await import('./verbs/delete.js')).del,
  label: async () => (await import('./verbs/label.js')).label,
  patch: async () => (await import('./verbs/patch.js')).patch,
  diff: async () => (await import('./verbs/diff.js')).diff,
  version: async () => (await import('./verbs/version.js')).version,
  crd: async () => (await import('./verbs/crd.js')).crd,
}

export async function runFastRoute(argv: string[]): Promise<boolean> {
  const [command, ...rest] = argv
  const verb = command === 'validate' ? validate : await loadVerb(command)
  if (!verb) return false
  const parsed = parseWithTable(rest, {...globalFlags, ...verb.flags}, verb.positionals)
  if (!parsed) return false
  try {
    process.exitCode = await verb.run(parsed.flags, parsed.args)
  } catch (error) {
    process.exitCode = reportError(error as Error) ?? ExitCode.ENVIRONMENT
  }
  return true
}

async function loadVerb(command: string | undefined): Promise<Verb | undefined> {
  if (command === undefined || !Object.hasOwn(VERBS, command)) return undefined
  return VERBS[command]()
}
