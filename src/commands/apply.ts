import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {apply} from '../cli/verbs/write.js'

export default class Apply extends HepctlCommand {
  static summary = 'Create HostEndpoints, or update those that exist (a resourceVersion in the input is an optimistic lock)'
  static description = `Every manifest is read and validated first; if any resource is invalid nothing is written.
Each resource gets its own result line, then calicoctl's summary line.

Exit codes: 0 success, 1 a resource is invalid or failed, 2 usage error, 3 input unreadable or datastore unusable.`

  static examples = [
    '<%= config.bin %> apply -f hep.yaml',
    '<%= config.bin %> apply -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> apply -f -',
  ]

  static flags = oclifFlags(apply.flags)
  protected readonly verb = apply
}
