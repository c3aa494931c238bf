/** What `trace` and `describe` say about their input: where a step came from, and what a datastore cannot tell. */
import type {FieldPath, ResourceRef} from '../policy/types.js'

export interface Located {
  file: string
  line: number
  column?: number
}

/** `file:line:column`, as validate names a position. */
export function locationText(at: Located): string {
  return at.column === undefined ? `${at.file}:${at.line}` : `${at.file}:${at.line}:${at.column}`
}

/** The note printed on stderr when the resources come from the datastore rather than from -f. */
export function datastoreContextNote(kindsRead: readonly string[]): string {
  return `note: without -f only ${kindsRead.join(', ')} resources are read from the datastore; its policies, tiers, ` +
    'profiles, FelixConfiguration and network sets are not known to this answer, so it reflects only the failsafe ' +
    'defaults and the built-in profile projectcalico-default-allow (any other profile counts as missing: deny all). ' +
    'Give the policies with -f for the whole answer.'
}

/** Where a resource, or a field of it, was written; undefined when it was not read from a file. */
export type Locator = (ref: ResourceRef, path?: FieldPath) => Located | undefined
