/**
 * The policy context around the HostEndpoints: read from the configured datastore (read-only), and merged
 * with the context kinds given as input, so that a change can be judged against the live cluster before
 * it is merged.
 */
import type {Datastore, PolicyContext} from '../datastore/datastore.js'
import type {PolicyResource} from '../policy/types.js'
import type {Problem} from '../problem/problem.js'

/** The stored context, checked: the objects that pass Calico's rules for their kind, and the errors of the others. */
export interface CheckedContext extends PolicyContext {
  /**
   * The errors of each stored object (by contextKey) that fails its kind's schema or Calico's rules (written
   * past Calico's validation, with kubectl or etcdctl). Such an object is left out of `resources`: what Felix
   * makes of it cannot be predicted. Each message names the object and where it is stored; there is no file.
   */
  invalid: Map<string, Problem[]>
}

/** Checks the stored objects as manifests are checked (src/validation/stored-context.ts; validation sits above this room). */
export type ContextCheck = (context: PolicyContext) => CheckedContext

/**
 * The context kinds the store holds, as projectcalico.org/v3 objects. A store that cannot hold them (the
 * file store) gives an empty context with `holdsContext: false`. Throws DatastoreUnavailableError when the
 * store cannot be read.
 */
export async function readContext(store: Datastore, check: ContextCheck): Promise<CheckedContext> {
  if (!store.readPolicyContext) return {resources: [], source: `${store.type} ${store.location}`, holdsContext: false, invalid: new Map()}
  return check(await store.readPolicyContext())
}

/** The errors of the invalid stored objects that no object of `input` replaces (same kind, namespace, name). */
export function storedProblems(context: CheckedContext, input: readonly PolicyResource[]): Problem[] {
  const replaced = new Set(input.map(contextKey))
  return [...context.invalid].filter(([key]) => !replaced.has(key)).flatMap(([, problems]) => problems)
}

/** Kinds whose objects live in a namespace (`default` when a manifest leaves it out, as calicoctl does). */
const NAMESPACED = new Set<string>(['NetworkPolicy'])

/** The identity of an object: kind, namespace (namespaced kinds only) and name. */
export function contextKey(resource: PolicyResource): string {
  const namespace = NAMESPACED.has(resource.kind) ? resource.metadata.namespace || 'default' : ''
  return `${resource.kind}/${namespace}/${resource.metadata.name}`
}

/**
 * The stored context with the input laid over it: an input object replaces the stored object of the same
 * kind, name and namespace; stored objects the input does not name stay; input objects the store does not
 * hold are added. Stored objects keep their order, then the new input objects follow in input order. Pure.
 */
export function mergeContext(input: readonly PolicyResource[], stored: readonly PolicyResource[]): PolicyResource[] {
  const fromInput = new Map<string, PolicyResource>()
  for (const resource of input) fromInput.set(contextKey(resource), resource)
  const out: PolicyResource[] = []
  const placed = new Set<string>()
  for (const resource of stored) {
    const key = contextKey(resource)
    const replacement = fromInput.get(key)
    if (replacement === undefined) out.push(resource)
    else if (!placed.has(key)) {
      out.push(replacement)
      placed.add(key)
    }
  }
  for (const [key, resource] of fromInput) if (!placed.has(key)) out.push(resource)
  return out
}
