/**
 * The policy context in an etcdv3 datastore, read-only, where and as Calico keeps it (host-policy reference
 * §5.3, §5.2): `/calico/resources/v3/projectcalico.org/<plural>/<name>` (namespaced kinds
 * `/<plural>/<namespace>/<name>`), each value the JSON v3 object. Default-tier policies written by Calico
 * v3.30 and v3.31 are keyed `default.<name>`; they read back as `<name>`, as Calico reads them. The built-in
 * `projectcalico-default-allow` profile is always there, never stored. Every kind is read at one revision,
 * all kinds at once.
 */
import {isJsonObject} from '../../json/json-object.js'
import type {PolicyResource} from '../../policy/types.js'
import {
  DEFAULT_ALLOW_PROFILE_NAME,
  defaultAllowProfile,
  manifestForm,
  policyName,
  PROFILE_KIND,
  sortContext,
  STORED_CONTEXT_KINDS,
  type StoredContextKind,
} from '../context-kinds.js'
import {DatastoreUnavailableError, type PolicyContext} from '../datastore.js'
// Calico v3.32 and later keep a policy's v3 name in this annotation, in etcd as in Kubernetes.
import {METADATA_ANNOTATION} from '../kubernetes/calico-storage.js'
import {EtcdRequestError, prefixRangeEnd, type EtcdClient, type EtcdKeyValue} from './etcd-client.js'

export const RESOURCES_PREFIX = '/calico/resources/v3/projectcalico.org/'
const PAGE_SIZE = 2000

/** Every context object in the store, in the readers' order (context-kinds.ts sortContext). */
export async function readEtcdContext(client: EtcdClient): Promise<PolicyContext> {
  const kinds = [...STORED_CONTEXT_KINDS, PROFILE_KIND]
  try {
    // One revision for every kind, so the context is one consistent view of the store.
    const {revision} = await client.range(RESOURCES_PREFIX)
    const perKind = await Promise.all(kinds.map(async kind => {
      const out: PolicyResource[] = []
      for (const kv of await rangeAll(client, RESOURCES_PREFIX + kind.plural + '/', revision)) {
        const object = decode(kv, kind)
        if (object) out.push(object)
      }
      return out
    }))
    const resources = perKind.flat().filter(r => !(r.kind === 'Profile' && r.metadata.name === DEFAULT_ALLOW_PROFILE_NAME))
    resources.push(defaultAllowProfile())
    return {resources: sortContext(resources), source: `etcdv3 ${client.location}`, holdsContext: true}
  } catch (error) {
    if (error instanceof EtcdRequestError) throw new DatastoreUnavailableError(`cannot read the policy context from etcd: ${error.message}`)
    throw error
  }
}

/** Every key under `prefix` at `revision`, in pages; the next page is asked for while this one is decoded. */
async function rangeAll(client: EtcdClient, prefix: string, revision: string): Promise<EtcdKeyValue[]> {
  const rangeEnd = prefixRangeEnd(prefix)
  const out: EtcdKeyValue[] = []
  let page = await client.range(prefix, {rangeEnd, limit: PAGE_SIZE, revision})
  for (;;) {
    out.push(...page.kvs)
    if (!page.more || page.kvs.length === 0) return out
    page = await client.range(page.kvs[page.kvs.length - 1].key + '\0', {rangeEnd, limit: PAGE_SIZE, revision})
  }
}

/**
 * The v3 object a key holds, or undefined when the key is outside Calico's layout for the kind (a deeper or
 * shallower path) or the value is not a JSON object (Calico skips such values in a list too).
 */
export function decode(kv: EtcdKeyValue, kind: StoredContextKind): PolicyResource | undefined {
  const rest = kv.key.slice(RESOURCES_PREFIX.length + kind.plural.length + 1).split('/')
  if (rest.length !== (kind.namespaced ? 2 : 1) || rest.some(part => part === '')) return undefined
  const keyName = rest[rest.length - 1]
  let value: unknown
  try {
    value = JSON.parse(kv.value)
  } catch {
    return undefined
  }
  if (!isJsonObject(value)) return undefined
  const meta = isJsonObject(value.metadata) ? value.metadata : {}
  const annotations = isJsonObject(meta.annotations) ? {...meta.annotations} : undefined
  let savedName: string | undefined
  if (kind.policy && annotations && typeof annotations[METADATA_ANNOTATION] === 'string') {
    try {
      const saved: unknown = JSON.parse(annotations[METADATA_ANNOTATION])
      if (isJsonObject(saved) && typeof saved.name === 'string' && saved.name !== '') {
        savedName = saved.name
        delete annotations[METADATA_ANNOTATION]
      }
    } catch {
      // Not Calico's annotation: kept as it is.
    }
  }
  const storedName = typeof meta.name === 'string' && meta.name !== '' ? meta.name : keyName
  return manifestForm(
    kind.kind,
    {
      name: kind.policy ? policyName(storedName, value.spec, savedName) : storedName,
      namespace: kind.namespaced ? rest[0] : undefined,
      labels: meta.labels,
      annotations,
    },
    value.spec,
  )
}
