/**
 * Runs a command without loading oclif, whose import alone costs about as much as starting Node. The route
 * takes only argv it fully understands, parsed with the same flag tables the oclif commands are built from;
 * anything else (help, unknown commands or flags, a missing argument) returns false and oclif handles it,
 * with its usual messages. `validate`, which CI runs on every commit, is bundled in; the other verbs are
 * loaded from their modules.
 */
import {reportError} from './error-report.js'
import {parseWithTable, type Verb} from './flag-table.js'
import {globalFlags} from './global-flags.js'
import {validate} from './verbs/validate.js'

/** Each command's verb module and export (beside this file in dist/cli/verbs/). */
const VERBS: Record<string, [string, string]> = {
  create: ['write', 'create'],
  apply: ['write', 'apply'],
  replace: ['write', 'replace'],
  get: ['get', 'get'],
  delete: ['delete', 'del'],
  label: ['label', 'label'],
  patch: ['patch', 'patch'],
  diff: ['diff', 'diff'],
  version: ['version', 'version'],
  crd: ['crd', 'crd'],
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
    process.exitCode = reportError(error as Error) ?? 3
  }
  return true
}

async function loadVerb(command: string | undefined): Promise<Verb | undefined> {
  if (command === undefined || !Object.hasOwn(VERBS, command)) return undefined
  const [module, name] = VERBS[command]
  // A computed URL, so that bundling validate's route leaves the other verbs out of the bundle.
  const loaded = (await import(new URL(`./verbs/${module}.js`, import.meta.url).href)) as Record<string, Verb>
  return loaded[name]
}
