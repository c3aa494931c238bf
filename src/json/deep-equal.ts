/** Structural equality of JSON data; object key order does not matter, array order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]))
  }
  const aKeys = Object.keys(a).filter(k => (a as Record<string, unknown>)[k] !== undefined)
  const bKeys = Object.keys(b).filter(k => (b as Record<string, unknown>)[k] !== undefined)
  if (aKeys.length !== bKeys.length) return false
  return aKeys.every(
    k => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  )
}
