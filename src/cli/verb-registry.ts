/**
 * Every hepctl command: its name and how to load its verb. The fast route runs verbs from here; the oclif
 * shells in src/commands/ are generated from the same verbs (a test holds the two lists equal). Each verb is
 * loaded only when it runs, from a chunk of its own in the bundle (scripts/bundle-fast-route.mjs), so that a
 * command loads only the modules it uses: `get` or `version` none of validate's manifest readers and rules.
 *
 * A command of several words (`datastore migrate export`) is listed under its words joined by spaces, as it
 * is typed; its oclif shell is src/commands/datastore/migrate/export.ts (oclif's id `datastore:migrate:export`,
 * shown with the space separator package.json sets).
 */
import type {Verb} from './verb.js'

export const VERBS = {
  validate: async () => (await import('./verbs/validate.js')).validate,
  create: async () => (await import('./verbs/create.js')).create,
  apply: async () => (await import('./verbs/apply.js')).apply,
  replace: async () => (await import('./verbs/replace.js')).replace,
  get: async () => (await import('./verbs/get.js')).get,
  delete: async () => (await import('./verbs/delete.js')).del,
  label: async () => (await import('./verbs/label.js')).label,
  patch: async () => (await import('./verbs/patch.js')).patch,
  edit: async () => (await import('./verbs/edit.js')).edit,
  diff: async () => (await import('./verbs/diff.js')).diff,
  version: async () => (await import('./verbs/version.js')).version,
  crd: async () => (await import('./verbs/crd.js')).crd,
  trace: async () => (await import('./verbs/trace.js')).trace,
  describe: async () => (await import('./verbs/describe.js')).describe,
  explain: async () => (await import('./verbs/explain.js')).explain,
  completion: async () => (await import('./verbs/completion.js')).completion,
  __complete: async () => (await import('./verbs/__complete.js')).complete,
  schema: async () => (await import('./verbs/schema.js')).schema,
  'datastore migrate export': async () => (await import('./verbs/datastore/migrate-export.js')).migrateExport,
  'datastore migrate import': async () => (await import('./verbs/datastore/migrate-import.js')).migrateImport,
} satisfies Record<string, () => Promise<Verb>>

export type VerbName = keyof typeof VERBS

/** The verb of a command (its words joined by spaces), or undefined when there is no such command. */
export async function loadVerb(command: string | undefined): Promise<Verb | undefined> {
  if (command === undefined || !Object.hasOwn(VERBS, command)) return undefined
  return VERBS[command as VerbName]()
}

/** The most words any command has. */
const MAX_WORDS = Math.max(...Object.keys(VERBS).map(name => name.split(' ').length))

/**
 * The command argv starts with and the arguments after it: the longest run of leading words that names a
 * command (`datastore migrate export -o json` is `datastore migrate export` and `-o json`). Undefined when
 * argv names no command.
 */
export function matchCommand(argv: readonly string[]): {command: VerbName; rest: string[]} | undefined {
  for (let words = Math.min(MAX_WORDS, argv.length); words >= 1; words--) {
    const command = argv.slice(0, words).join(' ')
    if (Object.hasOwn(VERBS, command)) return {command: command as VerbName, rest: argv.slice(words)}
  }
  return undefined
}
