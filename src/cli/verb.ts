/**
 * A verb is one command, whole: its help text, its flag table, its positionals and its behaviour. The oclif
 * class in src/commands/ is generated from it (src/cli/command-for.ts) and the fast route runs it from the
 * registry (src/cli/verb-registry.ts), both with the same table.
 */
import type {FlagTable, FlagValues, Positionals} from './flag-table.js'
import type {globalFlags} from './global-flags.js'

/** The values of the flags every command takes. */
export type GlobalFlagValues = FlagValues<typeof globalFlags>

export interface Verb<T extends FlagTable = FlagTable> {
  /** The command's name, as typed after `hepctl`. */
  name: string
  /** One line for the command list and the head of --help. */
  summary: string
  /** What --help says after the summary (oclif template syntax, e.g. `<%= config.bin %>`). */
  description?: string
  examples: readonly string[]
  /** Left out of the command list and help (the completion scripts' `__complete`). */
  hidden?: boolean
  flags: T
  positionals: Positionals
  /** Runs the command; returns the exit code. Throws UserFacingError and the like for clean failures. */
  run(flags: FlagValues<T> & GlobalFlagValues, args: string[]): Promise<number>
}

/** Declares a verb; its flag values are typed from its table (no casts in `run`). */
export function defineVerb<const T extends FlagTable>(verb: Verb<T>): Verb<T> {
  return verb
}

export const NO_POSITIONALS: Positionals = {args: []}
/** `KIND [NAME...]`, checked by the verb (get, delete). */
export const ANY_POSITIONALS: Positionals = {args: [], rest: true}
