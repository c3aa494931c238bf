import {resolveConfig} from '../../config/calico-config.js'
import {hepctlVersion} from '../../output/tool-version.js'
import {clientVersionText, versionDocument, versionText} from '../../output/version-text.js'
import {configFlags} from '../datastore-session.js'
import {ExitCode} from '../exit-codes.js'
import {writeOut} from '../io.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'

export const version = defineVerb({
  name: 'version',
  summary: 'Print hepctl\'s version and which datastore it would use, and where',
  examples: [
    '<%= config.bin %> version',
    '<%= config.bin %> version --client',
    '<%= config.bin %> version -o json',
    'DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=http://127.0.0.1:2379 <%= config.bin %> version',
  ],
  flags: {
    client: {type: 'boolean', description: 'only the client\'s version; the datastore configuration is not read'},
    output: {type: 'string', short: 'o', options: ['json', 'yaml'], description: 'json or yaml, in kubectl\'s shape ({clientVersion: ...})'},
  },
  positionals: NO_POSITIONALS,
  async run(flags) {
    const v = hepctlVersion()
    // --client reads no configuration at all, so a broken one cannot stop it (kubectl's --client likewise).
    const datastore = flags.client ? undefined : resolveConfig(configFlags(flags))
    if (flags.output) writeOut(versionDocument(v, flags.output, datastore))
    else writeOut(datastore ? versionText(v, datastore.datastore, datastore.source) : clientVersionText(v))
    return ExitCode.OK
  },
})
