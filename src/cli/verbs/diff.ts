import {diffResources} from '../../lifecycle/index.js'
import {unifiedDiff} from '../../output/unified-diff.js'
import {toYaml} from '../../output/yaml-text.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode} from '../exit-codes.js'
import {NO_POSITIONALS, type Verb} from '../flag-table.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadValidObjects} from '../load-manifests.js'

/** What apply would change. Exit codes are kubectl diff's: 0 none, 1 differences, >1 an error. */
export const diff: Verb = {
  flags: manifestFlags(true),
  positionals: NO_POSITIONALS,
  async run(flags) {
    refuseNamespace(flags)
    // Exit 1 means "differences" here; invalid manifests are an error like any other (>1).
    const objects = await loadValidObjects(flags.filename as string[], {...manifestLoadOptions(flags), refusal: 'nothing to compare', invalidExitCode: ExitCode.USAGE})
    if (objects.length === 0) return ExitCode.OK
    const diffs = await withDatastore(flags, store => diffResources(store, objects))
    let text = ''
    for (const {name, live, merged} of diffs) {
      text += unifiedDiff(live ? toYaml(live) : '', toYaml(merged), `live/hostendpoint/${name}`, `merged/hostendpoint/${name}`)
    }
    writeOut(text)
    return text === '' ? ExitCode.OK : ExitCode.FAILED
  },
}
