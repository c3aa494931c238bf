import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {create} from '../cli/verbs/write.js'

export default class Create extends HepctlCommand {
  static summary = 'Create HostEndpoints from manifests; fails for any that already exists'
  static description = `Every manifest is read and validated first; if any resource is invalid nothing is written.
Each resource gets its own result line, then calicoctl's summary line.

Exit codes: 0 success, 1 a resource is invalid or failed, 2 usage error, 3 input unreadable or datastore unusable.`

  static examples = [
    '<%= config.bin %> create -f hep.yaml',
    '<%= config.bin %> create -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> create -f -',
  ]

  static flags = oclifFlags(create.flags)
  protected readonly verb = create
}
