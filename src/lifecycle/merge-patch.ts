import {isJsonObject} from '../json/json-object.js'

/**
 * RFC 7386 JSON merge patch: objects merge recursively, `null` removes a key, anything else (lists
 * included) replaces the target wholesale. Keys such as `__proto__` are ordinary data here.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return structuredClone(patch)
  const result: Record<string, unknown> = isJsonObject(target) ? {...target} : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key]
    } else {
      Object.defineProperty(result, key, {
        value: applyMergePatch(result[key], value),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  }
  return result
}

