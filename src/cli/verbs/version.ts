import {resolveConfig} from '../../config/calico-config.js'
import type {DatastoreConfig} from '../../config/datastore-config.js'
import {endpointText} from '../../config/endpoint-text.js'
import {hepctlVersion} from '../../output/tool-version.js'
import {configFlags} from '../datastore-session.js'
import {ExitCode} from '../exit-codes.js'
import {NO_POSITIONALS, type Verb} from '../flag-table.js'
import {writeOut} from '../io.js'

export const version: Verb = {
  flags: {},
  positionals: NO_POSITIONALS,
  async run(flags) {
    const {datastore, source} = resolveConfig(configFlags(flags))
    writeOut(`Client Version:    ${hepctlVersion()}\nDatastore type:    ${datastore.type}\nDatastore:         ${where(datastore)}\nConfigured by:     ${source}\n`)
    return ExitCode.OK
  },
}

/** Where the data lives, without any secret. */
function where(datastore: DatastoreConfig): string {
  switch (datastore.type) {
    case 'file':
      return datastore.file!.path
    case 'etcdv3':
      return datastore.etcd!.endpoints.map(endpointText).join(',') || `SRV ${datastore.etcd!.discoverySrv}`
    case 'kubernetes': {
      const k = datastore.kubernetes!
      if (k.apiEndpoint) return endpointText(k.apiEndpoint)
      return `kubeconfig ${k.kubeconfig ?? '(default)'}${k.context ? `, context ${k.context}` : ''}`
    }
  }
}
