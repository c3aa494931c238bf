import {ResourceError} from '../datastore/datastore.js'
import {displayName} from '../datastore/resource-name.js'

/** What `get NAME...` prints on stderr for names that do not exist: calicoctl's error line for each. */
export function missingNamesText(names: readonly string[]): string {
  return names.map(name => ResourceError.notFound(displayName(name)).message).join('\n')
}
