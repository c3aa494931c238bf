import {FAST_MAX_DEPTH, GIVE_UP, isSpecialWide, type PositionTrace} from './fast-result.js'
import {exactPlainValue} from './yaml11-scalar.js'

/**
 * A strict JSON reader for documents that start with `{` or `[`. Unlike JSON.parse it notices duplicate keys
 * (it gives up, and the full parser reports them with positions), resolves numbers as calicoctl's YAML parser
 * does (JSON is read as YAML there), and records where a List's items start.
 */

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/

const ESCAPES: Record<string, string> = {'"': '"', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'}

/** Items of the arrays being read, as one stack, so that each array is made at its exact size. */
const jsonItemStack: unknown[] = []

class JsonReader {
  rootItems: number[] | undefined
  listItems: number[] | undefined
  private path = ''

  constructor(
    private readonly t: string,
    private pos: number,
    private readonly end: number,
    private line: number,
    private lineStart: number,
    /** When set, where every node is (see PositionTrace). */
    private readonly trace: PositionTrace | undefined,
  ) {}

  /** Note where the child `seg` of the current node is; returns its path. */
  private mark(seg: string | number, kl: number, kc: number): string {
    const path = `${this.path}\u0001${seg}`
    this.trace!.set(path, [kl, kc, this.line, this.pos - this.lineStart + 1])
    return path
  }

  private ws(): void {
    const t = this.t
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos)
      if (c === 32 || c === 9 || c === 13) this.pos++
      else if (c === 10) {
        this.pos++
        this.line++
        this.lineStart = this.pos
      } else return
    }
  }

  document(): unknown {
    this.rootItems = this.t.charCodeAt(this.pos) === 91 ? [] : undefined
    const value = this.value(0, this.rootItems)
    this.ws()
    if (this.pos < this.end) throw GIVE_UP
    return value
  }

  private value(depth: number, record: number[] | undefined): unknown {
    if (depth > FAST_MAX_DEPTH) throw GIVE_UP
    const t = this.t
    const c = t.charCodeAt(this.pos)
    if (c === 123) return this.object(depth)
    if (c === 91) return this.array(depth, record)
    if (c === 34) return this.string()
    let i = this.pos
    while (i < this.end) {
      const d = t.charCodeAt(i)
      if ((d >= 48 && d <= 57) || (d >= 97 && d <= 122) || d === 45 || d === 43 || d === 46 || d === 69) i++
      else break
    }
    const raw = t.slice(this.pos, i)
    if (raw !== 'true' && raw !== 'false' && raw !== 'null' && !NUMBER.test(raw)) throw GIVE_UP
    this.pos = i
    const value = exactPlainValue(raw)
    if (value === GIVE_UP) throw GIVE_UP
    return value
  }

  private object(depth: number): Record<string, unknown> {
    const t = this.t
    const obj: Record<string, unknown> = {}
    this.pos++
    this.ws()
    if (t.charCodeAt(this.pos) === 125) {
      this.pos++
      return obj
    }
    const parent = this.path
    for (;;) {
      if (t.charCodeAt(this.pos) !== 34) throw GIVE_UP
      const kl = this.line
      const kc = this.pos - this.lineStart + 1
      const key = this.string()
      if (obj[key] !== undefined) throw GIVE_UP
      this.ws()
      // A key's `:` on a later line is refused by libyaml (its keys are on one line): the full reader says so.
      if (t.charCodeAt(this.pos) !== 58 || this.line !== kl) throw GIVE_UP
      this.pos++
      this.ws()
      let record: number[] | undefined
      if (depth === 0 && key === 'items' && t.charCodeAt(this.pos) === 91) record = this.listItems = []
      if (this.trace) this.path = this.mark(key, kl, kc)
      obj[key] = this.value(depth + 1, record)
      this.path = parent
      this.ws()
      const c = t.charCodeAt(this.pos)
      this.pos++
      if (c === 125) return obj
      if (c !== 44) throw GIVE_UP
      this.ws()
    }
  }

  private array(depth: number, record: number[] | undefined): unknown[] {
    const t = this.t
    const base = jsonItemStack.length
    this.pos++
    this.ws()
    if (t.charCodeAt(this.pos) === 93) {
      this.pos++
      return []
    }
    const parent = this.path
    for (;;) {
      record?.push(this.line, this.pos - this.lineStart + 1, this.pos, 0)
      if (this.trace) this.path = this.mark(jsonItemStack.length - base, 0, 0)
      jsonItemStack.push(this.value(depth + 1, undefined))
      this.path = parent
      if (record) record[record.length - 1] = this.pos
      this.ws()
      const c = t.charCodeAt(this.pos)
      this.pos++
      if (c === 93) {
        const arr = jsonItemStack.slice(base)
        jsonItemStack.length = base
        return arr
      }
      if (c !== 44) throw GIVE_UP
      this.ws()
    }
  }

  private string(): string {
    const t = this.t
    let out = ''
    let seg = this.pos + 1
    for (let i = seg; ; i++) {
      if (i >= this.end) throw GIVE_UP
      const c = t.charCodeAt(i)
      if (c === 34) {
        this.pos = i + 1
        return out + t.slice(seg, i)
      }
      if (c === 92) {
        out += t.slice(seg, i)
        const letter = t[i + 1]
        if (letter === 'u') {
          const hex = t.slice(i + 2, i + 6)
          if (i + 6 > this.end || !/^[0-9a-fA-F]{4}$/.test(hex)) throw GIVE_UP
          const code = Number.parseInt(hex, 16)
          // go-yaml refuses surrogate escapes (the full reader says so).
          if (code >= 0xd800 && code <= 0xdfff) throw GIVE_UP
          out += String.fromCharCode(code)
          i += 5
        } else {
          const e = ESCAPES[letter]
          if (e === undefined || !Object.hasOwn(ESCAPES, letter)) throw GIVE_UP
          out += e
          i += 1
        }
        seg = i + 1
      } else if (c < 32 || (c >= 0x7f && isSpecialWide(c))) {
        throw GIVE_UP
      }
    }
  }
}

/** Read a JSON document starting at `start`, or throw GIVE_UP. */
export function readJsonDocument(
  text: string, start: number, end: number, line: number, lineStart: number, trace?: PositionTrace,
): {value: unknown; empty: boolean; rootItems?: number[]; listItems?: number[]} {
  const reader = new JsonReader(text, start, end, line, lineStart, trace)
  let value: unknown
  try {
    value = reader.document()
  } finally {
    jsonItemStack.length = 0
  }
  return {value, empty: false, rootItems: reader.rootItems, listItems: reader.listItems}
}
