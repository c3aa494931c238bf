import {applyResources} from '../../lifecycle/bulk-commands.js'
import {forceFlag, manifestFlags, writeFlags} from '../global-flags.js'
import {OWNED_DESCRIPTION} from '../owned-guard.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'
import {writeDescription, writeFromManifests} from '../write-flow.js'

export const apply = defineVerb({
  name: 'apply',
  summary: 'Create HostEndpoints, or update those that exist (a resourceVersion in the input is an optimistic lock)',
  description: writeDescription(OWNED_DESCRIPTION),
  examples: [
    '<%= config.bin %> apply -f hep.yaml',
    '<%= config.bin %> apply -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> apply -f -',
  ],
  flags: {...manifestFlags(true), ...writeFlags, force: forceFlag},
  positionals: NO_POSITIONALS,
  run(flags) {
    return writeFromManifests('apply', flags, applyResources)
  },
})
