import {HepctlCommand} from '../cli/base-command.js'
import {withDatastore} from '../cli/datastore-session.js'
import {ExitCode, UserFacingError} from '../cli/exit-codes.js'
import {writeOut} from '../cli/io.js'
import {loadValidObjects} from '../cli/load-manifests.js'
import {manifestFlags, requiredFilename} from '../cli/resource-flags.js'
import {diffResources} from '../lifecycle/index.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import {unifiedDiff} from '../output/unified-diff.js'

export default class Diff extends HepctlCommand {
  static summary = 'Show what apply would change, as a unified diff of the stored and the applied objects'
  static description = `Exit codes (kubectl diff's): 0 no differences, 1 differences, 2 usage error or invalid
manifests, 3 input unreadable or datastore unusable.`

  static examples = ['<%= config.bin %> diff -f hep.yaml', '<%= config.bin %> diff -f manifests/ -R || echo "apply would change something"']

  static flags = {
    filename: requiredFilename,
    ...manifestFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Diff)
    this.refuseNamespace(flags)
    let objects: HostEndpoint[]
    try {
      objects = await loadValidObjects(flags.filename, {recursive: flags.recursive, strict: false, skipEmpty: flags['skip-empty'], refusal: 'nothing to compare'})
    } catch (error) {
      // Exit 1 means "differences" here; invalid manifests are an error like any other (>1).
      if (error instanceof UserFacingError && error.exitCode === ExitCode.FAILED) throw new UserFacingError(error.message, ExitCode.USAGE)
      throw error
    }
    if (objects.length === 0) return
    const {toYaml} = await import('../output/yaml-text.js')
    const diffs = await withDatastore(flags, store => diffResources(store, objects))
    let text = ''
    for (const {name, live, merged} of diffs) {
      text += unifiedDiff(live ? toYaml(live) : '', toYaml(merged), `live/hostendpoint/${name}`, `merged/hostendpoint/${name}`)
    }
    writeOut(text)
    process.exitCode = text === '' ? ExitCode.OK : ExitCode.FAILED
  }
}
