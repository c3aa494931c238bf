/**
 * `JSON.stringify(value, null, 2)` as a sequence of chunks, byte for byte the same text, so that a report with
 * a million problems never has to exist as one string (V8 caps a string at about 512 MiB). Arrays, and objects
 * holding an array, are walked; every other value is stringified whole (each one is small).
 */

/** Chunks are gathered up to about this many characters before they are yielded. */
export const CHUNK_CHARS = 64 * 1024

function walked(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true
  if (value === null || typeof value !== 'object' || typeof (value as {toJSON?: unknown}).toJSON === 'function') return false
  return Object.values(value).some(v => Array.isArray(v))
}

/** A value JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
}

function* pieces(value: unknown, indent: string): Generator<string> {
  if (!walked(value)) {
    const text = JSON.stringify(value, null, 2) ?? 'null'
    // Strings in JSON text never hold a raw newline, so every newline starts a nested line.
    yield indent === '' ? text : text.replace(/\n/g, `\n${indent}`)
    return
  }
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) { yield '[]'; return }
    yield '['
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`
      yield* pieces(omitted(value[i]) ? null : value[i], inner)
    }
    yield `\n${indent}]`
    return
  }
  const entries = Object.entries(value).filter(([, v]) => !omitted(v))
  if (entries.length === 0) { yield '{}'; return }
  yield '{'
  let first = true
  for (const [key, v] of entries) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `
    first = false
    yield* pieces(v, inner)
  }
  yield `\n${indent}}`
}

/** Gather small pieces into chunks of about `size` characters (one piece longer than that is yielded alone). */
export function* gathered(source: Iterable<string>, size = CHUNK_CHARS): Generator<string> {
  let buffer: string[] = []
  let length = 0
  for (const piece of source) {
    buffer.push(piece)
    length += piece.length
    if (length >= size) {
      yield buffer.join('')
      buffer = []
      length = 0
    }
  }
  if (length > 0) yield buffer.join('')
}

/** The text of `JSON.stringify(value, null, 2) + '\n'`, in chunks. */
export function jsonChunks(value: unknown, size = CHUNK_CHARS): Generator<string> {
  return gathered((function* () { yield* pieces(value, ''); yield '\n' })(), size)
}
