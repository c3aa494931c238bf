import {deleteResources} from '../../lifecycle/index.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {ANY_POSITIONALS, type Verb} from '../flag-table.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace, writeFlags} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadValidObjects} from '../load-manifests.js'
import {requireKind, requireNames} from '../resource-args.js'
import {parseSelectorFlag} from '../selector-flag.js'
import {runWrite} from '../write-flow.js'

type Target = {name: string; revision?: string}

export const del: Verb = {
  flags: {
    ...manifestFlags(false),
    ...writeFlags,
    selector: {type: 'string', short: 'l', description: 'delete every HostEndpoint whose labels match (e.g. env=prod,tier!=db)'},
    'skip-not-exists': {type: 'boolean', short: 's', description: 'a resource that does not exist is not an error'},
  },
  positionals: ANY_POSITIONALS,
  async run(flags, args) {
    refuseNamespace(flags)
    const skipNotExists = Boolean(flags['skip-not-exists'])
    let targets: Target[]
    if (flags.filename) {
      if (args.length > 0 || flags.selector) throw new UserFacingError('use either -f or KIND NAME... or -l, not several', ExitCode.USAGE)
      const objects = await loadValidObjects(flags.filename as string[], manifestLoadOptions(flags))
      // A resourceVersion in a manifest is a precondition.
      targets = objects.map(o => ({name: o.metadata.name, revision: o.metadata.resourceVersion}))
    } else {
      requireKind(args[0])
      const names = args.slice(1)
      requireNames(names)
      if (flags.selector) {
        if (names.length > 0) throw new UserFacingError('use either names or -l, not both', ExitCode.USAGE)
        const selector = parseSelectorFlag(flags.selector as string)
        // What matched, each at the revision it was listed at: on backends that honour revisions (file, etcd)
        // an object changed since is a conflict rather than a surprise.
        return runWrite('delete', undefined, flags, async (store, options) => {
          const matched = (await store.list({selector})).items
          if (matched.length === 0) writeOut('No resources found\n')
          const targets = matched.map(o => ({name: o.metadata.name, revision: o.metadata.resourceVersion}))
          return deleteResources(store, targets, {...options, skipNotExists: true})
        })
      } else {
        if (names.length === 0) throw new UserFacingError('delete needs resource names, -f FILE or -l SELECTOR', ExitCode.USAGE)
        targets = names.map(name => ({name}))
      }
    }
    if (targets.length === 0) return ExitCode.OK
    return runWrite('delete', targets.length, flags, (store, options) => deleteResources(store, targets, {...options, skipNotExists}))
  },
}
