import type {Datastore} from '../datastore/datastore.js'
import type {PolicyResource} from '../policy/types.js'

/** What a datastore gives the policy analysis (trace, describe), and what it cannot give yet. */
export interface PolicyContext {
  resources: PolicyResource[]
  /** The kinds that were read; every other kind the analysis uses is unknown to it. */
  kindsRead: PolicyResource['kind'][]
}

/**
 * The resources of the configured datastore that `trace` and `describe` read. Every datastore holds
 * HostEndpoints; policies, tiers, profiles, FelixConfiguration and network sets are not read from one yet, so
 * the analysis knows only the endpoints (and the profiles Calico builds in).
 */
export async function readPolicyContext(store: Datastore): Promise<PolicyContext> {
  const {items} = await store.list()
  return {resources: items as PolicyResource[], kindsRead: ['HostEndpoint']}
}
