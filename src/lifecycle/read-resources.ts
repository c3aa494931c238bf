import type {Datastore} from '../datastore/datastore.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import type {LabelSelector} from '../model/label-selector.js'

/** The reads behind `get`: every object, or the named ones, filtered by a label selector. */

/** Every stored object that matches the selector (all without one), with the store's revision. */
export function listResources(store: Datastore, selector?: LabelSelector): Promise<{items: HostEndpoint[]; revision: string}> {
  return store.list({selector})
}

/**
 * The named objects, in the order of `names`, that match the selector, and the names that do not exist.
 * `revisions[i]`, where given, asks for the object as it was at that revision (where the backend can).
 */
export async function getResources(
  store: Datastore,
  names: readonly string[],
  options: {revisions?: readonly (string | undefined)[]; selector?: LabelSelector} = {},
): Promise<{found: HostEndpoint[]; missing: string[]}> {
  const {revisions = [], selector} = options
  const objects = await Promise.all(names.map((name, i) => store.get(name, {revision: revisions[i]})))
  const found: HostEndpoint[] = []
  const missing: string[] = []
  objects.forEach((object, i) => {
    if (!object) missing.push(names[i])
    else if (!selector || selector.matches(object.metadata.labels)) found.push(object)
  })
  return {found, missing}
}
