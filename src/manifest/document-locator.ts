import type {Document, LineCounter, Node} from 'yaml'
import {readFast} from './fast-block-reader.js'
import type {PositionTrace} from './fast-result.js'
import {keyOf, parseChunk} from './full-yaml-reader.js'
import type {LocateRequest, PathSegment, Position} from './types.js'
import {yamlPackage} from '../json/yaml-package.js'

/**
 * Positions inside one document, computed only when asked: the document is read again, by the fast reader
 * noting where every node is when it can, else by the `yaml` package with its LineCounter (the same answers,
 * much slower); the line offset of the document in its file is added.
 */
export class DocumentLocator {
  private parsed: {doc: Document.Parsed | undefined; lines: LineCounter} | undefined
  /** False once the fast reader gave up on this document. */
  private fastReads = true

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly firstLine: number,
    /** Which of the `yaml` package's documents in this text (more than one only after `...` markers). */
    private readonly index: number,
    /** Where the document starts, for when nothing better is known. */
    readonly origin: Position,
    /**
     * Column - 1 of the text's first character: set when the text is one item of a sequence, cut out of its
     * document (so that a List item is located without parsing the whole List).
     */
    private readonly indent = 0,
    /** Whether the fast reader may be used (tests turn it off to compare both ways). */
    private readonly fast = true,
  ) {}

  /**
   * The fast reader's positions for this document, when it reads it. They are not kept: reading a document
   * again costs microseconds, and keeping them for every resource that had a problem would cost much memory
   * (`locateAll` reads the document once for all the paths of one resource).
   */
  private fastTrace(): PositionTrace | undefined {
    if (!this.fast || !this.fastReads || this.index !== 0) return undefined
    const trace: PositionTrace = new Map()
    const text = this.indent > 0 ? ' '.repeat(this.indent) + this.text.slice(this.start, this.end) : this.text
    const start = this.indent > 0 ? 0 : this.start
    const end = this.indent > 0 ? text.length : this.end
    const doc = readFast(text, start, end, this.firstLine, trace)
    if (doc && !doc.empty) return trace
    this.fastReads = false
    return undefined
  }

  private position(offset: number): Position {
    const p = this.parsed!.lines.linePos(offset)
    return {line: this.firstLine + p.line - 1, column: p.col}
  }

  /**
   * Position of the value (or key) at `path`, else of the nearest ancestor that exists (its key when it has
   * one), else the document's start.
   */
  locate(path: readonly PathSegment[], target: 'key' | 'value' = 'value'): Position {
    return this.locateIn(this.fastTrace(), path, target)
  }

  /** `locate` for each request, in order, the document being read once for all of them. */
  locateAll(requests: readonly LocateRequest[]): Position[] {
    if (requests.length === 0) return []
    const trace = this.fastTrace()
    return requests.map(r => this.locateIn(trace, r.path, r.target))
  }

  /** `locate` with the fast reader's positions when it has them, else with the `yaml` package. */
  private locateIn(trace: PositionTrace | undefined, path: readonly PathSegment[], target: 'key' | 'value'): Position {
    if (trace) return traced(trace, path, target, this.origin)
    if (!this.parsed) {
      try {
        const {docs, lines} = parseChunk(' '.repeat(this.indent) + this.text.slice(this.start, this.end))
        this.parsed = {doc: docs[this.index], lines}
      } catch {
        return this.origin
      }
    }
    const doc = this.parsed.doc
    if (!doc) return this.origin
    let node = doc.contents as Node | null
    let keyAt: number | undefined
    let valueAt: number | undefined = node?.range?.[0]
    for (const seg of path) {
      if (yamlPackage().isAlias(node)) node = node.resolve(doc) ?? null
      let nextNode: Node | null | undefined
      let nextKey: number | undefined
      if (yamlPackage().isMap(node)) {
        const want = String(seg)
        const pair = node.items.find(p => keyOf(p.key, doc) === want)
        if (pair) {
          nextNode = pair.value as Node | null
          nextKey = (pair.key as Node | null)?.range?.[0]
        }
      } else if (yamlPackage().isSeq(node) && typeof seg === 'number' && seg >= 0 && seg < node.items.length) {
        nextNode = node.items[seg] as Node | null
      }
      if (nextNode === undefined) {
        // Missing: the nearest ancestor, by its key when it has one.
        const at = keyAt ?? valueAt
        return at === undefined ? this.origin : this.position(at)
      }
      node = nextNode
      keyAt = nextKey
      const emptyValue = node === null || (yamlPackage().isScalar(node) && node.source === '' && node.type === 'PLAIN')
      valueAt = emptyValue && nextKey !== undefined ? nextKey : node?.range?.[0]
    }
    const at = target === 'key' ? keyAt ?? valueAt : valueAt ?? keyAt
    return at === undefined ? this.origin : this.position(at)
  }
}

/** `locate` answered from the fast reader's positions, with the same rules. */
function traced(trace: PositionTrace, path: readonly PathSegment[], target: 'key' | 'value', origin: Position): Position {
  let last = trace.get('')
  if (!last) return origin
  let key = ''
  for (const seg of path) {
    key += `\u0001${seg}`
    const next = trace.get(key)
    if (!next) return last[0] > 0 ? {line: last[0], column: last[1]} : {line: last[2], column: last[3]}
    last = next
  }
  return target === 'key' && last[0] > 0 ? {line: last[0], column: last[1]} : {line: last[2], column: last[3]}
}
