import {diffResources} from '../../lifecycle/index.js'
import {diffText} from '../../output/diff-text.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode} from '../exit-codes.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadValidObjects} from '../load-manifests.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'

/** What apply would change. Exit codes are kubectl diff's: 0 none, 1 differences, >1 an error. */
export const diff = defineVerb({
  name: 'diff',
  summary: 'Show what apply would change, as a unified diff of the stored and the applied objects',
  description: `Exit codes (kubectl diff's): 0 no differences, 1 differences, 2 usage error or invalid
manifests, 3 input unreadable or datastore unusable.`,
  examples: ['<%= config.bin %> diff -f hep.yaml', '<%= config.bin %> diff -f manifests/ -R || echo "apply would change something"'],
  flags: manifestFlags(true),
  positionals: NO_POSITIONALS,
  async run(flags) {
    refuseNamespace(flags)
    // Exit 1 means "differences" here; invalid manifests are an error like any other (>1).
    const objects = await loadValidObjects(flags.filename, {...manifestLoadOptions(flags), refusal: 'nothing to compare', invalidExitCode: ExitCode.USAGE, readOnly: true})
    if (objects.length === 0) return ExitCode.OK
    const text = diffText(await withDatastore(flags, store => diffResources(store, objects)))
    writeOut(text)
    return text === '' ? ExitCode.OK : ExitCode.FAILED
  },
})
