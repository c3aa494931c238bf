import type {Document, LineCounter, Node, Scalar} from 'yaml'
import type {FastDocument} from './fast-result.js'
import type {Problem, ProblemCode} from '../problem/problem.js'
import type {PathSegment} from './types.js'
import {keyText, plainNumberText, resolvePlainScalar} from './yaml11-scalar.js'
import {formatGoFloat, goScalarString, rememberScalarText} from '../validation/go-scalar.js'
import {yamlPackage} from '../json/yaml-package.js'
import {setOwn} from '../json/own-property.js'
import {rewriteAsLibyamlReads} from './libyaml-leniency.js'

/**
 * The full reader: any YAML (or JSON) the `yaml` package accepts, turned into plain data with go-yaml v2's
 * YAML 1.1 scalar rules, with exact positions for syntax errors and duplicate keys, and with limits on
 * nesting and alias expansion so that hostile input ends as a problem rather than a hang.
 */

/** Collections nested deeper than this are refused (`yaml-too-deep`). */
export const MAX_DEPTH = 100
/** Alias expansions (and nodes copied by them) allowed per document before it counts as an alias bomb. */
const MAX_ALIAS_NODES = 100_000

/** A problem of a document, its path inside the document. */
export interface LocatedProblem extends Pick<Problem, 'code' | 'message' | 'path'> {
  line: number
  column: number
}

/** A document as the full reader sees it: what the fast readers give, plus problems. */
export interface FullDocument extends FastDocument {
  problems: LocatedProblem[]
  /** Index of this document among those the `yaml` package found in the chunk (usually 0). */
  index: number
}

/** Options that make the `yaml` package leave scalar resolution to us and keep duplicate keys for us to report. */
const PARSE_OPTIONS = {
  version: '1.1', schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: true,
} as const

/** The `yaml` package's view of a chunk of text, with a line counter for positions. */
export function parseChunk(text: string): {docs: Document.Parsed[]; lines: LineCounter} {
  const lines = new (yamlPackage().LineCounter)()
  const docs = yamlPackage().parseAllDocuments(text, {...PARSE_OPTIONS, lineCounter: lines})
  return {docs: Array.isArray(docs) ? docs : [], lines}
}

/** Characters YAML does not allow in a stream (go-yaml v2 refuses them; the `yaml` package may not). */
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/

class Stop extends Error {
  constructor(readonly code: ProblemCode, message: string, readonly node: Node | null) {
    super(message)
  }
}

/** libyaml's anchor and alias names: letters, digits, `-` and `_`. */
const ANCHOR_NAME = /^[0-9A-Za-z_-]+$/

function checkAnchorName(name: string, node: Node): void {
  if (!ANCHOR_NAME.test(name)) {
    throw new Stop(INCOMPATIBLE, `calicoctl cannot read the anchor or alias name ${JSON.stringify(name)}: use only letters, digits, - and _`, node)
  }
}

/** The problem code for YAML that the `yaml` package reads but calicoctl's go-yaml v2 refuses or reads otherwise. */
export const INCOMPATIBLE = 'yaml-calicoctl-incompatible'

/** The map key a node stands for, as text, or undefined for a collection key. */
export function keyOf(node: unknown, doc: Document.Parsed): string | undefined {
  let n = node
  if (yamlPackage().isAlias(n)) n = n.resolve(doc)
  if (n === null || n === undefined) return 'null'
  if (!yamlPackage().isScalar(n)) return undefined
  return keyFrom(scalarOf(n))
}

/** The JSON key a scalar becomes (sigs.k8s.io/yaml writes float keys that overflow a float32 as `.inf`). */
function keyFrom(read: ScalarRead): string {
  const t = read.text
  return t === undefined ? keyText(read.value as never) : t === '+Inf' ? '.inf' : t === '-Inf' ? '-.inf' : t
}

const STANDARD_TAG = 'tag:yaml.org,2002:'

