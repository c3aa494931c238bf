import type {DatastoreConfig} from '../config/datastore-config.js'
import {endpointText} from '../config/endpoint-text.js'

/** What `hepctl version` prints: the client's version, and which datastore it would use, where, set by what. */
export function versionText(version: string, datastore: DatastoreConfig, source: string): string {
  return `Client Version:    ${version}\nDatastore type:    ${datastore.type}\nDatastore:         ${where(datastore)}\nConfigured by:     ${source}\n`
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
