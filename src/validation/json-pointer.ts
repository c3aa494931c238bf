/** ajv's instancePath (a JSON Pointer) as the segments of a problem's path. */
import type {PathSegment} from '../problem/problem.js'

/** A JSON Pointer as path segments; array indices become numbers where the data is an array. */
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