/** A scalar as go-yaml v2 decodes it, and the string sigs.k8s.io/yaml makes of a number where one belongs. */
interface ScalarRead {
  value: unknown
  /** Set for numbers whose string form their value alone cannot give (and for every number key). */
  text?: string
}

/**
 * A scalar's value under go-yaml v2's rules: plain scalars resolved, quoted and block scalars text, and the
 * standard tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!binary`) applied as go-yaml applies
 * them, whatever the style. Other tags are ignored, as go-yaml ignores them for untyped data.
 */
function scalarOf(n: Scalar): ScalarRead {
  const v = n.value
  if (v === null || v === undefined) return {value: null}
  const s = String(v)
  const tag = n.tag
  const plain = n.type === 'PLAIN' || n.type === undefined
  if (tag === undefined || !tag.startsWith(STANDARD_TAG)) {
    if (!plain || tag === '!') return {value: s}
    const value = resolvePlainScalar(s)
    return typeof value === 'number' && Number.isFinite(value) ? {value, text: plainNumberText(s)} : {value}
  }
  const name = tag.slice(STANDARD_TAG.length)
  const value = resolvePlainScalar(s)
  const fail = (what: string) => {
    throw new Stop('yaml-syntax', `cannot decode ${JSON.stringify(s)} as a !!${name}: ${what}`, n)
  }
  switch (name) {
    case 'str':
    case 'timestamp':
      return {value: s}
    case 'bool':
      if (typeof value !== 'boolean') fail('it is not a YAML 1.1 boolean (true/false, yes/no, on/off, y/n)')
      return {value}
    case 'null':
      if (value !== null) fail('it is not a null (~, null or nothing)')
      return {value: null}
    case 'int': {
      const text = typeof value === 'number' ? plainNumberText(s) : undefined
      if (text === undefined || !/^-?[0-9]+$/.test(text)) fail('it is not an integer')
      return {value, text}
    }
    case 'float':
      if (typeof value !== 'number') fail('it is not a number')
      return {value, text: Number.isFinite(value as number) ? formatGoFloat(value as number, 32) : undefined}
    case 'binary': {
      // Go's base64 decoder skips line breaks, nothing else.
      const compact = s.replace(/[\r\n]/g, '')
      if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) fail('it is not valid base64')
      return {value: Buffer.from(compact, 'base64').toString('utf8')}
    }
    default:
      return plain ? {value} : {value: s}
  }
}

class Converter {
  readonly problems: LocatedProblem[] = []
  private aliasNodes = 0
  private aliasDepth = 0
  private readonly anchors = new Map<string, Node>()
  /** The string form scalarOf gave for the last scalar converted, if any. */
  private text: string | undefined

  constructor(
    private readonly doc: Document.Parsed,
    private readonly at: (offset: number) => {line: number; column: number},
    /** The chunk's length when it ends without a line break (the last line of a file), else -1. */
    private readonly openEnd = -1,
  ) {}

  position(node: Node | null | undefined): {line: number; column: number} {
    return this.at(node?.range?.[0] ?? this.doc.range[0])
  }

