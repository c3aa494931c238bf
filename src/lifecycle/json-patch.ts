import {deepEqual} from '../json/deep-equal.js'
import {isJsonObject} from '../json/json-object.js'
import {setOwn} from '../json/own-property.js'

/**
 * RFC 6902 JSON Patch over JSON data, with RFC 6901 JSON Pointers (`~1` is `/`, `~0` is `~`, `-` is the end of
 * an array for `add`). Operations apply in order to a copy; the first one that cannot apply stops the patch and
 * nothing of it is kept. Keys such as `__proto__` are ordinary data here.
 */

export type JsonPatchOperation =
  | {op: 'add' | 'replace' | 'test'; path: string; value: unknown}
  | {op: 'remove'; path: string}
  | {op: 'move' | 'copy'; from: string; path: string}

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const

/** Why a patch document or one of its operations is wrong: which operation (0-based), and what is wrong. */
export class JsonPatchError extends Error {
  constructor(
    readonly index: number | undefined,
    readonly operation: string | undefined,
    readonly detail: string,
  ) {
    super(index === undefined ? detail : `patch[${index}]${operation ? ` (${operation})` : ''}: ${detail}`)
  }
}

/** The reference tokens of a JSON Pointer; `""` (the whole document) has none. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new Error(`${JSON.stringify(pointer)} is not a JSON Pointer: it must be empty or start with "/"`)
  return pointer
    .slice(1)
    .split('/')
    .map(token => {
      if (/~(?![01])/.test(token)) throw new Error(`${JSON.stringify(pointer)} is not a JSON Pointer: "~" must be followed by 0 or 1 (write ~0 for "~", ~1 for "/")`)
      return token.replace(/~1/g, '/').replace(/~0/g, '~')
    })
}

/** Reads and checks a patch document (already parsed from JSON): an array of operations with their members. */
export function parseJsonPatch(document: unknown): JsonPatchOperation[] {
  if (!Array.isArray(document)) {
    throw new JsonPatchError(undefined, undefined, `a JSON patch is an array of operations, e.g. '[{"op":"replace","path":"/spec/node","value":"n1"}]'; found ${describe(document)}`)
  }
  return document.map((item, index): JsonPatchOperation => {
    if (!isJsonObject(item)) throw new JsonPatchError(index, undefined, `an operation is an object with "op" and "path"; found ${describe(item)}`)
    const op = item.op
    if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) {
      throw new JsonPatchError(index, undefined, `"op" must be one of ${OPS.join(', ')}; found ${describe(op)}`)
    }
    const pointer = (member: 'path' | 'from'): string => {
      const value = item[member]
      if (typeof value !== 'string') throw new JsonPatchError(index, op, `"${member}" must be a JSON Pointer string; found ${describe(value)}`)
      try {
        parsePointer(value)
      } catch (error) {
        throw new JsonPatchError(index, `${op} ${value}`, `"${member}": ${(error as Error).message}`)
      }
      return value
    }
    const path = pointer('path')
    switch (op) {
      case 'add':
      case 'replace':
      case 'test':
        if (!Object.prototype.hasOwnProperty.call(item, 'value')) throw new JsonPatchError(index, `${op} ${path}`, '"value" is missing')
        return {op, path, value: item.value}
      case 'remove':
        return {op, path}
      default: {
        const from = pointer('from')
        return {op: op as 'move' | 'copy', from, path}
      }
    }
  })
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'an array'
  if (isJsonObject(value)) return 'an object'
  return JSON.stringify(value)
}

type Container = Record<string, unknown> | unknown[]

/** An array index token: `0`, or digits without a leading zero. */
function arrayIndex(token: string, length: number, forAdd: boolean): number {
  if (forAdd && token === '-') return length
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`${JSON.stringify(token)} is not an array index${forAdd ? ' (a number, or - for the end)' : ''}`)
  const index = Number(token)
  const last = forAdd ? length : length - 1
  if (index > last) throw new Error(`index ${index} is out of range: the array has ${length} item(s)`)
  return index
}

function has(container: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(container, key)
}

/** The container holding the pointer's last token (every step before it must exist). */
function parentOf(doc: unknown, tokens: readonly string[]): Container {
  let node: unknown = doc
  for (const [i, token] of tokens.slice(0, -1).entries()) {
    const where = '/' + tokens.slice(0, i + 1).map(t => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false)]
    else if (isJsonObject(node) && has(node, token)) node = node[token]
    else throw new Error(`${where} does not exist`)
  }
  if (!Array.isArray(node) && !isJsonObject(node)) throw new Error(`the parent of the target is ${describe(node)}, not an object or an array`)
  return node
}

function getAt(doc: unknown, tokens: readonly string[], pointer: string): unknown {
  if (tokens.length === 0) return doc
  const parent = parentOf(doc, tokens)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false)]
  if (!has(parent, last)) throw new Error(`${pointer} does not exist`)
  return parent[last]
}

/** Adds (or, for an object member, sets) the value; returns the new document (changed when the root is the target). */
function addAt(doc: unknown, tokens: readonly string[], value: unknown): unknown {
  if (tokens.length === 0) return value
  const parent = parentOf(doc, tokens)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value)
  else setOwn(parent, last, value)
  return doc
}

function removeAt(doc: unknown, tokens: readonly string[], pointer: string): unknown {
  if (tokens.length === 0) throw new Error('the whole document cannot be removed')
  const parent = parentOf(doc, tokens)
  const last = tokens[tokens.length - 1]
  if (Array.isArray(parent)) {
    const [removed] = parent.splice(arrayIndex(last, parent.length, false), 1)
    return removed
  }
  if (!has(parent, last)) throw new Error(`${pointer} does not exist`)
  const removed = parent[last]
  delete parent[last]
  return removed
}

/** Applies the operations in order to a copy of `target`; throws JsonPatchError naming the operation that failed. */
export function applyJsonPatch(target: unknown, operations: readonly JsonPatchOperation[]): unknown {
  let doc = structuredClone(target)
  operations.forEach((operation, index) => {
    const {op, path} = operation
    const label = 'from' in operation ? `${op} ${operation.from} to ${path}` : `${op} ${path}`
    try {
      const tokens = parsePointer(path)
      switch (operation.op) {
        case 'add':
          doc = addAt(doc, tokens, structuredClone(operation.value))
          break
        case 'remove':
          removeAt(doc, tokens, path)
          break
        case 'replace':
          getAt(doc, tokens, path)
          if (tokens.length === 0) {
            doc = structuredClone(operation.value)
          } else {
            removeAt(doc, tokens, path)
            doc = addAt(doc, tokens, structuredClone(operation.value))
          }
          break
        case 'test': {
          const found = getAt(doc, tokens, path)
          if (!deepEqual(found, operation.value)) {
            throw new Error(`test failed: the value is ${JSON.stringify(found)}, the patch expects ${JSON.stringify(operation.value)}`)
          }
          break
        }
        case 'move': {
          const from = parsePointer(operation.from)
          if (operation.from === path) break
          if (path.startsWith(operation.from + '/')) throw new Error(`${operation.from} cannot be moved into itself`)
          const value = removeAt(doc, from, operation.from)
          doc = addAt(doc, tokens, value)
          break
        }
        case 'copy': {
          const value = getAt(doc, parsePointer(operation.from), operation.from)
          doc = addAt(doc, tokens, structuredClone(value))
          break
        }
      }
    } catch (error) {
      if (error instanceof JsonPatchError) throw error
      throw new JsonPatchError(index, label, (error as Error).message)
    }
  })
  return doc
}
