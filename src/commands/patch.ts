import {Args} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {patch} from '../cli/verbs/patch.js'

export default class Patch extends HepctlCommand {
  static summary = 'Change a HostEndpoint with a JSON merge patch (RFC 7386)'
  static description = `Objects merge key by key, lists are replaced whole, null removes a key. The result is
validated before it is written, at the revision that was read (a concurrent change is a conflict).

Exit codes: 0 success, 1 the patch failed, 2 usage error, 3 datastore unusable.`

  static examples = [
    `<%= config.bin %> patch hostendpoint web-1 -p '{"spec":{"interfaceName":"eth1"}}'`,
    `<%= config.bin %> patch hep web-1 -p '{"metadata":{"labels":{"tier":null}}}'`,
  ]

  static args = {
    kind: Args.string({required: true, description: 'hostendpoint (or hostendpoints, hep, heps)'}),
    name: Args.string({required: true, description: 'the HostEndpoint\'s name'}),
  }
  static flags = oclifFlags(patch.flags)
  protected readonly verb = patch
}
