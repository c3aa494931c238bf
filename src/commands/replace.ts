import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {replace} from '../cli/verbs/write.js'

export default class Replace extends HepctlCommand {
  static summary = 'Replace existing HostEndpoints with the version in the manifests; fails for any that does not exist'
  static description = `Every manifest is read and validated first; if any resource is invalid nothing is written.
Each resource gets its own result line, then calicoctl's summary line.

Exit codes: 0 success, 1 a resource is invalid or failed, 2 usage error, 3 input unreadable or datastore unusable.`

  static examples = [
    '<%= config.bin %> replace -f hep.yaml',
    '<%= config.bin %> replace -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> replace -f -',
  ]

  static flags = oclifFlags(replace.flags)
  protected readonly verb = replace
}