  convert(node: Node | null, depth: number, path: PathSegment[]): unknown {
    this.text = undefined
    if (node === null || node === undefined) return null
    if (this.aliasDepth > 0 && ++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new Stop('yaml-alias-limit', `aliases expand to more than ${MAX_ALIAS_NODES} nodes (an alias bomb?)`, node)
    }
    let value: unknown
    if (yamlPackage().isScalar(node)) {
      const read = scalarOf(node)
      value = read.value
      if (this.openEnd >= 0 && typeof value === 'string' && value.endsWith('\n') && (node.range?.[1] ?? 0) >= this.openEnd &&
        (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
        // libyaml keeps a block scalar's final line break only when the text has one.
        value = value.slice(0, -1)
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new Stop(INCOMPATIBLE, `calicoctl cannot read ${node.source}: JSON has no NaN or infinity; quote it ("${node.source}") if a string is meant`, node)
      }
      this.text = read.text
    } else if (yamlPackage().isAlias(node)) {
      checkAnchorName(node.source, node)
      const target = this.anchors.get(node.source)
      if (target === undefined) throw new Stop('yaml-syntax', `unknown anchor "${node.source}"`, node)
      this.aliasDepth++
      try {
        value = this.convert(target, depth, path)
      } finally {
        this.aliasDepth--
      }
      return value
    } else if (yamlPackage().isMap(node)) {
      if (depth >= MAX_DEPTH) throw new Stop('yaml-too-deep', `nesting is deeper than ${MAX_DEPTH} levels`, node)
      value = this.map(node.items, depth, path)
    } else if (yamlPackage().isSeq(node)) {
      if (depth >= MAX_DEPTH) throw new Stop('yaml-too-deep', `nesting is deeper than ${MAX_DEPTH} levels`, node)
      const items = new Array<unknown>(node.items.length)
      node.items.forEach((item, i) => {
        items[i] = this.convert(item as Node | null, depth + 1, [...path, i])
        this.keepText(items, i, items[i])
      })
      value = items
    } else {
      throw new Stop('yaml-syntax', 'unsupported YAML node', node)
    }
    this.keepAnchor(node)
    return value
  }

  /** Note a node's anchor (values and keys alike: go-yaml lets an alias name either). */
  private keepAnchor(node: Node): void {
    const anchor = (node as {anchor?: string}).anchor
    if (!anchor) return
    checkAnchorName(anchor, node)
    if (this.aliasDepth === 0) this.anchors.set(anchor, node)
  }

  private map(pairs: Array<{key: unknown; value: unknown}>, depth: number, path: PathSegment[]): Record<string, unknown> {
    const obj: Record<string, unknown> = {}
    const first = new Map<string, number>()
    for (const pair of pairs) {
      const keyNode = pair.key as Node | null
      if (yamlPackage().isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<' && keyNode.tag === undefined) {
        this.merge(obj, pair.value as Node | null, depth, path)
        continue
      }
      let key: string
      if (yamlPackage().isAlias(keyNode)) {
        const target = this.anchors.get(keyNode.source)
        if (!yamlPackage().isScalar(target)) throw new Stop('yaml-syntax', 'mapping keys must be scalars', keyNode)
        key = this.keyText(target)
      } else if (keyNode === null || yamlPackage().isScalar(keyNode)) {
        key = this.keyText(keyNode)
        if (keyNode !== null) this.keepAnchor(keyNode)
      } else {
        throw new Stop('yaml-syntax', 'mapping keys must be scalars', keyNode)
      }
      const at = this.position(keyNode)
      const seen = first.get(key)
      if (seen !== undefined) {
        if (this.aliasDepth === 0) {
          this.problems.push({
            code: 'duplicate-key', path: [...path, key], ...at,
            message: `duplicate key ${JSON.stringify(key)}: already defined at line ${seen}`,
          })
        }
        continue
      }
      first.set(key, at.line)
      const value = this.convert(pair.value as Node | null, depth + 1, [...path, key])
      setOwn(obj, key, value)
      this.keepText(obj, key, value)
    }
    return obj
  }

  /** Remember the string form of a number just converted into `parent[key]` when its value cannot give it. */
  private keepText(parent: object, key: PathSegment, value: unknown): void {
    const text = this.text
    this.text = undefined
    if (typeof value === 'number' && text !== undefined && text !== goScalarString(value)) rememberScalarText(parent, key, text)
  }

  /** A mapping key as sigs.k8s.io/yaml writes it in JSON; a null key is refused, as calicoctl refuses it. */
  private keyText(node: Scalar | null): string {
    const read = node === null ? {value: null} : scalarOf(node)
    if (read.value === null) {
      throw new Stop(INCOMPATIBLE, 'calicoctl cannot read a null mapping key (~, null or an empty key); quote it ("null") if the text is meant', node)
    }
    return keyFrom(read)
  }

  /** A YAML 1.1 merge key (`<<: *base`), as go-yaml v2 applies it: merged keys overwrite earlier ones. */
  private merge(obj: Record<string, unknown>, source: Node | null, depth: number, path: PathSegment[]): void {
    const sources = yamlPackage().isSeq(source) ? [...source.items].reverse() as Array<Node | null> : [source]
    for (const s of sources) {
      const value = this.convert(s, depth + 1, path)
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new Stop('yaml-syntax', 'a merge key (<<) needs a mapping or a sequence of mappings', s ?? source)
      }
      for (const k of Object.keys(value)) setOwn(obj, k, (value as Record<string, unknown>)[k])
    }
  }
}

