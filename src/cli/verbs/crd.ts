import {CRD_GROUPS} from '../../datastore/kubernetes/crd.js'
import {storedText} from '../../output/stored-texts.js'
import {ExitCode} from '../exit-codes.js'
import {writeOut} from '../io.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'

export const crd = defineVerb({
  name: 'crd',
  summary: 'Print the HostEndpoint CustomResourceDefinition, generated from hepctl\'s schema',
  description: `Equivalent to the CRD Calico installs, so a bare cluster can hold HostEndpoints:
  hepctl crd | kubectl apply -f -
The default is Calico's crd.projectcalico.org/v1 group (what calicoctl and Felix use on a Kubernetes
datastore); --group projectcalico.org prints the v3 API group's definition.`,
  examples: ['<%= config.bin %> crd | kubectl apply -f -', '<%= config.bin %> crd --group projectcalico.org'],
  flags: {
    group: {type: 'string', options: CRD_GROUPS, default: 'crd.projectcalico.org', description: 'API group of the definition'},
  },
  positionals: NO_POSITIONALS,
  async run(flags) {
    writeOut(storedText('crd.json', flags.group) ?? (await import('../../output/crd-text.js')).renderCrds({group: flags.group}))
    return ExitCode.OK
  },
})
