import type {Datastore} from '../datastore/datastore.js'
import type {PolicyResource} from '../policy/types.js'
import type {Problem} from '../problem/problem.js'
import {type ContextCheck, mergeContext, readContext, storedProblems} from './read-context.js'

/** What a datastore gives the policy analysis (trace, describe), and what it cannot give yet. */
export interface PolicyContext {
  resources: PolicyResource[]
  /** The kinds that were read; every other kind the analysis uses is unknown to it. */
  kindsRead: PolicyResource['kind'][]
  /** The errors of stored objects that fail their kind's validation (left out of `resources`). */
  problems: Problem[]
  /** The profiles Calico derives from Kubernetes were read (PolicyModel.derivedProfilesRead). */
  derivedProfilesRead: boolean
}

const CONTEXT_KINDS: PolicyResource['kind'][] = [
  'GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy', 'NetworkPolicy', 'Tier', 'Profile', 'FelixConfiguration', 'GlobalNetworkSet',
]

/**
 * The resources of the configured datastore that `trace` and `describe` read: its HostEndpoints and, from a
 * store that holds them (Kubernetes, etcd), the context kinds as Calico stores them (read-only). The file
 * store holds only endpoints, so there the analysis knows them and the profiles Calico builds in.
 */
export async function readPolicyContext(store: Datastore, check: ContextCheck): Promise<PolicyContext> {
  const [{items}, stored] = await Promise.all([store.list(), readContext(store, check)])
  const endpoints = items as PolicyResource[]
  if (!stored.holdsContext) return {resources: endpoints, kindsRead: ['HostEndpoint'], problems: [], derivedProfilesRead: false}
  return {resources: [...endpoints, ...stored.resources], kindsRead: ['HostEndpoint', ...CONTEXT_KINDS], problems: storedProblems(stored, []), derivedProfilesRead: stored.derivedProfilesRead === true}
}

/**
 * The input of `trace` or `describe` with the stored context laid under it: input objects replace stored
 * context objects of the same kind and name; stored HostEndpoints are not added (the input names its own).
 */
export async function readContextUnder(store: Datastore, input: readonly PolicyResource[], check: ContextCheck): Promise<Omit<PolicyContext, 'kindsRead'>> {
  const stored = await readContext(store, check)
  const endpoints = input.filter(r => r.kind === 'HostEndpoint')
  const context = input.filter(r => r.kind !== 'HostEndpoint')
  // A stored object the input replaces is not read, so its problems do not count.
  return {
    resources: [...endpoints, ...mergeContext(context, stored.resources)],
    problems: storedProblems(stored, context),
    derivedProfilesRead: stored.derivedProfilesRead === true,
  }
}
