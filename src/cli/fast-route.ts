/**
 * Runs a command without loading oclif, whose import alone costs about as much as starting Node. argv is
 * first brought into normal form (src/cli/argv-normalize.ts); the route then takes only argv it fully
 * understands, parsed with the same flag tables the oclif commands are built from. A usage mistake it can name
 * (an unknown flag, a missing or extra argument, a value outside a flag's options) is one line here; anything
 * else it is not sure of (help, a form parsers read differently) is handed to oclif as normalised argv. Verbs come from the registry (src/cli/verb-registry.ts).
 */
import {nearest, normalizeFlags, splitCommand, UsageLineError} from './argv-normalize.js'
import {reportError} from './error-report.js'
import {ExitCode} from './exit-codes.js'
import {parseWithTable} from './flag-table.js'
import {globalFlags} from './global-flags.js'
import {writeError, writeOut} from './io.js'
import {printStoredHelp, versionLine} from './stored-help.js'
import type {Verb} from './verb.js'
import {loadVerb, matchCommand, VERBS} from './verb-registry.js'

/** Runs argv; returns true when it ran, else the argv oclif is to run. */
export async function runFastRoute(argv: string[]): Promise<true | string[]> {
  let split: ReturnType<typeof splitCommand>
  try {
    split = splitCommand(argv, globalFlags, words => matchCommand(words)?.command.split(' ').length ?? 1)
  } catch (error) {
    return usageLine((error as Error).message, 'hepctl --help')
  }
  const {command, rest} = split
  if (command === undefined) return split.help || argv.length === 0 ? help('') : [...argv]
  if (command === 'help') return help(matchCommand(rest)?.command ?? '')
  if (command === '--version') {
    // oclif's own root flag, taken only first, whatever follows it
    const line = argv[0] === command ? versionLine() : undefined
    if (line === undefined) return [...argv]
    writeOut(`${line}\n`)
    return true
  }
  const verb = await loadVerb(command)
  if (!verb) {
    if (command.startsWith('-')) return [...argv] // oclif's own root flags (--version)
    if (isTopic(command)) return [...argv] // `hepctl datastore`: oclif lists the topic's commands
    const near = nearest(command, Object.keys(VERBS))
    return usageLine(`unknown command "${command}"`, 'hepctl --help', near)
  }
  const table = {...globalFlags, ...verb.flags}
  let normal: ReturnType<typeof normalizeFlags>
  let parsed: ReturnType<typeof parseWithTable>
  try {
    normal = normalizeFlags(rest, table)
    if (split.help || normal.help) return help(command)
    parsed = parseWithTable(normal.argv, table, verb.positionals)
  } catch (error) {
    if (error instanceof UsageLineError) return usageLine(error.message, `hepctl ${command} --help`, error.suggestion)
    throw error
  }
  if (!parsed) return [...words(command), ...normal.argv]
  try {
    // The values follow the verb's own table: parseWithTable checked every one against it.
    process.exitCode = await verb.run(parsed.flags as Parameters<Verb['run']>[0], parsed.args)
  } catch (error) {
    process.exitCode = reportError(error as Error) ?? ExitCode.ENVIRONMENT
  }
  return true
}

/** A command's help ('' for the list of commands): the stored text, else oclif's argv for it. */
function help(command: string): true | string[] {
  if (printStoredHelp(command)) return true
  return command ? [...words(command), '--help'] : ['--help']
}

/** The words of a command as oclif takes them (its topic separator is a space). */
function words(command: string): string[] {
  return command.split(' ')
}

/** Whether `name` is the first word of commands of several words (`datastore`). */
function isTopic(name: string): boolean {
  return Object.keys(VERBS).some(command => command.startsWith(`${name} `))
}

/** A usage mistake: one line that names it, a near name if there is one, and where help is; exit 2. */
function usageLine(message: string, help: string, suggestion?: string): true {
  writeError(`${message}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; see '${help}'`)
  process.exitCode = ExitCode.USAGE
  return true
}
