/**
 * A problem while it is being found: its path is still a list of segments in the normalized object, and its
 * position is looked up only when the problem is reported.
 */
import type {PathSegment} from '../manifest/types.js'
import type {Severity} from './problem.js'

export interface Finding {
  severity: Severity
  code: string
  message: string
  /** Path in the normalized (canonical) object. */
  path: PathSegment[]
  /** Point at the key rather than the value (unknown or misspelt fields). */
  target?: 'key' | 'value'
  /** Path in the source as written, when it differs from `path` and is already known. */
  sourcePath?: PathSegment[]
}
