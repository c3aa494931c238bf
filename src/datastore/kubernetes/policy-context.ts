/**
 * The policy context in a Kubernetes datastore, read-only, where and as Calico keeps it (host-policy
 * reference §5.1, §5.2, §2.7):
 * - the context kinds' custom resources in the store's API group: `crd.projectcalico.org/v1` in Calico's
 *   stored layout (the v3 metadata in the `projectcalico.org/metadata` annotation, the v3.30/v3.31
 *   `default.` name prefix of default-tier policies), or `projectcalico.org/v3` as they are;
 * - Profiles, which have no CRD: derived from Namespaces (`kns.<namespace>`) and ServiceAccounts
 *   (`ksa.<namespace>.<name>`) as Calico's converter derives them, plus the built-in
 *   `projectcalico-default-allow`.
 * Every kind is one paged list, all lists at once.
 */
import {isJsonObject} from '../../json/json-object.js'
import {setOwn} from '../../json/own-property.js'
import type {PolicyResource, Profile} from '../../policy/types.js'
import {
  CALICO_API_VERSION,
  defaultAllowProfile,
  manifestForm,
  policyName,
  sortContext,
  STORED_CONTEXT_KINDS,
  type StoredContextKind,
} from '../context-kinds.js'
import {DatastoreUnavailableError, type PolicyContext} from '../datastore.js'
import {statusMessage, type ApiServerClient} from './api-server-client.js'
import {fromCalicoStorage, METADATA_ANNOTATION, type StorageGroup, type StoredObject} from './calico-storage.js'

const PAGE_SIZE = 500
/** Labels Calico's converter gives a namespace's profile and a service account's profile. */
const NAMESPACE_LABEL_PREFIX = 'pcns.'
const SERVICE_ACCOUNT_LABEL_PREFIX = 'pcsa.'
const NAME_LABEL = 'projectcalico.org/name'

/** Every context object in the store, in the readers' order (context-kinds.ts sortContext). */
export async function readKubernetesContext(client: ApiServerClient, group: StorageGroup): Promise<PolicyContext> {
  const [stored, namespaces, serviceAccounts] = await Promise.all([
    Promise.all(STORED_CONTEXT_KINDS.map(async kind => (await listAll(client, `apis/${group}/${kind.plural}`, kind.kind)).map(item => convert(item, kind, group)))),
    listAll(client, 'api/v1/namespaces', 'Namespace'),
    listAll(client, 'api/v1/serviceaccounts', 'ServiceAccount'),
  ])
  const resources: PolicyResource[] = stored.flat()
  resources.push(defaultAllowProfile())
  for (const ns of namespaces) resources.push(namespaceProfile(ns))
  for (const sa of serviceAccounts) resources.push(serviceAccountProfile(sa))
  return {resources: sortContext(resources), source: `${group} on ${client.server}`, holdsContext: true, derivedProfilesRead: true}
}

/** The v3 object for a stored custom resource of a context kind. */
export function convert(item: StoredObject, kind: StoredContextKind, group: StorageGroup): PolicyResource {
  const name = item.metadata.name
  if (group === 'projectcalico.org/v3') {
    return manifestForm(kind.kind, {...item.metadata, namespace: kind.namespaced ? item.metadata.namespace : undefined}, item.spec)
  }
  let savedName: string | undefined
  const encoded = item.metadata.annotations?.[METADATA_ANNOTATION]
  if (encoded !== undefined) {
    let saved: unknown
    try {
      saved = JSON.parse(encoded)
    } catch {
      throw new DatastoreUnavailableError(
        `${kind.kind}(${name}): the ${METADATA_ANNOTATION} annotation is not valid JSON; fix or delete that object with kubectl`,
      )
    }
    if (isJsonObject(saved) && typeof saved.name === 'string' && saved.name !== '') savedName = saved.name
  }
  // The HostEndpoint conversion is the one for every Calico kind: metadata merged from the annotation.
  const v3 = fromCalicoStorage(item, group)
  return manifestForm(
    kind.kind,
    {
      name: kind.policy ? policyName(name, item.spec, savedName) : name,
      namespace: kind.namespaced ? item.metadata.namespace : undefined,
      labels: v3.metadata.labels,
      annotations: v3.metadata.annotations,
    },
    item.spec,
  )
}

/** A Namespace's profile (Calico's NamespaceToProfile): allow all, its labels prefixed `pcns.` plus its name. */
export function namespaceProfile(ns: StoredObject): Profile {
  const labels = prefixed(ns.metadata.labels, NAMESPACE_LABEL_PREFIX)
  labels[NAMESPACE_LABEL_PREFIX + NAME_LABEL] = ns.metadata.name
  return {
    apiVersion: CALICO_API_VERSION,
    kind: 'Profile',
    metadata: {name: `kns.${ns.metadata.name}`},
    spec: {ingress: [{action: 'Allow'}], egress: [{action: 'Allow'}], labelsToApply: sorted(labels)},
  }
}

/** A ServiceAccount's profile (Calico's ServiceAccountToProfile): no rules, its labels prefixed `pcsa.` plus its name. */
export function serviceAccountProfile(sa: StoredObject): Profile {
  const labels = prefixed(sa.metadata.labels, SERVICE_ACCOUNT_LABEL_PREFIX)
  labels[SERVICE_ACCOUNT_LABEL_PREFIX + NAME_LABEL] = sa.metadata.name
  return {
    apiVersion: CALICO_API_VERSION,
    kind: 'Profile',
    metadata: {name: `ksa.${sa.metadata.namespace || 'default'}.${sa.metadata.name}`},
    spec: {labelsToApply: sorted(labels)},
  }
}

function prefixed(labels: Record<string, string> | undefined, prefix: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(labels ?? {})) setOwn(out, prefix + key, value)
  return out
}

function sorted(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(map).sort()) setOwn(out, key, map[key])
  return out
}

/**
 * Every item of a collection, in pages of PAGE_SIZE (a continue token that expired is answered by reading
 * the whole list again). A resource the server does not serve (its CRD not installed) is an empty list,
 * as for Calico.
 */
export async function listAll(client: ApiServerClient, path: string, what: string): Promise<StoredObject[]> {
  for (let restarts = 0; ; restarts++) {
    const items: StoredObject[] = []
    let token: string | undefined
    let expired = false
    do {
      const query = new URLSearchParams({limit: String(PAGE_SIZE)})
      if (token) query.set('continue', token)
      const {response} = await client.call('GET', `${path}?${query}`)
      if (response.status === 410 && restarts < 3) {
        expired = true
        break
      }
      if (response.status === 404) return []
      if (response.status !== 200) {
        const message = statusMessage(response) ?? (typeof response.body === 'string' ? response.body.trim().split('\n')[0] : '')
        throw new DatastoreUnavailableError(
          `the Kubernetes API server at ${client.server} failed to list ${what} objects: HTTP ${response.status}${message ? `: ${message}` : ''}`,
        )
      }
      const page = response.body as {metadata?: {continue?: string}; items?: StoredObject[]}
      for (const item of page.items ?? []) if (isJsonObject(item) && isJsonObject(item.metadata)) items.push(item)
      token = page.metadata?.continue || undefined
    } while (token)
    if (!expired) return items
  }
}
