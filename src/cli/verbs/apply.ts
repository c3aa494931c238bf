import {applyResources} from '../../lifecycle/index.js'
import {manifestFlags, writeFlags} from '../global-flags.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'
import {WRITE_DESCRIPTION, writeFromManifests} from '../write-flow.js'

export const apply = defineVerb({
  name: 'apply',
  summary: 'Create HostEndpoints, or update those that exist (a resourceVersion in the input is an optimistic lock)',
  description: WRITE_DESCRIPTION,
  examples: [
    '<%= config.bin %> apply -f hep.yaml',
    '<%= config.bin %> apply -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> apply -f -',
  ],
  flags: {...manifestFlags(true), ...writeFlags},
  positionals: NO_POSITIONALS,
  run(flags) {
    return writeFromManifests('apply', flags, applyResources)
  },
})
