import {HepctlCommand} from '../cli/base-command.js'
import {configFlags} from '../cli/datastore-session.js'
import {writeOut} from '../cli/io.js'
import {resolveConfig} from '../config/calico-config.js'

export default class Version extends HepctlCommand {
  static summary = 'Print hepctl\'s version and which datastore it would use, and where'
  static examples = ['<%= config.bin %> version', 'DATASTORE_TYPE=etcdv3 ETCD_ENDPOINTS=http://127.0.0.1:2379 <%= config.bin %> version']

  async run(): Promise<void> {
    const {flags} = await this.parse(Version)
    const {datastore, source} = resolveConfig(configFlags(flags))
    const where = datastore.type === 'file'
      ? datastore.file!.path
      : datastore.type === 'etcdv3'
        ? datastore.etcd!.endpoints.join(',') || `SRV ${datastore.etcd!.discoverySrv}`
        : datastore.kubernetes!.apiEndpoint ?? `kubeconfig ${datastore.kubernetes!.kubeconfig ?? '(default)'}${datastore.kubernetes!.context ? `, context ${datastore.kubernetes!.context}` : ''}`
    writeOut(`Client Version:    ${this.config.version}\nDatastore type:    ${datastore.type}\nDatastore:         ${where}\nConfigured by:     ${source}\n`)
  }
}
