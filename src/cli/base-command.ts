import {Command, Interfaces} from '@oclif/core'

import {reportError} from './error-report.js'
import type {Verb} from './flag-table.js'
import {globalFlags} from './global-flags.js'
import {oclifFlags} from './oclif-flags.js'

/**
 * What every hepctl command shares: the global flags, running its verb (src/cli/verbs), and error handling: a
 * user's mistake or an unusable datastore is one clear line on stderr and a documented exit code, never a
 * stack trace.
 */
export abstract class HepctlCommand extends Command {
  static baseFlags = oclifFlags(globalFlags)

  /** The behaviour behind this command; the oclif class adds only help text. */
  protected abstract readonly verb: Verb

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(this.ctor)
    process.exitCode = await this.verb.run(flags, argv.map(String))
  }

  protected async catch(error: Interfaces.CommandError): Promise<unknown> {
    const code = reportError(error)
    if (code === undefined) throw error // oclif's own parse and exit errors keep oclif's handling (exit 2)
    process.exitCode = code
    return undefined
  }
}
