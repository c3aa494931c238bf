import {listResources} from '../../lifecycle/read-resources.js'
import {completeWords, completionText} from '../completion-candidates.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode} from '../exit-codes.js'
import type {GlobalFlagValues} from '../verb.js'
import {ANY_POSITIONALS, defineVerb} from '../verb.js'
import {writeOut} from '../io.js'

/** How long completion waits for the datastore: a shell must not hang on an unreachable cluster. */
const NAME_TIMEOUT = '3s'

/** Resource names for completion, from the datastore the command line's global flags select; none when it fails. */
async function listNames(globals: Record<string, string>): Promise<string[]> {
  const flags: GlobalFlagValues = {
    config: globals.config,
    context: globals.context,
    kubeconfig: globals.kubeconfig,
    'request-timeout': globals['request-timeout'] ?? NAME_TIMEOUT,
    'allow-version-mismatch': false,
    namespace: undefined,
    'all-namespaces': false,
  }
  try {
    return await withDatastore(flags, async store => (await listResources(store)).items.map(o => o.metadata.name))
  } catch {
    return []
  }
}

/** What the completion scripts call: `hepctl __complete -- WORD...` prints the candidates for the last word. */
export const complete = defineVerb({
  name: '__complete',
  summary: 'Print completion candidates for a partial command line (used by the completion scripts)',
  hidden: true,
  examples: ['<%= config.bin %> __complete -- get hep ""'],
  flags: {},
  positionals: ANY_POSITIONALS,
  async run(_flags, args) {
    writeOut(completionText(await completeWords(args, listNames)))
    return ExitCode.OK
  },
})
