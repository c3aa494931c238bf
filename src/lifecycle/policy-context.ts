import type {Datastore} from '../datastore/datastore.js'
import type {PolicyResource} from '../policy/types.js'
import {mergeContext, readContext} from './read-context.js'

/** What a datastore gives the policy analysis (trace, describe), and what it cannot give yet. */
export interface PolicyContext {
  resources: PolicyResource[]
  /** The kinds that were read; every other kind the analysis uses is unknown to it. */
  kindsRead: PolicyResource['kind'][]
}

const CONTEXT_KINDS: PolicyResource['kind'][] = [
  'GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy', 'NetworkPolicy', 'Tier', 'Profile', 'FelixConfiguration', 'GlobalNetworkSet',
]

/**
 * The resources of the configured datastore that `trace` and `describe` read: its HostEndpoints and, from a
 * store that holds them (Kubernetes, etcd), the context kinds as Calico stores them (read-only). The file
 * store holds only endpoints, so there the analysis knows them and the profiles Calico builds in.
 */
export async function readPolicyContext(store: Datastore): Promise<PolicyContext> {
  const [{items}, stored] = await Promise.all([store.list(), readContext(store)])
  const endpoints = items as PolicyResource[]
  if (!stored.holdsContext) return {resources: endpoints, kindsRead: ['HostEndpoint']}
  return {resources: [...endpoints, ...stored.resources], kindsRead: ['HostEndpoint', ...CONTEXT_KINDS]}
}

/**
 * The input of `trace` or `describe` with the stored context laid under it: input objects replace stored
 * context objects of the same kind and name; stored HostEndpoints are not added (the input names its own).
 */
export async function readContextUnder(store: Datastore, input: readonly PolicyResource[]): Promise<PolicyResource[]> {
  const stored = await readContext(store)
  const endpoints = input.filter(r => r.kind === 'HostEndpoint')
  const context = input.filter(r => r.kind !== 'HostEndpoint')
  return [...endpoints, ...mergeContext(context, stored.resources)]
}
