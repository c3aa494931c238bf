import {promises as dns, type SrvRecord} from 'node:dns'
import {DatastoreUnavailableError} from '../datastore.js'

/**
 * etcd client endpoints from DNS SRV records, as etcd's clients do for `--discovery-srv`:
 * `_etcd-client-ssl._tcp.<domain>` gives https endpoints, `_etcd-client._tcp.<domain>` http ones.
 * Records are ordered by priority, then by weight (heaviest first).
 */
export async function discoverEtcdEndpoints(
  domain: string,
  resolveSrv: (name: string) => Promise<SrvRecord[]> = name => dns.resolveSrv(name),
): Promise<string[]> {
  const lookups = await Promise.allSettled([
    resolveSrv(`_etcd-client-ssl._tcp.${domain}`),
    resolveSrv(`_etcd-client._tcp.${domain}`),
  ])
  const endpoints: string[] = []
  const errors: string[] = []
  for (const [index, scheme] of (['https', 'http'] as const).entries()) {
    const lookup = lookups[index]
    if (lookup.status === 'rejected') {
      errors.push(String((lookup.reason as NodeJS.ErrnoException).code ?? lookup.reason))
      continue
    }
    const records = [...lookup.value].sort((a, b) => a.priority - b.priority || b.weight - a.weight)
    for (const r of records) endpoints.push(`${scheme}://${r.name.replace(/\.$/, '')}:${r.port}`)
  }
  if (endpoints.length === 0) {
    throw new DatastoreUnavailableError(
      `cannot discover etcd endpoints from the DNS SRV records of "${domain}" (_etcd-client-ssl._tcp, _etcd-client._tcp): ${[...new Set(errors)].join(', ') || 'no records'}`,
    )
  }
  return endpoints
}
