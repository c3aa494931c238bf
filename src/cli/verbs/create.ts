import {createResources} from '../../lifecycle/bulk-commands.js'
import {manifestFlags, writeFlags} from '../global-flags.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'
import {writeDescription, writeFromManifests} from '../write-flow.js'

export const create = defineVerb({
  name: 'create',
  summary: 'Create HostEndpoints from manifests; fails for any that already exists',
  description: writeDescription(`A manifest labelled projectcalico.org/created-by=calico-kube-controllers claims to be one of
calico-kube-controllers' auto host endpoints: it is created (create never overwrites), after a warning on
stderr that the controller will treat it as its own and may rewrite or delete it.`, false),
  examples: [
    '<%= config.bin %> create -f hep.yaml',
    '<%= config.bin %> create -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> create -f -',
  ],
  flags: {
    ...manifestFlags(true),
    ...writeFlags,
    'skip-exists': {type: 'boolean', description: 'an object that already exists is not an error (it is left as it is)'},
  },
  positionals: NO_POSITIONALS,
  run(flags) {
    return writeFromManifests('create', flags, (store, objects, options) => createResources(store, objects, {...options, skipExists: flags['skip-exists']}))
  },
})
