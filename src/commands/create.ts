import {Flags} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {loadValidObjects} from '../cli/load-manifests.js'
import {manifestFlags, requiredFilename, writeFlags} from '../cli/resource-flags.js'
import {runWrite} from '../cli/write-flow.js'
import {createResources} from '../lifecycle/index.js'

export default class Create extends HepctlCommand {
  static summary = 'Create HostEndpoints from manifests; fails for any that already exists'
  static description = `Every manifest is read and validated first; if any resource is invalid nothing is written.
Each resource gets its own result line, then calicoctl's summary line.

Exit codes: 0 success, 1 a resource is invalid or failed, 2 usage error, 3 input unreadable or datastore unusable.`

  static examples = [
    '<%= config.bin %> create -f hep.yaml',
    '<%= config.bin %> create -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> create -f -',
  ]

  static flags = {
    filename: requiredFilename,
    ...manifestFlags,
    ...writeFlags,
    'skip-exists': Flags.boolean({description: 'an object that already exists is not an error (it is left as it is)'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Create)
    this.refuseNamespace(flags)
    const objects = await loadValidObjects(flags.filename, {recursive: flags.recursive, strict: false, skipEmpty: flags['skip-empty']})
    if (objects.length === 0) return
    process.exitCode = await runWrite('create', objects.length, flags, (store, options) => createResources(store, objects, {...options, skipExists: flags['skip-exists']}))
  }
}
