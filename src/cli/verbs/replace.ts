import {replaceResources} from '../../lifecycle/bulk-commands.js'
import {forceFlag, manifestFlags, writeFlags} from '../global-flags.js'
import {OWNED_DESCRIPTION} from '../owned-guard.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'
import {writeDescription, writeFromManifests} from '../write-flow.js'

export const replace = defineVerb({
  name: 'replace',
  summary: 'Replace existing HostEndpoints with the version in the manifests; fails for any that does not exist',
  description: writeDescription(OWNED_DESCRIPTION),
  examples: [
    '<%= config.bin %> replace -f hep.yaml',
    '<%= config.bin %> replace -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> replace -f -',
  ],
  flags: {...manifestFlags(true), ...writeFlags, force: forceFlag},
  positionals: NO_POSITIONALS,
  run(flags) {
    return writeFromManifests('replace', flags, replaceResources)
  },
})