/** Flat [line, column, start, end] tuples for a sequence's items (offsets in the input by `inInput`). */
function itemSpans(seq: unknown, at: (offset: number) => {line: number; column: number}, fallback: number, inInput: (offset: number) => number): number[] | undefined {
  if (!yamlPackage().isSeq(seq)) return undefined
  const out: number[] = []
  for (const item of seq.items) {
    const range = (item as Node | null)?.range
    const p = at(range?.[0] ?? fallback)
    out.push(p.line, p.column, inInput(range?.[0] ?? fallback), inInput(range?.[1] ?? fallback))
  }
  return out
}

/**
 * Read `text[start, end)` (whose first line is `firstLine`) with the `yaml` package. Usually one document;
 * more when the chunk holds `...` end markers.
 */
export function readFull(text: string, start: number, end: number, firstLine: number): FullDocument[] {
  // calicoctl splits at "\n---": the line break before a separator is not part of the document, which
  // matters to a block scalar on the document's last line.
  const chunk = text.slice(start, end < text.length && end > start && text.charCodeAt(end - 1) === 10 ? end - 1 : end)
  const at0 = (lines: LineCounter) => (offset: number) => {
    const p = lines.linePos(offset)
    return {line: firstLine + p.line - 1, column: p.col}
  }
  const bad = FORBIDDEN.exec(chunk)
  if (bad) {
    const p = at0(lineCounterOf(chunk))(bad.index)
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
    return [{
      value: null, empty: false, ...p, index: 0,
      problems: [{code: 'yaml-syntax', message: `control character U+${code} is not allowed in YAML`, path: [], ...p}],
    }]
  }
  const tooDeep = (): FullDocument[] => {
    const p = {line: firstLine, column: 1}
    return [{
      value: null, empty: false, ...p, index: 0,
      problems: [{code: 'yaml-too-deep', message: `nesting is deeper than ${MAX_DEPTH} levels`, path: [], ...p}],
    }]
  }
  // The `yaml` package parses recursively: refuse absurd flow nesting before it runs out of stack.
  if (flowDepth(chunk) > FLOW_DEPTH_GUARD) return tooDeep()
  let parsed: ReturnType<typeof parseChunk>
  try {
    parsed = parseChunk(chunk)
  } catch (e) {
    if (e instanceof RangeError) return tooDeep()
    throw e
  }
  // What libyaml reads but the `yaml` package refuses is rewritten into text both read alike, and read again.
  let readText = chunk
  let at = at0(parsed.lines)
  let original = (offset: number) => offset
  const rewritten = parsed.docs.some(d => d.errors.length > 0) ? rewriteAsLibyamlReads(chunk, parsed.docs) : undefined
  if (rewritten) {
    parsed = parseChunk(rewritten.text)
    readText = rewritten.text
    original = rewritten.original
    const atChunk = at0(lineCounterOf(chunk))
    at = offset => atChunk(original(offset))
  }
  const refused = calicoctlRefuses(readText, parsed.docs, start > 0)
  if (refused) {
    const p = at(refused.offset)
    return [{value: null, empty: false, ...p, index: 0, problems: [{code: 'yaml-calicoctl-incompatible', message: refused.message, path: [], ...p}]}]
  }
  return parsed.docs.map((doc, index): FullDocument => {
    const contents = doc.contents as Node | null
    const first = at(contents?.range?.[0] ?? doc.range[0])
    const result: FullDocument = {value: null, empty: false, ...first, index, problems: []}
    if (doc.errors.length > 0) {
      const e = doc.errors[0]
      const p = at(e.pos[0])
      if (/call stack/i.test(e.message)) {
        result.problems.push({code: 'yaml-too-deep', message: `nesting is deeper than ${MAX_DEPTH} levels`, path: [], ...p})
      } else {
        result.problems.push({code: 'yaml-syntax', message: plainMessage(e.message), path: [], ...p})
      }
      return result
    }
    const converter = new Converter(doc, at, readText.endsWith('\n') ? -1 : readText.length)
    try {
      result.value = converter.convert(contents, 0, [])
    } catch (e) {
      if (e instanceof RangeError) {
        result.problems.push({code: 'yaml-too-deep', message: `nesting is deeper than ${MAX_DEPTH} levels`, path: [], ...first})
        return result
      }
      if (!(e instanceof Stop)) throw e
      result.problems.push({code: e.code, message: e.message, path: [], ...converter.position(e.node)})
      return result
    }
    result.problems.push(...converter.problems)
    if (result.value === null && (contents === null || (yamlPackage().isScalar(contents) && contents.type === 'PLAIN'))) result.empty = true
    const inInput = (offset: number) => start + original(offset)
    if (yamlPackage().isSeq(contents)) result.rootItems = itemSpans(contents, at, doc.range[0], inInput)
    if (yamlPackage().isMap(contents)) {
      const items = contents.items.find(p => keyOf(p.key, doc) === 'items')
      if (items) result.listItems = itemSpans(items.value, at, doc.range[0], inInput)
    }
    return result
  })
}

