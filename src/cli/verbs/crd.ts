import {ExitCode} from '../exit-codes.js'
import {NO_POSITIONALS, type Verb} from '../flag-table.js'
import {writeOut} from '../io.js'

export const crd: Verb = {
  flags: {
    group: {type: 'string', options: ['crd.projectcalico.org', 'projectcalico.org'], default: 'crd.projectcalico.org', description: 'API group of the definition'},
  },
  positionals: NO_POSITIONALS,
  async run(flags) {
    const {renderCrds} = await import('../../datastore/kubernetes/crd.js')
    writeOut(renderCrds({group: flags.group as 'crd.projectcalico.org' | 'projectcalico.org'}))
    return ExitCode.OK
  },
}
