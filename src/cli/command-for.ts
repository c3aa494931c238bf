import {Args, Command, type Interfaces} from '@oclif/core'

import {reportError} from './error-report.js'
import type {ParsedFlags} from './flag-table.js'
import {globalFlags} from './global-flags.js'
import {oclifFlags} from './oclif-flags.js'
import type {Verb} from './verb.js'

const baseFlags = oclifFlags(globalFlags)

/**
 * The oclif command of a verb: help text, flags and arguments from the verb, behaviour by running it. Errors
 * are handled as everywhere in hepctl: a user's mistake or an unusable datastore is one clear line on stderr
 * and a documented exit code, never a stack trace.
 */
export function commandFor(verb: Verb): Command.Class {
  return class extends Command {
    static baseFlags = baseFlags
    static summary = verb.summary
    static hidden = verb.hidden ?? false
    static description = verb.description
    static examples = [...verb.examples]
    static strict = !verb.positionals.rest
    static args = Object.fromEntries(verb.positionals.args.map(a => [a.name, Args.string({required: true, description: a.description})]))
    static flags = oclifFlags(verb.flags)

    async run(): Promise<void> {
      const {flags, argv} = await this.parse(this.ctor)
      // oclif parsed with the flags generated from the verb's own table.
      process.exitCode = await verb.run(flags as ParsedFlags as Parameters<Verb['run']>[0], argv.map(String))
    }

    protected async catch(error: Interfaces.CommandError): Promise<unknown> {
      const code = reportError(error)
      if (code === undefined) throw error // oclif's own parse and exit errors keep oclif's handling (exit 2)
      process.exitCode = code
      return undefined
    }
  }
}
