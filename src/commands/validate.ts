import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {validate} from '../cli/verbs/validate.js'

export default class Validate extends HepctlCommand {
  static summary = 'Check HostEndpoint manifests offline: schema, Calico\'s rules and safety lints'
  static description = `Reads every manifest (YAML or JSON, multi-document, Lists) and reports every problem of every
resource with its file, line and column. Needs no datastore.

Exit codes: 0 all valid (warnings allowed unless --strict), 1 a resource is invalid, 2 usage error,
3 input could not be read or held no resource.`

  static examples = [
    '<%= config.bin %> validate -f hep.yaml',
    '<%= config.bin %> validate -f manifests/ -R --strict',
    '<%= config.bin %> validate -f - -o sarif < hep.yaml > hepctl.sarif',
    '<%= config.bin %> validate -f manifests/ -o junit > report.xml',
  ]

  static flags = oclifFlags(validate.flags)
  protected readonly verb = validate
}