/**
 * What calicoctl cannot read (or reads otherwise) in a chunk the `yaml` package parsed: a directive, text
 * after a `---` that splits the file, on its line (calicoctl drops it), a `...` with no document before it, or
 * more than one document (after `...`, calicoctl reads no further).
 */
function calicoctlRefuses(chunk: string, docs: Document.Parsed[], split: boolean): {offset: number; message: string} | undefined {
  const lexical = libyamlRefuses(chunk, docs.every(d => d.errors.length === 0))
  if (lexical) return lexical
  const wide = /[\u0085\u2028\u2029]/.exec(chunk)
  if (wide) {
    const code = wide[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
    const escape = {'0085': '\\N', '2028': '\\L', '2029': '\\P'}[code]
    return {
      offset: wide.index,
      message: `calicoctl reads U+${code} as a line break outside double quotes and keeps it inside them: write it as ${escape} in a double-quoted string`,
    }
  }
  const directive = directiveLine(chunk)
  if (directive) {
    return {
      offset: directive.offset,
      message: `calicoctl cannot read YAML directives such as ${directive.name}: remove the line (calicoctl reads YAML 1.1)`,
    }
  }
  // go-yaml finds no document in a `...` that nothing but comments comes before (in calicoctl's document, which
  // starts after the --- line that split it off).
  const body = split ? chunk.replace(/^---[^\n]*(?:\n|$)/, '') : chunk
  const bare = /^(?:[ \t]*(?:#[^\n]*)?\n)*\.\.\.(?:[ \t\r\n]|$)/.exec(body)
  if (bare) {
    return {
      offset: chunk.length - body.length + bare[0].lastIndexOf('...'),
      message: 'calicoctl cannot read a ... end marker with no document before it: remove the line',
    }
  }
  const marker = /^---[ \t]+([^#\s])/.exec(chunk)
  if (marker && split) {
    return {
      offset: marker.index + marker[0].length - 1,
      message: 'calicoctl ignores whatever follows --- on the same line: put it on the next line',
    }
  }
  const extra = docs.slice(1).find(d => d.contents !== null || d.errors.length > 0)
  if (extra) {
    return {
      offset: extra.range[0],
      message: 'calicoctl reads nothing after a ... end marker until the next --- line: separate resources with ---',
    }
  }
  return undefined
}

/**
 * The first line starting with `%` that is not inside a scalar begun on an earlier line (`a: one` /
 * `%two` is a directive to libyaml, a top-level `one` / `%two` is the text `one %two`).
 */
function directiveLine(chunk: string): {offset: number; name: string} | undefined {
  const lines = /(?:^|\n)(%\S*)/g
  let scalars: number[] | undefined
  for (let m = lines.exec(chunk); m; m = lines.exec(chunk)) {
    const offset = m.index + (chunk[m.index] === '\n' ? 1 : 0)
    scalars ??= scalarSpans(chunk)
    let inside = false
    for (let k = 0; k < scalars.length && !inside; k += 2) inside = scalars[k] < offset && offset < scalars[k + 1]
    if (!inside) return {offset, name: m[1]}
  }
  return undefined
}

/** Flat [start, end) offsets of the scalars' texts in a chunk, as the `yaml` package's lexer cuts them. */
function scalarSpans(chunk: string): number[] {
  const {CST, Lexer} = yamlPackage()
  const spans: number[] = []
  let offset = 0
  let scalarNext = false
  for (const token of new Lexer().lex(chunk)) {
    const type = CST.tokenType(token)
    const marker = token.length === 1 && token.charCodeAt(0) < 0x20 && token !== '\n' && token !== '\t' && token !== '\r'
    if (!marker) {
      if (scalarNext || type === 'double-quoted-scalar' || type === 'single-quoted-scalar') spans.push(offset, offset + token.length)
      offset += token.length
    }
    scalarNext = type === 'scalar'
  }
  return spans
}

/**
 * What libyaml reads otherwise inside `[ ]` or `{ }` (one token of the `yaml` package's lexer, at `at`): a `?`
 * in a plain scalar (libyaml's ends there and takes the `?` for a key indicator), a `:` right after a plain
 * scalar and before `,`, `]` or `}` (libyaml keeps it in the text), a tag followed by `,`, `[` or `]` (which
 * libyaml takes into the tag).
 */
function flowRefuses(chunk: string, type: string | null, token: string, at: number, plainEnd: number): {offset: number; message: string} | undefined {
  if (type === null && token.includes('?')) {
    return {offset: at + token.indexOf('?'), message: `calicoctl cannot read "?" in an unquoted value inside [ ] or { }: quote it ("${token.trim()}")`}
  }
  if (type === 'map-value-ind' && plainEnd === at && /[,\]}]/.test(chunk[at + 1] ?? '')) {
    return {offset: at, message: 'calicoctl reads a ":" before "," "]" or "}" inside [ ] or { } as part of the text: quote the text, or put a space before the ":"'}
  }
  if (type === 'tag' && /[,[\]]/.test(chunk[at + token.length] ?? '')) {
    return {offset: at + token.length, message: `calicoctl reads "${chunk[at + token.length]}" right after a tag as part of the tag: put a space after ${token}`}
  }
  return undefined
}

const PENDING = -1
const NO_KEY = -2

/** Tokens after which libyaml's scanner takes a tab as the start of a token (and refuses it) in block context. */
const TAB_REFUSED_AFTER = new Set(['doc-mode', 'newline', 'seq-item-ind', 'explicit-key-ind'])

/**
 * What libyaml's scanner (go-yaml v2's) refuses although the `yaml` package reads it: a tab where a token may
 * start in block context (indentation, a tab-only line, after `-` or `?`) or in a block scalar's indentation, a
 * flow scalar that starts with `:` (`[::1]`), a key inside `[ ]` or `{ }` that goes on to the next line
 * (`parsed`: when the `yaml` package found no error), and the double-quoted escapes `\/` and surrogates (`\ud83d`).
 */
function libyamlRefuses(chunk: string, parsed: boolean): {offset: number; message: string} | undefined {
  if (!chunk.includes('\t') && !chunk.includes('\\') && !/[[{]/.test(chunk)) return undefined
  const {CST, Lexer} = yamlPackage()
  let offset = 0
  let flow = 0
  let previous = 'doc-mode'
  /** Offset of the header of the block scalar whose text comes next; whether the next token is that text. */
  let blockHeader = -1
  let blockText = false
  /** Inside [ ] or { }: where the current implicit key starts; PENDING before it, NO_KEY when none can follow. */
  let key = NO_KEY
  /** Where the plain scalar starts that only blanks and line breaks came after, else -1. */
  let plain = -1
  /** Where the plain scalar just read ends, else -1. */
  let plainEnd = -1
  for (const token of new Lexer().lex(chunk)) {
    const type = CST.tokenType(token)
    const at = offset
    // The lexer's own markers (doc-mode, scalar, ...) are single control characters that are not in the text.
    if (token.length !== 1 || token.charCodeAt(0) >= 0x20 || token === '\n' || token === '\t' || token === '\r') offset += token.length
    if (blockText) {
      blockText = false
      const tab = blockScalarTab(token, chunk, blockHeader)
      blockHeader = -1
      if (tab >= 0) {
        return {
          offset: at + tab,
          message: 'calicoctl cannot read a tab in the indentation of a block scalar (| or >): indent it with spaces',
        }
      }
    } else if (type === 'block-scalar-header') {
      blockHeader = at
    } else if (blockHeader >= 0 && type === 'scalar') {
      blockText = true
    }
    if (flow > 0) {
      const refused = flowRefuses(chunk, type, token, at, plainEnd)
      if (refused) return refused
    }
    if (flow > 0 || type === 'flow-seq-start' || type === 'flow-map-start') {
      if (type === 'flow-seq-start' || type === 'flow-map-start' || type === 'comma') key = PENDING
      else if (type === 'explicit-key-ind' || type === 'flow-seq-end' || type === 'flow-map-end') key = NO_KEY
      else if (key === PENDING && (type === null || type === 'double-quoted-scalar' || type === 'single-quoted-scalar' || type === 'alias' || type === 'anchor' || type === 'tag')) key = at
      else if (type === 'map-value-ind' && key >= 0) {
        // libyaml's implicit keys are on one line, their `:` included (in text the `yaml` package reads: an
        // unclosed bracket is reported as that).
        if (parsed && chunk.slice(key, at).includes('\n')) {
          return {offset: key, message: 'calicoctl cannot read a key inside [ ] or { } that goes on to the next line: put the key and its : on one line'}
        }
        key = NO_KEY
      }
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow++
    else if ((type === 'flow-seq-end' || type === 'flow-map-end') && flow > 0) flow--
    else if (type === 'space' && flow === 0 && token.includes('\t') && TAB_REFUSED_AFTER.has(previous) && !inPlainScalar(chunk, plain, at + token.indexOf('\t'), previous)) {
      return {
        offset: at + token.indexOf('\t'),
        message: 'calicoctl cannot read a tab here (YAML allows tabs only inside values and before comments): use spaces',
      }
    } else if (type === null && previous === 'scalar' && flow > 0 && token.startsWith(':')) {
      return {
        offset: at,
        message: `calicoctl cannot read a value starting with ":" inside [ ] or { }: quote it ("${token.split(/[,\]}]/)[0].trim()}")`,
      }
    } else if (type === 'double-quoted-scalar') {
      const bad = /\\(?:\\|(\/)|u(d[89ab][0-9a-f]{2}|d[c-f][0-9a-f]{2})|U0000(d[89a-f][0-9a-f]{2}))/gi
      for (let m = bad.exec(token); m; m = bad.exec(token)) {
        if (m[1]) return {offset: at + m.index, message: 'calicoctl cannot read the escape \\/: write / without the backslash'}
        if (m[2] || m[3]) {
          return {
            offset: at + m.index,
            message: `calicoctl cannot read the surrogate escape ${m[0]}: write the character itself, or \\U and its 8-digit code point`,
          }
        }
      }
    }
    if (type !== 'space' && type !== 'comment' && type !== null) previous = type ?? previous
    if (type === null) previous = 'value'
    if (type === null) plain = at
    else if (type !== 'space' && type !== 'newline') plain = -1
    plainEnd = type === null ? at + token.length : -1
  }
  return undefined
}

/**
 * The indentation of the block collection that the node at `offset` is in (libyaml's parser.indent), from its
 * line: where its key starts, or the innermost `-` before it; -1 at the top level.
 */
function collectionIndent(chunk: string, offset: number): number {
  const before = chunk.slice(chunk.lastIndexOf('\n', offset - 1) + 1, offset)
  const dashes = /^(?:[ ]*-[ ]+)*/.exec(before)![0]
  const key = /^[ ]*/.exec(before.slice(dashes.length))![0].length
  if (before.length === 0 || before.startsWith('---')) return -1
  return dashes.length + key === before.length ? dashes.trimEnd().length - 1 : dashes.length + key
}

/**
 * Offset in a block scalar's text of a tab that libyaml refuses (-1 for none): one in the indentation, that is
 * before the first line with text while the indentation is detected, and in the first `indent` columns after.
 * `header` is the offset of the `|` or `>` in `chunk`.
 */
function blockScalarTab(text: string, chunk: string, header: number): number {
  if (!text.includes('\t')) return -1
  const parent = collectionIndent(chunk, header)
  const digit = /[1-9]/.exec(/^\S*/.exec(chunk.slice(header, header + 3))![0])
  let indent = digit ? Math.max(parent, 0) + Number(digit[0]) : 0
  let widest = 0
  for (let i = 0; i < text.length;) {
    let j = i
    while (text.charCodeAt(j) === 32 && (indent === 0 || j - i < indent)) j++
    if (indent === 0 && j - i > widest) widest = j - i
    if ((indent === 0 || j - i < indent) && text.charCodeAt(j) === 9) return j
    const c = text.charCodeAt(j)
    if (!(j >= text.length || c === 10 || (c === 13 && text.charCodeAt(j + 1) === 10))) {
      if (indent === 0) indent = Math.max(widest, parent + 1, 1)
      // A line indented less ends the scalar.
      if (j - i < indent) return -1
    }
    const eol = text.indexOf('\n', j)
    if (eol < 0) return -1
    i = eol + 1
  }
  return -1
}

/**
 * Whether a tab at `tab`, on a line after the plain scalar at `plain`, is among the blanks libyaml's plain scalar
 * takes in (it reads on over blank lines looking for more text): when it is no less indented than the scalar's
 * block collection plus one.
 */
function inPlainScalar(chunk: string, plain: number, tab: number, previous: string): boolean {
  if (plain < 0 || previous !== 'newline') return false
  return tab - (chunk.lastIndexOf('\n', tab - 1) + 1) > collectionIndent(chunk, plain)
}

/** A line counter for a text the `yaml` package did not parse as it is. */
function lineCounterOf(text: string): LineCounter {
  const lines = new (yamlPackage().LineCounter)()
  lines.addNewLine(0)
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1)
  return lines
}

/** Flow nesting beyond which a chunk is refused without parsing (brackets inside strings count too). */
const FLOW_DEPTH_GUARD = 1000

/** Deepest nesting of `[`/`{` in a text, counted roughly (quotes are not understood). */
function flowDepth(text: string): number {
  let depth = 0
  let max = 0
  for (let i = text.search(/[[{]/); i !== -1 && i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 91 || c === 123) {
      if (++depth > max) max = depth
    } else if ((c === 93 || c === 125) && depth > 0) {
      depth--
    }
  }
  return max
}

/** The `yaml` package's message, first line only, as a sentence without its own position suffix. */
function plainMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim()
}
