import {exportResources} from '../../../lifecycle/migrate.js'
import {printGet} from '../../../output/get-printer.js'
import {withDatastore} from '../../datastore-session.js'
import {ExitCode} from '../../exit-codes.js'
import {refuseNamespace} from '../../global-flags.js'
import {writeOut} from '../../io.js'
import {defineVerb, NO_POSITIONALS} from '../../verb.js'

export const migrateExport = defineVerb({
  name: 'datastore migrate export',
  summary: 'Print every HostEndpoint of the datastore, with its uid and creation time, for migrate import',
  description: `The output is one HostEndpointList: each object with its uid and creationTimestamp, without
resourceVersion (a revision means something only in the store it came from). Read it into another
datastore with: hepctl datastore migrate import -f FILE

Exit codes: 0 success, 2 usage error, 3 datastore unusable.`,
  examples: [
    '<%= config.bin %> datastore migrate export > heps.yaml',
    'DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=http://127.0.0.1:2379 <%= config.bin %> datastore migrate export -o json > heps.json',
  ],
  flags: {
    output: {type: 'string', short: 'o', options: ['yaml', 'json'], default: 'yaml', description: 'yaml or json'},
  },
  positionals: NO_POSITIONALS,
  async run(flags) {
    refuseNamespace(flags)
    const list = await withDatastore(flags, store => exportResources(store))
    writeOut(printGet({kind: 'list', list}, {kind: flags.output === 'json' ? 'json' : 'yaml'}))
    return ExitCode.OK
  },
})
