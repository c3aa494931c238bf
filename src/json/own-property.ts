/**
 * Sets a key as an own property, whatever its name: `obj.__proto__ = v` would replace the prototype instead of
 * storing a key, so data from manifests, patches or a server never changes what an object is.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, {value, writable: true, enumerable: true, configurable: true})
  else obj[key] = value
}
