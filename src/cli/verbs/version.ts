import {resolveConfig} from '../../config/calico-config.js'
import {hepctlVersion} from '../../output/tool-version.js'
import {versionText} from '../../output/version-text.js'
import {configFlags} from '../datastore-session.js'
import {ExitCode} from '../exit-codes.js'
import {writeOut} from '../io.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'

export const version = defineVerb({
  name: 'version',
  summary: 'Print hepctl\'s version and which datastore it would use, and where',
  examples: ['<%= config.bin %> version', 'DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=http://127.0.0.1:2379 <%= config.bin %> version'],
  flags: {},
  positionals: NO_POSITIONALS,
  async run(flags) {
    const {datastore, source} = resolveConfig(configFlags(flags))
    writeOut(versionText(hepctlVersion(), datastore, source))
    return ExitCode.OK
  },
})
