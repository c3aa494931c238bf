import {labelResource, type LabelChange, type SingleOptions} from '../../lifecycle/single-resource.js'
import {renderSingleResult} from '../../output/single-result.js'
import {validateObject} from '../../validation/validate-resources.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {dryRunFor} from '../dry-run.js'
import {dryRunFlag, forceFlag, refuseNamespace} from '../global-flags.js'
import {writeRendered} from '../io.js'
import {guardingOwned, OWNED_DESCRIPTION} from '../owned-guard.js'
import {oneResource, RESOURCE_ARG} from '../resource-args.js'
import {defineVerb} from '../verb.js'

const USAGE = 'hepctl label KIND NAME KEY=VALUE (or TYPE/NAME KEY=VALUE)'

export const label = defineVerb({
  name: 'label',
  summary: 'Set or remove one label on a HostEndpoint',
  description: `The labelled object is validated before it is written (a bad key or value writes nothing and
says why).

${OWNED_DESCRIPTION}

Exit codes: 0 success, 1 the change failed or was refused, 2 usage error, 3 datastore unusable.`,
  examples: [
    '<%= config.bin %> label hostendpoint web-1 environment=production',
    '<%= config.bin %> label hep web-1 environment=staging --overwrite',
    '<%= config.bin %> label hep web-1 environment --remove',
    '<%= config.bin %> label hostendpoint.projectcalico.org/web-1 environment=production',
  ],
  flags: {
    overwrite: {type: 'boolean', description: 'replace the value of a label that is already set'},
    remove: {type: 'boolean', description: 'remove the label instead of setting it'},
    'dry-run': dryRunFlag,
    force: forceFlag,
  },
  // Checked by the verb, which says in one line what is missing (the resource takes one or two words).
  positionals: {args: [{...RESOURCE_ARG, description: `${RESOURCE_ARG.description}; then the label: key=value to set, or key with --remove`}], rest: true},
  async run(flags, args) {
    refuseNamespace(flags)
    const {type, name, rest} = oneResource(args, USAGE)
    if (rest.length !== 1) throw new UserFacingError(`label takes one resource and one label: ${USAGE}`, ExitCode.USAGE)
    const text = rest[0]
    let change: LabelChange
    if (flags.remove) {
      if (text.includes('=')) throw new UserFacingError(`invalid label ${text}: with --remove give only the key`, ExitCode.USAGE)
      change = {key: text, remove: true}
    } else {
      const at = text.indexOf('=')
      if (at <= 0) throw new UserFacingError(`invalid label ${text}: expected key=value (or key --remove)`, ExitCode.USAGE)
      change = {key: text.slice(0, at), value: text.slice(at + 1), overwrite: flags.overwrite}
    }
    let dryRun: SingleOptions['dryRun']
    const result = await guardingOwned(flags.force, guard => withDatastore(flags, store => {
      dryRun = dryRunFor(store, flags['dry-run'])
      return labelResource(store, name, change, {validate: validateObject, dryRun, ...guard})
    }))
    writeRendered(renderSingleResult({name: 'label', kind: type}, result, dryRun))
    return result.action === 'failed' ? ExitCode.FAILED : ExitCode.OK
  },
})
