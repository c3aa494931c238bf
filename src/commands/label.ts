import {Args} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {label} from '../cli/verbs/label.js'

export default class Label extends HepctlCommand {
  static summary = 'Set or remove one label on a HostEndpoint'
  static description = `The labelled object is validated before it is written (a bad key or value writes nothing and
says why).

Exit codes: 0 success, 1 the change failed, 2 usage error, 3 datastore unusable.`

  static examples = [
    '<%= config.bin %> label hostendpoint web-1 environment=production',
    '<%= config.bin %> label hep web-1 environment=staging --overwrite',
    '<%= config.bin %> label hep web-1 environment --remove',
  ]

  static args = {
    kind: Args.string({required: true, description: 'hostendpoint (or hostendpoints, hep, heps)'}),
    name: Args.string({required: true, description: 'the HostEndpoint\'s name'}),
    label: Args.string({required: true, description: 'key=value to set, or key with --remove'}),
  }
  static flags = oclifFlags(label.flags)
  protected readonly verb = label
}
