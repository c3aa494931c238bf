/**
 * Where a write went, for the summary lines of writing commands: which datastore and where it lives
 * (`the file store at ~/.local/share/hepctl`, `the Kubernetes API at https://host:6443`, `etcd at host:2379`).
 * The locations come from the backends, which never hold a credential in them.
 */
import {sep} from 'node:path'
import type {DatastoreType} from '../config/datastore-config.js'
import {endpointText} from '../config/endpoint-text.js'

/** What a summary line needs to know about the datastore written to. */
export interface DatastorePlace {
  type: DatastoreType
  location: string
}

/** `the file store at DIR` (DIR under the home directory shown with `~`), `the Kubernetes API at URL`, `etcd at ENDPOINTS`. */
export function placeText(place: DatastorePlace, home: string | undefined = process.env.HOME): string {
  switch (place.type) {
    case 'file':
      return `the file store at ${homeRelative(place.location, home)}`
    case 'kubernetes':
      return `the Kubernetes API at ${endpointText(place.location)}`
    case 'etcdv3':
      return `etcd at ${place.location.split(',').map(endpointText).join(',')}`
  }
}

function homeRelative(path: string, home: string | undefined): string {
  if (!home || home === sep) return path
  const base = home.endsWith(sep) ? home.slice(0, -1) : home
  if (path === base) return '~'
  return path.startsWith(base + sep) ? `~${path.slice(base.length)}` : path
}

/** The note on stderr when --dry-run=server was asked of a datastore whose server cannot check writes. */
export function clientDryRunNote(place: DatastorePlace): string {
  return `Note: --dry-run=server is the same as --dry-run=client on ${placeText(place)}: ` +
    'only the Kubernetes API server can check writes without storing them\n'
}

/** The note on stderr when a kubeconfig is present but nothing chose a datastore, so the file store was used. */
export function defaultFileStoreNote(place: DatastorePlace): string {
  return `Note: a kubeconfig is present but no datastore was chosen, so this used ${placeText(place)}; ` +
    'to use the cluster, set DATASTORE_TYPE=kubernetes or pass --kubeconfig\n'
}
