import {HepctlCommand} from '../cli/base-command.js'
import {loadValidObjects} from '../cli/load-manifests.js'
import {manifestFlags, requiredFilename, writeFlags} from '../cli/resource-flags.js'
import {runWrite} from '../cli/write-flow.js'
import {replaceResources} from '../lifecycle/index.js'

export default class Replace extends HepctlCommand {
  static summary = 'Replace existing HostEndpoints with the version in the manifests; fails for any that does not exist'
  static description = `Every manifest is read and validated first; if any resource is invalid nothing is written.
Each resource gets its own result line, then calicoctl's summary line.

Exit codes: 0 success, 1 a resource is invalid or failed, 2 usage error, 3 input unreadable or datastore unusable.`

  static examples = [
    '<%= config.bin %> replace -f hep.yaml',
    '<%= config.bin %> replace -f manifests/ -R --dry-run',
    'cat hep.yaml | <%= config.bin %> replace -f -',
  ]

  static flags = {
    filename: requiredFilename,
    ...manifestFlags,
    ...writeFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Replace)
    this.refuseNamespace(flags)
    const objects = await loadValidObjects(flags.filename, {recursive: flags.recursive, strict: false, skipEmpty: flags['skip-empty']})
    if (objects.length === 0) return
    process.exitCode = await runWrite('replace', objects.length, flags, (store, options) => replaceResources(store, objects, options))
  }
}
