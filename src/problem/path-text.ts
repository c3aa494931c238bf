/**
 * The one notation for a path inside a resource, in messages and reports alike: keys that are identifiers
 * (`[A-Za-z_][A-Za-z0-9_]*`) after a dot, indices in brackets, any other key as a JSON string in brackets:
 * `spec.ports[0].port`, `metadata.labels["app-name"]`, `metadata.labels["example.com/tier"]`. A path so
 * written names exactly one place.
 */
import type {PathSegment} from './problem.js'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

export function formatPath(path: readonly PathSegment[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}
