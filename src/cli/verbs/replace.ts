import {replaceResources} from '../../lifecycle/index.js'
import {manifestFlags, writeFlags} from '../global-flags.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'
import {WRITE_DESCRIPTION, writeFromManifests} from '../write-flow.js'

export const replace = defineVerb({
  name: 'replace',
  summary: 'Replace existing HostEndpoints with the version in the manifests; fails for any that does not exist',
  description: WRITE_DESCRIPTION,
  examples: [
    '<%= config.bin %> replace -f hep.yaml',
    '<%= config.bin %> replace -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> replace -f -',
  ],
  flags: {...manifestFlags(true), ...writeFlags},
  positionals: NO_POSITIONALS,
  run(flags) {
    return writeFromManifests('replace', flags, replaceResources)
  },
})
