import type {DatastoreConfig} from '../config/datastore-config.js'
import {endpointText} from '../config/endpoint-text.js'
import {yamlPackage} from '../json/yaml-package.js'

/** What `hepctl version` prints: the client's version, and which datastore it would use, where, set by what. */
export function versionText(version: string, datastore: DatastoreConfig, source: string): string {
  return `${clientVersionText(version)}Datastore type:    ${datastore.type}\nDatastore:         ${where(datastore)}\nConfigured by:     ${source}\n`
}

/** What `hepctl version --client` prints: the client's version only. */
export function clientVersionText(version: string): string {
  return `Client Version:    ${version}\n`
}

/** The datastore part of `version -o json|yaml`; absent with --client. */
export interface DatastoreVersionInfo {
  datastore: DatastoreConfig
  source: string
}

/**
 * `version -o json|yaml` in kubectl's shape: `clientVersion` (kubectl's field names where they apply), then
 * where the datastore is, as the text form says it (never a secret).
 */
export function versionDocument(version: string, format: 'json' | 'yaml', datastore?: DatastoreVersionInfo): string {
  const [major = '0', minor = '0'] = version.split('.')
  const doc: Record<string, unknown> = {
    clientVersion: {major, minor, gitVersion: `v${version}`, platform: `${process.platform}/${process.arch}`},
  }
  if (datastore) doc.datastore = {type: datastore.datastore.type, location: where(datastore.datastore), configuredBy: datastore.source}
  // As kubectl: JSON in the struct's order, YAML (through JSON, sigs.k8s.io/yaml) with the keys sorted.
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : yamlPackage().stringify(doc, {sortMapEntries: true})
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
