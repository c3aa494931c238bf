import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {version} from '../cli/verbs/version.js'

export default class Version extends HepctlCommand {
  static summary = 'Print hepctl\'s version and which datastore it would use, and where'

  static examples = ['<%= config.bin %> version', 'DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=http://127.0.0.1:2379 <%= config.bin %> version']

  static flags = oclifFlags(version.flags)
  protected readonly verb = version
}
