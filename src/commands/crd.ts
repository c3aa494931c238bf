import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {crd} from '../cli/verbs/crd.js'

export default class Crd extends HepctlCommand {
  static summary = 'Print the HostEndpoint CustomResourceDefinition, generated from hepctl\'s schema'
  static description = `Equivalent to the CRD Calico installs, so a bare cluster can hold HostEndpoints:
  hepctl crd | kubectl apply -f -
The default is Calico's crd.projectcalico.org/v1 group (what calicoctl and Felix use on a Kubernetes
datastore); --group projectcalico.org prints the v3 API group's definition.`

  static examples = ['<%= config.bin %> crd | kubectl apply -f -', '<%= config.bin %> crd --group projectcalico.org']

  static flags = oclifFlags(crd.flags)
  protected readonly verb = crd
}
