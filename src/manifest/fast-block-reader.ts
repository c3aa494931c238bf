import {FAST_MAX_DEPTH, type FastDocument, GIVE_UP, isSpecialWide, type PositionTrace} from './fast-result.js'
import {readJsonDocument} from './fast-json-reader.js'
import {exactPlainValue, keyText, plainKeyText, resolvePlainScalar} from './yaml11-scalar.js'

/**
 * A fast reader for the block-style subset of YAML that manifests are written in: block mappings and
 * sequences, single-line plain, single- and double-quoted scalars, single-line flow collections of them
 * (`[]`, `{}`, `[a, "b"]`), comments, `key: value` and `- item`. Anything else (anchors, aliases, tags, block
 * scalars, multi-line scalars, complex or merge keys, directives, tabs, duplicate or prototype-like keys)
 * makes it give up, and the full YAML parser decides. A document that starts with `{` or `[` is read as JSON.
 */

/** Characters that cannot start a plain scalar (or that we leave to the full parser). */
const INDICATOR = new Uint8Array(128)
for (const c of '?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1

/**
 * Recently seen keys and short values, by (first character, last character, length): manifests repeat the
 * same keys and many values. A text found here was checked when it was first read, so a hit skips scanning,
 * slicing and resolving it again, and all copies share one string.
 */
class TextCache {
  private readonly texts: Array<string | undefined> = new Array(4096)
  private readonly values: unknown[] = new Array(4096)

  private slot(t: string, start: number, end: number): number {
    return ((t.charCodeAt(start) * 31 + t.charCodeAt(end - 1)) * 61 + (end - start) * 7) & 4095
  }

  /** The value stored for the text `t[start, end)`, or MISS. */
  get(t: string, start: number, end: number): unknown {
    const slot = this.slot(t, start, end)
    const known = this.texts[slot]
    return known !== undefined && known.length === end - start && t.startsWith(known, start) ? this.values[slot] : MISS
  }

  clear(): void {
    this.texts.fill(undefined)
    this.values.fill(undefined)
  }

  set(t: string, start: number, text: string, value: unknown): void {
    const slot = this.slot(t, start, start + text.length)
    this.texts[slot] = text
    this.values[slot] = value
  }
}

const MISS = Symbol('miss')
const keyCache = new TextCache()
const valueCache = new TextCache()
/** Longest value kept in the cache (longer values are mostly unique). */
const CACHE_MAX_LENGTH = 24

/**
 * Drop the remembered keys and values: they may be slices that keep a whole source text alive, and the
 * caller may be done with it.
 */
export function forgetRecentText(): void {
  keyCache.clear()
  valueCache.clear()
}

/** The resolved key text for the plain key `t[start, end)`, already checked. */
function plainKey(t: string, start: number, end: number): string {
  const raw = t.slice(start, end)
  if (raw === '<<') throw GIVE_UP
  const resolved = resolvePlainScalar(raw)
  // calicoctl refuses null keys: the full reader says so.
  if (resolved === null) throw GIVE_UP
  const key = typeof resolved === 'number' ? plainKeyText(raw) : keyText(resolved)
  keyCache.set(t, start, raw, key)
  return key
}

/** The resolved value of the plain scalar `t[start, end)`, already checked. */
function plainValue(t: string, start: number, end: number): unknown {
  const raw = t.slice(start, end)
  const value = exactPlainValue(raw)
  if (value === GIVE_UP) throw GIVE_UP
  if (end - start <= CACHE_MAX_LENGTH) valueCache.set(t, start, raw, value)
  return value
}

/**
 * Fill in where each recorded item ends: at the start of the line of the next item, the last one at `end`.
 * Spans are flat [line, column, start, end] tuples.
 */
function closeSpans(t: string, spans: number[], end: number): void {
  for (let k = 0; k < spans.length; k += 4) {
    spans[k + 3] = k + 4 < spans.length ? t.lastIndexOf('\n', spans[k + 6] - 1) + 1 : end
  }
}

/**
 * Items of the sequences being read, as one stack: each sequence becomes an exact-size array at its end
 * (growing an array item by item would leave most of its capacity unused, which adds up over many documents).
 */
const itemStack: unknown[] = []

class BlockReader {
  /** The current content line: its start, first non-space character, content end (before CR), and LF. */
  private lineStart = 0
  private cs = 0
  private ce = 0
  private le = 0
  private indent = -1
  private eof = false
  /** Index just after a key's `:`, or after a quoted scalar's closing quote. */
  private kp = 0
  private qe = 0
  /** Where the next sequence records its items' positions (top level, or a List's items). */
  private record: number[] | undefined
  rootItems: number[] | undefined
  listItems: number[] | undefined
  /**
   * When set, positions of every node by path (see PositionTrace); `path` is the key of the node being read.
   * Only documents that need positions are read this way.
   */
  trace: PositionTrace | undefined
  private path = ''

  constructor(private readonly text: string, private readonly end: number, public line: number) {}

  /** Note where the child `seg` of the current node is: its key (0 for none) and its value. */
  private mark(seg: string | number, kl: number, kc: number, vl: number, vc: number): string {
    const path = `${this.path}\u0001${seg}`
    this.trace!.set(path, [kl, kc, vl, vc])
    return path
  }

  /** Load the first content line at or after `pos`, skipping blank and comment lines. */
  load(pos: number): void {
    const t = this.text
    const end = this.end
    for (;;) {
      if (pos >= end) {
        this.eof = true
        this.indent = -1
        return
      }
      let i = pos
      while (i < end && t.charCodeAt(i) === 32) i++
      let le = t.indexOf('\n', i)
      if (le === -1 || le > end) le = end
      const c = i < end ? t.charCodeAt(i) : 10
      if (c === 10 || c === 35 || (c === 13 && i + 1 === le)) {
        pos = le + 1
        this.line++
        continue
      }
      if (c === 9) throw GIVE_UP
      this.lineStart = pos
      this.cs = i
      this.le = le
      this.ce = le > i && t.charCodeAt(le - 1) === 13 ? le - 1 : le
      this.indent = i - pos
      return
    }
  }

  private next(): void {
    this.line++
    this.load(this.le + 1)
  }

  private isDash(p: number): boolean {
    return this.text.charCodeAt(p) === 45 && (p + 1 === this.ce || this.text.charCodeAt(p + 1) === 32)
  }

  /** The whole document, from the current line. */
  document(): FastDocument {
    const t = this.text
    if (!this.eof && this.indent === 0 && t.startsWith('---', this.cs) && (this.cs + 3 === this.ce || t.charCodeAt(this.cs + 3) === 32)) {
      let p = this.cs + 3
      while (p < this.ce && t.charCodeAt(p) === 32) p++
      if (p < this.ce && t.charCodeAt(p) !== 35) throw GIVE_UP
      this.next()
    }
    if (this.eof) return {value: null, empty: true, line: this.line, column: 1}
    const line = this.line
    const column = this.cs - this.lineStart + 1
    const c = t.charCodeAt(this.cs)
    this.trace?.set('', [0, 0, line, column])
    if (c === 123 || c === 91) {
      const json = readJsonDocument(t, this.cs, this.end, line, this.lineStart, this.trace)
      return {...json, line, column}
    }
    if (this.indent === 0 && t.startsWith('...', this.cs)) throw GIVE_UP
    if (this.isDash(this.cs)) this.record = this.rootItems = []
    const value = this.node(0)
    if (!this.eof) throw GIVE_UP
    return {
      value, empty: false, line, column,
      rootItems: Array.isArray(value) ? this.rootItems : undefined,
      listItems: this.listItems,
    }
  }

  /** A block node that starts at the current line. */
  private node(depth: number): unknown {
    if (depth > FAST_MAX_DEPTH) throw GIVE_UP
    if (this.isDash(this.cs)) return this.seq(this.indent, depth)
    const key = this.key()
    if (key === undefined) throw GIVE_UP
    return this.map(this.indent, depth, key)
  }

  /** A block mapping at indent `n`; the current line's key is already read. */
  private map(n: number, depth: number, firstKey: string): Record<string, unknown> {
    const t = this.text
    const obj: Record<string, unknown> = {}
    let key: string | undefined = firstKey
    this.record = undefined
    const parent = this.path
    for (;;) {
      if (key === undefined || obj[key] !== undefined) throw GIVE_UP
      const kl = this.line
      const kc = this.cs - this.lineStart + 1
      let p = this.kp
      while (p < this.ce && t.charCodeAt(p) === 32) p++
      let value: unknown
      if (p === this.ce || t.charCodeAt(p) === 35) {
        this.next()
        const nested = !this.eof && (this.indent > n || (this.indent === n && this.isDash(this.cs)))
        if (this.trace) {
          this.path = nested ? this.mark(key, kl, kc, this.line, this.cs - this.lineStart + 1) : parent
          if (!nested) this.mark(key, kl, kc, kl, kc)
        }
        if (nested && this.indent > n) {
          if (depth === 0 && key === 'items') this.record = this.listItems = []
          value = this.node(depth + 1)
        } else if (nested) {
          if (depth === 0 && key === 'items') this.record = this.listItems = []
          value = this.seq(n, depth + 1)
        } else {
          value = null
        }
        this.path = parent
      } else {
        if (this.trace) this.path = this.mark(key, kl, kc, kl, p - this.lineStart + 1)
        value = this.scalar(p)
        this.path = parent
        this.next()
        if (!this.eof && this.indent > n) throw GIVE_UP
      }
      obj[key] = value
      if (this.eof || this.indent < n) return obj
      if (this.indent > n) throw GIVE_UP
      key = this.key()
    }
  }

  /** A block sequence whose dashes are at indent `n`. */
  private seq(n: number, depth: number): unknown[] {
    if (depth > FAST_MAX_DEPTH) throw GIVE_UP
    const t = this.text
    const base = itemStack.length
    const rec = this.record
    this.record = undefined
    const parent = this.path
    for (;;) {
      let p = this.cs + 1
      while (p < this.ce && t.charCodeAt(p) === 32) p++
      let item: unknown
      const index = itemStack.length - base
      if (p === this.ce || t.charCodeAt(p) === 35) {
        // An empty item is placed where its value would have started (as the `yaml` package does).
        const dashLine = this.line
        const dashColumn = p - this.lineStart + 1
        this.next()
        if (!this.eof && this.indent > n) {
          const column = this.cs - this.lineStart + 1
          rec?.push(this.line, column, this.cs, 0)
          if (this.trace) this.path = this.mark(index, 0, 0, this.line, column)
          item = this.node(depth + 1)
        } else {
          rec?.push(dashLine, dashColumn, p, 0)
          if (this.trace) this.mark(index, 0, 0, dashLine, dashColumn)
          item = null
        }
      } else {
        rec?.push(this.line, p - this.lineStart + 1, p, 0)
        if (this.trace) this.path = this.mark(index, 0, 0, this.line, p - this.lineStart + 1)
        // The rest of the line is a node whose indent is its column.
        this.cs = p
        this.indent = p - this.lineStart
        const c = t.charCodeAt(p)
        if (this.isDash(p)) {
          item = this.seq(this.indent, depth + 1)
        } else {
          const key = c === 91 || c === 123 ? undefined : this.key()
          if (key !== undefined) {
            if (depth + 1 > FAST_MAX_DEPTH) throw GIVE_UP
            item = this.map(this.indent, depth + 1, key)
          } else {
            item = this.scalar(p)
            this.next()
            if (!this.eof && this.indent > n) throw GIVE_UP
          }
        }
      }
      this.path = parent
      itemStack.push(item)
      if (this.eof || this.indent < n || (this.indent === n && !this.isDash(this.cs))) {
        if (rec) closeSpans(t, rec, this.eof ? this.end : this.lineStart)
        const arr = itemStack.slice(base)
        itemStack.length = base
        return arr
      }
      if (this.indent > n) throw GIVE_UP
    }
  }

  /**
   * The key of a `key: ...` line starting at `cs` (as JSON text), with `kp` just after its colon; undefined
   * when the line is a scalar rather than a key.
   */
  private key(): string | undefined {
    const t = this.text
    const cs = this.cs
    const ce = this.ce
    const c = t.charCodeAt(cs)
    if (c === 34 || c === 39) {
      const k = this.quoted(cs)
      let p = this.qe
      while (p < ce && t.charCodeAt(p) === 32) p++
      if (p < ce && t.charCodeAt(p) === 58) {
        if (p + 1 < ce && t.charCodeAt(p + 1) !== 32) throw GIVE_UP
        this.kp = p + 1
        return k
      }
      return undefined
    }
    if (c < 128 ? INDICATOR[c] === 1 : isSpecialWide(c)) throw GIVE_UP
    if (this.isDash(cs)) throw GIVE_UP
    // A key seen before needs no scanning.
    const colon = t.indexOf(':', cs)
    if (colon !== -1 && colon < ce && (colon + 1 === ce || t.charCodeAt(colon + 1) === 32)) {
      let e = colon
      while (t.charCodeAt(e - 1) === 32) e--
      const known = keyCache.get(t, cs, e)
      if (known !== MISS) {
        this.kp = colon + 1
        return known as string
      }
    }
    for (let i = cs; i < ce; i++) {
      const ch = t.charCodeAt(i)
      if (ch === 58) {
        if (i + 1 === ce || t.charCodeAt(i + 1) === 32) {
          let e = i
          while (t.charCodeAt(e - 1) === 32) e--
          this.kp = i + 1
          return plainKey(t, cs, e)
        }
      } else if (ch === 35) {
        if (t.charCodeAt(i - 1) === 32) return undefined
      } else if (ch < 32 || (ch >= 0x7f && isSpecialWide(ch))) {
        throw GIVE_UP
      }
    }
    return undefined
  }

  /** A scalar value that runs from `p` to the end of the line (less a comment). */
  private scalar(p: number): unknown {
    const t = this.text
    const ce = this.ce
    const c = t.charCodeAt(p)
    if (c === 34 || c === 39) {
      const v = this.quoted(p)
      let q = this.qe
      if (q < ce) {
        if (t.charCodeAt(q) !== 32) throw GIVE_UP
        while (q < ce && t.charCodeAt(q) === 32) q++
        if (q < ce && t.charCodeAt(q) !== 35) throw GIVE_UP
      }
      return v
    }
    if (c === 91 || c === 123) {
      // A flow collection that ends on this line.
      const v = this.flow(p, 0)
      let q = this.qe
      while (q < ce && t.charCodeAt(q) === 32) q++
      if (q < ce && (t.charCodeAt(q) !== 35 || q === this.qe)) throw GIVE_UP
      return v
    }
    if (c < 128 ? INDICATOR[c] === 1 : isSpecialWide(c)) throw GIVE_UP
    if (c === 45 && (p + 1 === ce || t.charCodeAt(p + 1) === 32)) throw GIVE_UP
    let e = ce
    while (t.charCodeAt(e - 1) === 32) e--
    // A value seen before needs no scanning.
    if (e - p <= CACHE_MAX_LENGTH) {
      const known = valueCache.get(t, p, e)
      if (known !== MISS) return known
    }
    e = ce
    for (let i = p; i < ce; i++) {
      const ch = t.charCodeAt(i)
      if (ch === 58) {
        if (i + 1 === ce || t.charCodeAt(i + 1) === 32) throw GIVE_UP
      } else if (ch === 35) {
        if (t.charCodeAt(i - 1) === 32) {
          e = i
          break
        }
      } else if (ch < 32 || (ch >= 0x7f && isSpecialWide(ch))) {
        throw GIVE_UP
      }
    }
    while (t.charCodeAt(e - 1) === 32) e--
    return plainValue(t, p, e)
  }

  /**
   * A single-line flow collection (`[a, "b"]`, `{k: v}`) or flow scalar at `p`; sets `qe` after it. Plain
   * scalars in it may not hold `:` or `#`, and trailing commas, empty entries and comments are left to the
   * full parser, where YAML 1.1 and 1.2 readers could differ.
   */
  private flow(p: number, depth: number, isKey = false): unknown {
    if (depth > FAST_MAX_DEPTH) throw GIVE_UP
    const t = this.text
    const ce = this.ce
    const c = t.charCodeAt(p)
    if (c === 91 || c === 123) {
      const isSeq = c === 91
      const close = isSeq ? 93 : 125
      const base = itemStack.length
      const obj: Record<string, unknown> = {}
      let i = p + 1
      while (i < ce && t.charCodeAt(i) === 32) i++
      if (t.charCodeAt(i) === close) {
        this.qe = i + 1
        return isSeq ? [] : obj
      }
      const parent = this.path
      for (;;) {
        if (i >= ce) throw GIVE_UP
        let key: string | undefined
        const kc = i - this.lineStart + 1
        if (!isSeq) {
          const k = this.flow(i, depth + 1, true)
          if (typeof k !== 'string' || t.charCodeAt(this.qe) !== 58 || t.charCodeAt(this.qe + 1) !== 32) throw GIVE_UP
          key = k
          if (obj[key] !== undefined) throw GIVE_UP
          i = this.qe + 2
          while (i < ce && t.charCodeAt(i) === 32) i++
        }
        if (this.trace) {
          const seg = key ?? itemStack.length - base
          this.path = this.mark(seg, key === undefined ? 0 : this.line, key === undefined ? 0 : kc, this.line, i - this.lineStart + 1)
        }
        const v = this.flow(i, depth + 1)
        this.path = parent
        if (key === undefined) itemStack.push(v)
        else obj[key] = v
        i = this.qe
        while (i < ce && t.charCodeAt(i) === 32) i++
        const d = t.charCodeAt(i)
        if (d === close) {
          this.qe = i + 1
          if (!isSeq) return obj
          const arr = itemStack.slice(base)
          itemStack.length = base
          return arr
        }
        if (d !== 44) throw GIVE_UP
        i++
        while (i < ce && t.charCodeAt(i) === 32) i++
      }
    }
    if (c === 34 || c === 39) return this.quoted(p)
    if (p >= ce || (c < 128 ? INDICATOR[c] === 1 : isSpecialWide(c)) || c === 93 || c === 125) throw GIVE_UP
    if (c === 45 && (p + 1 === ce || t.charCodeAt(p + 1) === 32)) throw GIVE_UP
    let i = p
    for (; i < ce; i++) {
      const ch = t.charCodeAt(i)
      if (ch === 44 || ch === 93 || ch === 125) break
      if (ch === 58 && isKey && t.charCodeAt(i + 1) === 32) break
      // `?` too: libyaml ends a plain scalar there inside [ ] and { } (the full reader says so).
      if (ch === 58 || ch === 35 || ch === 91 || ch === 123 || ch === 63 || ch < 32 || (ch >= 0x7f && isSpecialWide(ch))) throw GIVE_UP
    }
    let e = i
    while (t.charCodeAt(e - 1) === 32) e--
    this.qe = e
    const value = exactPlainValue(t.slice(p, e))
    if (value === GIVE_UP) throw GIVE_UP
    return value
  }

  /** A single-line single- or double-quoted scalar at `p`; sets `qe` after the closing quote. */
  private quoted(p: number): string {
    const t = this.text
    const ce = this.ce
    const quote = t.charCodeAt(p)
    let out = ''
    let seg = p + 1
    for (let i = p + 1; ; i++) {
      if (i >= ce) throw GIVE_UP
      const ch = t.charCodeAt(i)
      if (ch === quote) {
        if (quote === 39 && i + 1 < ce && t.charCodeAt(i + 1) === 39) {
          // '' is a quote inside single quotes
          out += t.slice(seg, i + 1)
          i++
          seg = i + 1
          continue
        }
        this.qe = i + 1
        return out + t.slice(seg, i)
      }
      if (ch === 92 && quote === 34) {
        out += t.slice(seg, i)
        const [text, length] = escape(t, i + 1, ce)
        out += text
        i += length
        seg = i + 1
      } else if (ch < 32 || (ch >= 0x7f && isSpecialWide(ch))) {
        throw GIVE_UP
      }
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
}
const HEX_LENGTH: Record<string, number> = {x: 2, u: 4, U: 8}

/** A double-quoted escape whose letter is at `p`: its text and how many characters it used after `\`. */
function escape(t: string, p: number, ce: number): [string, number] {
  if (p >= ce) throw GIVE_UP
  const letter = t[p]
  const simple = SIMPLE_ESCAPES[letter]
  if (simple !== undefined && Object.hasOwn(SIMPLE_ESCAPES, letter)) return [simple, 1]
  const length = HEX_LENGTH[letter]
  if (length === undefined || !Object.hasOwn(HEX_LENGTH, letter) || p + length >= ce) throw GIVE_UP
  const hex = t.slice(p + 1, p + 1 + length)
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP
  const code = Number.parseInt(hex, 16)
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw GIVE_UP
  return [String.fromCodePoint(code), length + 1]
}

/**
 * Read the document `text[start, end)` (whose first line is `line`) with the fast readers; undefined when
 * they give up and the full parser must decide. With `trace`, also note where every node is.
 */
export function readFast(text: string, start: number, end: number, line: number, trace?: PositionTrace): FastDocument | undefined {
  try {
    const reader = new BlockReader(text, end, line)
    reader.trace = trace
    reader.load(start)
    return reader.document()
  } catch (e) {
    if (e === GIVE_UP) return undefined
    throw e
  } finally {
    itemStack.length = 0
  }
}
