import {deleteMatching, deleteResources} from '../../lifecycle/bulk-commands.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {forceFlag, manifestFlags, manifestLoadOptions, refuseNamespace, writeFlags} from '../global-flags.js'
import {OWNED_DESCRIPTION} from '../owned-guard.js'
import {resourceNames} from '../resource-args.js'
import {parseSelectorFlag} from '../selector-flag.js'
import {ANY_POSITIONALS, defineVerb} from '../verb.js'
import {runWrite} from '../write-flow.js'

export const del = defineVerb({
  name: 'delete',
  summary: 'Delete HostEndpoints by name, by manifest, or by label selector',
  description: `A resourceVersion in a manifest is honoured as a precondition (etcd and the file store; the
Kubernetes datastore ignores it, as calicoctl does).

${OWNED_DESCRIPTION}

Exit codes: 0 success, 1 a resource failed (for example it does not exist) or is calico-kube-controllers' and
--force was not given, 2 usage error, 3 datastore unusable.`,
  examples: [
    '<%= config.bin %> delete hostendpoint web-1 web-2',
    '<%= config.bin %> delete -f hep.yaml',
    '<%= config.bin %> delete heps -l environment=staging --dry-run',
  ],
  flags: {
    ...manifestFlags(false),
    ...writeFlags,
    selector: {type: 'string', short: 'l', description: 'delete every HostEndpoint whose labels match (e.g. env=prod,tier!=db)'},
    'skip-not-exists': {type: 'boolean', short: 's', aliases: ['ignore-not-found'], description: 'a resource that does not exist is not an error (--ignore-not-found, kubectl\'s name, is the same)'},
    force: forceFlag,
  },
  positionals: ANY_POSITIONALS,
  async run(flags, args) {
    refuseNamespace(flags)
    const skipNotExists = flags['skip-not-exists']
    let targets: {name: string; revision?: string}[]
    if (flags.filename) {
      if (args.length > 0 || flags.selector) throw new UserFacingError('use either -f or KIND NAME... (or TYPE/NAME...) or -l, not several', ExitCode.USAGE)
      // Manifest reading and validation load only for delete -f.
      const {loadValidObjects} = await import('../load-manifests.js')
      const objects = await loadValidObjects(flags.filename, {...manifestLoadOptions(flags), verb: 'delete', readOnly: true})
      // A resourceVersion in a manifest is a precondition.
      targets = objects.map(o => ({name: o.metadata.name, revision: o.metadata.resourceVersion}))
    } else {
      const names = resourceNames(args)
      if (flags.selector) {
        if (names.length > 0) throw new UserFacingError('use either names or -l, not both', ExitCode.USAGE)
        const selector = parseSelectorFlag(flags.selector)
        return runWrite('delete', undefined, flags, (store, options) => deleteMatching(store, selector, options))
      }
      if (names.length === 0) throw new UserFacingError('delete needs resource names, -f FILE or -l SELECTOR', ExitCode.USAGE)
      targets = names.map(name => ({name}))
    }
    if (targets.length === 0) return ExitCode.OK
    return runWrite('delete', targets.length, flags, (store, options) => deleteResources(store, targets, {...options, skipNotExists}))
  },
})
