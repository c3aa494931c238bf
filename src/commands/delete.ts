import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {del} from '../cli/verbs/delete.js'

export default class Delete extends HepctlCommand {
  static summary = 'Delete HostEndpoints by name, by manifest, or by label selector'
  static description = `A resourceVersion in a manifest is honoured as a precondition (etcd and the file store; the
Kubernetes datastore ignores it, as calicoctl does).

Exit codes: 0 success, 1 a resource failed (for example it does not exist), 2 usage error, 3 datastore unusable.`

  static examples = [
    '<%= config.bin %> delete hostendpoint web-1 web-2',
    '<%= config.bin %> delete -f hep.yaml',
    '<%= config.bin %> delete heps -l environment=staging --dry-run',
  ]

  static strict = false
  static flags = oclifFlags(del.flags)
  protected readonly verb = del
}
