/**
 * A problem while it is being found: its path is in the normalized object, and its position is looked up only
 * when the problem is reported.
 */
import type {Problem, PathSegment} from '../problem/problem.js'

export interface Finding extends Pick<Problem, 'severity' | 'code' | 'message' | 'path'> {
  /** Point at the key rather than the value (unknown or misspelt fields). */
  target?: 'key' | 'value'
  /** Path in the source as written, when it differs from `path` and is already known. */
  sourcePath?: PathSegment[]
  /** For a problem inside a string value (a selector's bad token): the string and the character's offset. */
  inString?: {value: string; offset: number}
}
