/**
 * Display paths for problems: `spec.ports[0].port`, `metadata.labels["example.com/tier"]`. Keys that are not
 * plain identifiers are quoted, so a path always names exactly one place.
 */
import type {PathSegment} from '../manifest/types.js'

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

/** A JSON Pointer (ajv's instancePath) as path segments; array indices become numbers where the data is an array. */
export function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return []
  const path: PathSegment[] = []
  let node: unknown = root
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(node)) {
      const index = Number(key)
      path.push(index)
      node = node[index]
    } else {
      path.push(key)
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
    }
  }
  return path
}
