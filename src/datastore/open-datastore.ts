import type {DatastoreConfig} from '../config/datastore-config.js'
import type {Datastore} from './datastore.js'

/**
 * Opens the configured backend. Each backend is imported only here and only when chosen, so a command pays
 * only for the client it uses (and `validate` for none).
 */
export async function openDatastore(config: DatastoreConfig): Promise<Datastore> {
  switch (config.type) {
    case 'file': {
      const {openFileStore} = await import('./file/file-store.js')
      return openFileStore(config.file!)
    }
    case 'kubernetes': {
      const {openKubernetesStore} = await import('./kubernetes/kubernetes-store.js')
      return openKubernetesStore(config.kubernetes!)
    }
    case 'etcdv3': {
      const {openEtcdStore} = await import('./etcd/etcd-store.js')
      return openEtcdStore(config.etcd!)
    }
  }
}
