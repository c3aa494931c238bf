import {diffResources} from '../../lifecycle/bulk-commands.js'
import {coloursFor} from '../../output/colour.js'
import {diffText} from '../../output/diff-text.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode} from '../exit-codes.js'
import {externalDiffCommand, runExternalDiff} from '../external-diff.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {loadValidObjects} from '../load-manifests.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'

/** What apply would change. Exit codes are kubectl diff's: 0 none, 1 differences, >1 an error. */
export const diff = defineVerb({
  name: 'diff',
  summary: 'Show what apply would change, as a unified diff of the stored and the applied objects',
  description: `The diff is coloured on a terminal (NO_COLOR turns that off, FORCE_COLOR on).

HEPCTL_EXTERNAL_DIFF or KUBECTL_EXTERNAL_DIFF (the first wins) names another diff program, called as
kubectl diff calls it: the stored objects are written as YAML to a temporary directory LIVE-<random>, the
objects as apply would store them to MERGED-<random>, one file per object named
projectcalico.org.v3.HostEndpoint..NAME (the LIVE file is empty for an object not stored yet), and the program is run with
the two directories followed by the variable's other words (split on spaces; as kubectl, only words of
letters, digits, '-' and '=' are passed on). It must exit 0 for no differences, 1 for differences. The
directories are removed afterwards.

Exit codes (kubectl diff's): 0 no differences, 1 differences, 2 usage error or invalid
manifests, 3 input unreadable, datastore unusable, or the external diff program failed (exit >1).`,
  examples: [
    '<%= config.bin %> diff -f hep.yaml',
    '<%= config.bin %> diff -f manifests/ -R || echo "apply would change something"',
    'KUBECTL_EXTERNAL_DIFF="diff -u -N --color=always" <%= config.bin %> diff -f hep.yaml',
  ],
  flags: manifestFlags(true),
  positionals: NO_POSITIONALS,
  async run(flags) {
    refuseNamespace(flags)
    const external = externalDiffCommand()
    // Exit 1 means "differences" here; invalid manifests are an error like any other (>1).
    const objects = await loadValidObjects(flags.filename, {...manifestLoadOptions(flags), refusal: 'nothing to compare', invalidExitCode: ExitCode.USAGE, readOnly: true})
    if (objects.length === 0) return ExitCode.OK
    const diffs = await withDatastore(flags, store => diffResources(store, objects))
    if (external) return runExternalDiff(external, diffs)
    const text = diffText(diffs, await coloursFor(process.stdout))
    writeOut(text)
    return text === '' ? ExitCode.OK : ExitCode.FAILED
  },
})
