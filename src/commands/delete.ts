import {Flags} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {ExitCode, UserFacingError} from '../cli/exit-codes.js'
import {loadValidObjects} from '../cli/load-manifests.js'
import {manifestFlags, optionalFilename, positionals, requireKind, requireNames, writeFlags} from '../cli/resource-flags.js'
import {withDatastore} from '../cli/datastore-session.js'
import {runWrite} from '../cli/write-flow.js'
import {deleteResources} from '../lifecycle/index.js'
import {parseSelectorFlag} from '../cli/selector-flag.js'

export default class Delete extends HepctlCommand {
  static summary = 'Delete HostEndpoints by name, by manifest, or by label selector'
  static description = `A resourceVersion in a manifest is honoured as a precondition (etcd and the file store; the
Kubernetes datastore ignores it, as calicoctl does).

Exit codes: 0 success, 1 a resource failed (for example it does not exist), 2 usage error, 3 datastore unusable.`

  static examples = [
    '<%= config.bin %> delete hostendpoint web-1 web-2',
    '<%= config.bin %> delete -f hep.yaml',
    '<%= config.bin %> delete heps -l environment=staging --dry-run',
  ]

  static strict = false
  static args = {}
  static flags = {
    filename: optionalFilename,
    ...manifestFlags,
    ...writeFlags,
    selector: Flags.string({char: 'l', description: 'delete every HostEndpoint whose labels match (e.g. env=prod,tier!=db)'}),
    'skip-not-exists': Flags.boolean({char: 's', description: 'a resource that does not exist is not an error'}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Delete)
    this.refuseNamespace(flags)
    const args = positionals(argv)
    const skipNotExists = flags['skip-not-exists']
    if (flags.filename) {
      if (args.length > 0 || flags.selector) throw new UserFacingError('use either -f or KIND NAME... or -l, not several', ExitCode.USAGE)
      const objects = await loadValidObjects(flags.filename, {recursive: flags.recursive, strict: false, skipEmpty: flags['skip-empty']})
      if (objects.length === 0) return
      const targets = objects.map(o => ({name: o.metadata.name, revision: o.metadata.resourceVersion}))
      process.exitCode = await runWrite('delete', targets.length, flags, (store, options) => deleteResources(store, targets, {...options, skipNotExists}))
      return
    }
    requireKind(args[0])
    const names = args.slice(1)
    requireNames(names)
    if (flags.selector) {
      if (names.length > 0) throw new UserFacingError('use either names or -l, not both', ExitCode.USAGE)
      const selector = parseSelectorFlag(flags.selector)
      const matched = await withDatastore(flags, async store => (await store.list({selector})).items)
      const targets = matched.map(o => ({name: o.metadata.name}))
      if (targets.length === 0) {
        process.stdout.write('No resources found\n')
        return
      }
      // Deleting what was listed, at the revision it was listed: a concurrent change is a conflict, not a surprise.
      process.exitCode = await runWrite('delete', targets.length, flags, (store, options) => deleteResources(store, matched.map(o => ({name: o.metadata.name, revision: o.metadata.resourceVersion})), {...options, skipNotExists: true}))
      return
    }
    if (names.length === 0) throw new UserFacingError('delete needs resource names, -f FILE or -l SELECTOR', ExitCode.USAGE)
    process.exitCode = await runWrite('delete', names.length, flags, (store, options) => deleteResources(store, names.map(name => ({name})), {...options, skipNotExists}))
  }
}
