import {HepctlCommand} from '../cli/base-command.js'
import {loadValidObjects} from '../cli/load-manifests.js'
import {manifestFlags, requiredFilename, writeFlags} from '../cli/resource-flags.js'
import {runWrite} from '../cli/write-flow.js'
import {applyResources} from '../lifecycle/index.js'

export default class Apply extends HepctlCommand {
  static summary = 'Create HostEndpoints, or update those that exist (a resourceVersion in the input is an optimistic lock)'
  static description = `Every manifest is read and validated first; if any resource is invalid nothing is written.
Each resource gets its own result line, then calicoctl's summary line.

Exit codes: 0 success, 1 a resource is invalid or failed, 2 usage error, 3 input unreadable or datastore unusable.`

  static examples = [
    '<%= config.bin %> apply -f hep.yaml',
    '<%= config.bin %> apply -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> apply -f -',
  ]

  static flags = {
    filename: requiredFilename,
    ...manifestFlags,
    ...writeFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Apply)
    this.refuseNamespace(flags)
    const objects = await loadValidObjects(flags.filename, {recursive: flags.recursive, strict: false, skipEmpty: flags['skip-empty']})
    if (objects.length === 0) return
    process.exitCode = await runWrite('apply', objects.length, flags, (store, options) => applyResources(store, objects, options))
  }
}
