/**
 * kubectl's JSONPath templates (`-o jsonpath=...`), read and run as client-go's util/jsonpath does: text with
 * `{actions}`; `.field` (with `\.` inside a name), `..` recursive descent, `*`, `[n]`, `[a:b:c]`, unions
 * `[0,'a.b',2]` (a quoted name in brackets is a path), filters `[?(@.x == 'y')]` and `[?(@.x)]`,
 * `{range ...}...{end}`, literals `{"\n"}`, numbers and true/false. Errors are client-go's: an index out of
 * range, `[0]` on a map, a step of 0, `{hello}` ("unrecognized identifier hello"); a missing key is only an
 * error when missing keys are not allowed (kubectl's --allow-missing-template-keys=false).
 * The data is the object as kubectl hands it over: unstructured content (integers int64, other numbers float64).
 */
import {GoInt, type GoValue, compareBytes, formatValue, isMap, unquoteGo, unstructured} from './go-format.js'

/** A template that failed to parse or to run; the message is client-go's. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JsonPathError'
  }
}

interface Param {
  known: boolean
  value: number
  derived?: boolean
}

type Node =
  | {kind: 'list'; nodes: Node[]}
  | {kind: 'text'; text: string}
  | {kind: 'field'; name: string}
  | {kind: 'wildcard'}
  | {kind: 'recursive'}
  | {kind: 'array'; params: [Param, Param, Param]}
  | {kind: 'union'; lists: Node[]}
  | {kind: 'filter'; left: Node; right: Node; op: string}
  | {kind: 'int'; value: number}
  | {kind: 'float'; value: number}
  | {kind: 'bool'; value: boolean}
  | {kind: 'identifier'; name: string}

type ListNode = Extract<Node, {kind: 'list'}>

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t'
const isEndOfLine = (c: string | undefined): boolean => c === '\r' || c === '\n'
const isAlnum = (c: string | undefined): boolean => c !== undefined && (c === '_' || /[\p{L}\p{Nd}]/u.test(c))
function isTerminator(c: string | undefined): boolean {
  return c === undefined || isSpace(c) || isEndOfLine(c) || '.,[]$@{}'.includes(c)
}

class Parser {
  private pos = 0
  private start = 0
  readonly root: ListNode = {kind: 'list', nodes: []}

  constructor(private readonly input: string) {}

  parse(): ListNode {
    this.parseText()
    return this.root
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos)
    this.start = this.pos
    return value
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) return undefined
    const c = String.fromCodePoint(this.input.codePointAt(this.pos)!)
    this.pos += c.length
    return c
  }

  private peek(): string | undefined {
    return this.pos >= this.input.length ? undefined : String.fromCodePoint(this.input.codePointAt(this.pos)!)
  }

  private parseText(): void {
    for (;;) {
      const at = this.input.indexOf('{', this.pos)
      if (at < 0) break
      this.pos = at
      if (this.pos > this.start) this.root.nodes.push({kind: 'text', text: this.consumeText()})
      this.pos++
      this.consumeText()
      const list: ListNode = {kind: 'list', nodes: []}
      this.root.nodes.push(list)
      if (this.insideAction(list)) continue
      return
    }
    this.pos = this.input.length
    if (this.pos > this.start) this.root.nodes.push({kind: 'text', text: this.consumeText()})
  }

  /** Reads one action into `cur`; true when it ended at its `}`. */
  private insideAction(cur: ListNode): boolean {
    for (;;) {
      const rest = this.input.slice(this.pos)
      if (rest.startsWith('}')) {
        this.pos++
        this.consumeText()
        return true
      }
      if (rest.startsWith('[?(')) {
        this.filter(cur)
        continue
      }
      if (rest.startsWith('..')) {
        const last = cur.nodes[cur.nodes.length - 1]
        if (last?.kind === 'recursive') throw new JsonPathError('invalid multiple recursive descent')
        this.pos += 2
        this.consumeText()
        cur.nodes.push({kind: 'recursive'})
        if (isAlnum(this.peek())) this.field(cur)
        continue
      }
      const c = this.next()
      if (c === undefined || isEndOfLine(c)) throw new JsonPathError('unclosed action')
      if (c === ' ' || c === '@' || c === '$') {
        this.consumeText()
      } else if (c === '[') {
        this.array(cur)
      } else if (c === '"' || c === "'") {
        this.quote(cur, c)
      } else if (c === '.') {
        this.field(cur)
      } else if (c === '+' || c === '-' || /\p{Nd}/u.test(c)) {
        this.pos -= c.length
        this.number(cur)
      } else if (isAlnum(c)) {
        this.pos -= c.length
        this.identifier(cur)
      } else {
        const cp = c.codePointAt(0)!
        throw new JsonPathError(`unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`)
      }
    }
  }

  private identifier(cur: ListNode): void {
    while (!isTerminator(this.peek())) this.next()
    const value = this.consumeText()
    cur.nodes.push(value === 'true' || value === 'false' ? {kind: 'bool', value: value === 'true'} : {kind: 'identifier', name: value})
  }

  private number(cur: ListNode): void {
    if (this.peek() === '+' || this.peek() === '-') this.next()
    while (this.peek() === '.' || /\p{Nd}/u.test(this.peek() ?? '')) this.next()
    const value = this.consumeText()
    if (/^[+-]?\d+$/.test(value) && Math.abs(Number(value)) < 2 ** 63) cur.nodes.push({kind: 'int', value: Number(value)})
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({kind: 'float', value: Number(value)})
    else throw new JsonPathError(`cannot parse number ${value}`)
  }

  private field(cur: ListNode): void {
    this.consumeText()
    for (;;) {
      const c = this.peek()
      if (c === '\\') {
        this.next()
        this.next()
        continue
      }
      if (isTerminator(c)) break
      this.next()
    }
    const value = this.consumeText()
    cur.nodes.push(value === '*' ? {kind: 'wildcard'} : {kind: 'field', name: value.replace(/\\/g, '')})
  }

  private quote(cur: ListNode, end: string): void {
    for (;;) {
      const c = this.next()
      if (c === undefined || c === '\n') throw new JsonPathError('unterminated quoted string')
      if (c === end && this.input[this.pos - 2] !== '\\') break
    }
    const value = this.consumeText()
    cur.nodes.push({kind: 'text', text: unquoteExtend(value)})
  }

  private array(cur: ListNode): void {
    for (;;) {
      const c = this.next()
      if (c === undefined || c === '\n') throw new JsonPathError('unterminated array')
      if (c === ']') break
    }
    let text = this.consumeText().slice(1, -1)
    if (text === '*') text = ':'
    const pieces = text.split(',')
    if (pieces.length > 1) {
      cur.nodes.push({kind: 'union', lists: pieces.map(piece => parseAction(`[${piece.replace(/^ +| +$/g, '')}]`))})
      return
    }
    const key = /^'([^']*)'$/.exec(text)
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes)
      return
    }
    const slice = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text)
    if (!slice) throw new JsonPathError(`invalid array index ${text}`)
    const params: [Param, Param, Param] = [{known: false, value: 0}, {known: false, value: 0}, {known: false, value: 0}]
    for (let i = 0; i < 3; i++) {
      let part = slice[i + 1] ?? ''
      if (part !== '') {
        if (i > 0) part = part.slice(1)
        if (i > 0 && part === '') {
          params[i] = {known: false, value: 0}
        } else {
          if (!/^[+-]?\d+$/.test(part)) throw new JsonPathError(`array index ${part} is not a number`)
          params[i] = {known: true, value: Number(part)}
        }
      } else if (i === 1) {
        params[i] = {known: true, value: params[0].value + 1, derived: true}
      }
    }
    cur.nodes.push({kind: 'array', params})
  }

  private filter(cur: ListNode): void {
    this.pos += 3
    this.consumeText()
    let begin = false
    let end = false
    let pair = ''
    for (;;) {
      const c = this.next()
      if (c === undefined || c === '\n') throw new JsonPathError('unterminated filter')
      if (c === '"' || c === "'") {
        if (!begin) {
          begin = true
          pair = c
          continue
        }
        if (this.input[this.pos - 2] !== '\\' && c === pair) end = true
      } else if (c === ')' && begin === end) {
        break
      }
    }
    if (this.next() !== ']') throw new JsonPathError('unclosed array expect ]')
    const text = this.consumeText().slice(0, -2)
    const m = /^([^!<>=]+)([!<>=~]+)(.+?)$/s.exec(text)
    if (!m) cur.nodes.push({kind: 'filter', left: parseAction(text), right: {kind: 'list', nodes: []}, op: 'exists'})
    else cur.nodes.push({kind: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), op: m[2]})
  }
}

/** Parse `{text}` and return its one action's list. */
function parseAction(text: string): ListNode {
  const root = new Parser(`{${text}}`).parse()
  return root.nodes[0] as ListNode
}

/** strconv.Unquote, also for single-quoted strings (client-go's UnquoteExtend). */
function unquoteExtend(quoted: string): string {
  const quote = quoted[0]
  const body = quoted.length >= 2 && quoted[quoted.length - 1] === quote ? unquoteGo(quoted.slice(1, -1), quote) : undefined
  if (body === undefined) throw new JsonPathError(`unquote string ${quoted} error invalid syntax`)
  return body
}

/** A parsed template, ready to run on many inputs. */
export interface JsonPathTemplate {
  readonly source: string
  readonly root: ListNode
}

/** Parse a kubectl JSONPath template. Throws JsonPathError with client-go's message. */
export function parseJsonPath(template: string): JsonPathTemplate {
  return {source: template, root: new Parser(template).parse()}
}

// ---------------------------------------------------------------------------------------------------------

/** undefined stands for "no value" (a range over nothing runs its body on it). */
type Value = GoValue | undefined

class Runner {
  private beginRange = 0
  private inRange = 0
  private endRange = 0
  private lastEnd = -1

  constructor(private readonly nodes: readonly Node[], private readonly allowMissingKeys: boolean) {}

  /** client-go's FindResults over nodes[from...]: one list of values per node. */
  find(data: Value, from = 0): Value[][] {
    const cur: Value[] = [data]
    const full: Value[][] = []
    for (let i = from; i < this.nodes.length; i++) {
      const results = this.walk(cur, this.nodes[i])
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--
        this.lastEnd = i
        break
      }
      if (this.beginRange > 0) {
        this.beginRange--
        this.inRange++
        if (results.length > 0) for (const value of results) full.push(...this.find(value, i + 1))
        else this.find(undefined, i + 1)
        this.inRange--
        // Resume after the {end} that closed this range.
        if (this.lastEnd > i) i = this.lastEnd
        continue
      }
      full.push(results)
    }
    return full
  }

  private walk(input: Value[], node: Node): Value[] {
    switch (node.kind) {
      case 'list': {
        let cur = input
        for (const n of node.nodes) cur = this.walk(cur, n)
        return cur
      }
      case 'text':
        return [node.text]
      case 'int':
        return input.map(() => new GoInt(BigInt(node.value)))
      case 'float':
        return input.map(() => node.value)
      case 'bool':
        return input.map(() => node.value)
      case 'field':
        return this.field(input, node.name)
      case 'wildcard':
        return input.flatMap(v => (v === null || v === undefined ? [] : children(v)))
      case 'recursive':
        return this.recursive(input)
      case 'array':
        return this.array(input, node.params)
      case 'union':
        return node.lists.flatMap(list => this.walk(input, list))
      case 'filter':
        return this.filter(input, node)
      case 'identifier':
        if (node.name === 'range') {
          this.beginRange++
          return input
        }
        if (node.name === 'end') {
          if (this.inRange > 0) {
            this.endRange++
            return []
          }
          throw new JsonPathError('not in range, nothing to end')
        }
        throw new JsonPathError(`unrecognized identifier ${node.name}`)
    }
  }

  private field(input: Value[], name: string): Value[] {
    if (input.length === 0) return []
    const results: Value[] = []
    for (const v of input) {
      if (v === null) continue
      if (isMap(v) && Object.hasOwn(v, name)) results.push(v[name])
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathError(`${name} is not found`)
    return results
  }

  private recursive(input: Value[]): Value[] {
    const out: Value[] = []
    for (const v of input) {
      if (v === null || v === undefined) continue
      const kids = children(v)
      if (kids.length > 0) {
        out.push(v)
        out.push(...this.recursive(kids))
      }
    }
    return out
  }

  private array(input: Value[], template: [Param, Param, Param]): Value[] {
    const result: Value[] = []
    for (const v of input) {
      if (v === null) continue
      if (!Array.isArray(v)) throw new JsonPathError(`${typeName(v)} is not array or slice`)
      const params = template.map(p => ({...p})) as [Param, Param, Param]
      const length = v.length
      if (!params[0].known) params[0].value = 0
      if (params[0].value < 0) params[0].value += length
      if (!params[1].known) params[1].value = length
      if (params[1].value < 0 || (params[1].value === 0 && params[1].derived)) params[1].value += length
      if (params[1].value === params[0].value) return result
      if (params[0].value >= length || params[0].value < 0) {
        throw new JsonPathError(`array index out of bounds: index ${params[0].value}, length ${length}`)
      }
      if (params[1].value > length || params[1].value < 0) {
        throw new JsonPathError(`array index out of bounds: index ${params[1].value - 1}, length ${length}`)
      }
      if (params[0].value > params[1].value) {
        throw new JsonPathError(`starting index ${params[0].value} is greater than ending index ${params[1].value}`)
      }
      const sliced = v.slice(params[0].value, params[1].value)
      let step = 1
      if (params[2].known) {
        if (params[2].value <= 0) throw new JsonPathError('step must be > 0')
        step = params[2].value
      }
      for (let i = 0; i < sliced.length; i += step) result.push(sliced[i])
    }
    return result
  }

  private filter(input: Value[], node: Extract<Node, {kind: 'filter'}>): Value[] {
    const results: Value[] = []
    for (const v of input) {
      if (!Array.isArray(v)) throw new JsonPathError(`${v === undefined ? '<invalid reflect.Value>' : formatValue(v)} is not array or slice and cannot be filtered`)
      for (const item of v) {
        if (node.op === 'exists') {
          // client-go counts any value found, null and false included; a lookup error counts as absent.
          let found: Value[] = []
          try {
            found = this.walk([item], node.left)
          } catch (e) {
            if (!(e instanceof JsonPathError)) throw e
          }
          if (found.length > 0) results.push(item)
          continue
        }
        const lefts = this.walk([item], node.left)
        if (lefts.length === 0) continue
        if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time')
        const rights = this.walk([item], node.right)
        if (rights.length === 0) continue
        if (rights.length > 1) throw new JsonPathError('can only compare one element at a time')
        if (compareValues(lefts[0], node.op, rights[0])) results.push(item)
      }
    }
    return results
  }
}

function children(v: GoValue): GoValue[] {
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')].map(b => new GoInt(BigInt(b), 'uint8'))
  // Go visits map keys in random order; hepctl sorts them so that output is stable.
  if (isMap(v)) return Object.keys(v).sort(compareBytes).map(k => v[k])
  return []
}

function typeName(v: Value): string {
  if (typeof v === 'string') return 'string'
  if (typeof v === 'number') return 'float64'
  if (typeof v === 'boolean') return 'bool'
  if (v instanceof GoInt) return v.type
  if (isMap(v)) return 'map[string]interface {}'
  return 'interface {}'
}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid'

function kindOf(v: Value): Kind {
  if (typeof v === 'boolean') return 'bool'
  if (v instanceof GoInt) return 'int'
  if (typeof v === 'number') return 'float'
  if (typeof v === 'string') return 'string'
  return 'invalid'
}

/** The comparisons of client-go's fork of text/template: both sides of one basic kind. */
function compareValues(a: Value, op: string, b: Value): boolean {
  const ka = kindOf(a)
  const kb = kindOf(b)
  if (ka === 'invalid' || kb === 'invalid') throw new JsonPathError('invalid type for comparison')
  const equality = op === '==' || op === '!='
  if (!equality && !['<', '>', '<=', '>='].includes(op)) throw new JsonPathError(`unrecognized filter operator ${op}`)
  if (!equality && (ka === 'bool' || kb === 'bool')) throw new JsonPathError('invalid type for comparison')
  if (ka !== kb) throw new JsonPathError('incompatible types for comparison')
  const x = a instanceof GoInt ? a.value : a
  const y = b instanceof GoInt ? b.value : b
  const less = typeof x === 'string' ? compareBytes(x, y as string) < 0 : (x as number) < (y as number)
  const equal = x === y
  switch (op) {
    case '==':
      return equal
    case '!=':
      return !equal
    case '<':
      return less
    case '<=':
      return less || equal
    case '>':
      return !less && !equal
    default:
      return !less
  }
}

/** Go's encoding/json text of a map or slice: sorted keys, <>& escaped, compact. */
function goJson(v: GoValue): string {
  return JSON.stringify(sortedKeys(v)).replace(/[<>&\u2028\u2029]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

function sortedKeys(v: GoValue): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys)
  if (v instanceof GoInt) return Number(v.value)
  if (isMap(v)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort(compareBytes)) out[k] = sortedKeys(v[k])
    return out
  }
  return v
}

/** How one result prints: maps and lists as compact JSON, everything else as Go's fmt prints it. */
export function formatJsonPathValue(v: Value): string {
  if (v === undefined) return '<nil>'
  if (Array.isArray(v) || isMap(v)) return goJson(v)
  return formatValue(v)
}

export interface JsonPathOptions {
  /** kubectl's --allow-missing-template-keys (default true): false makes a missing key an error. */
  allowMissingKeys?: boolean
}

/** Run a template on `data` (the value `-o json` prints). Throws JsonPathError with client-go's message. */
export function executeJsonPath(template: JsonPathTemplate, data: unknown, options: JsonPathOptions = {}): string {
  const runner = new Runner(template.root.nodes, options.allowMissingKeys !== false)
  return runner.find(unstructured(data)).map(results => results.map(formatJsonPathValue).join(' ')).join('')
}

/** The values a template selects, missing keys allowed (custom-columns). */
export function selectJsonPath(template: JsonPathTemplate, data: unknown): unknown[] {
  return new Runner(template.root.nodes, true).find(unstructured(data)).flat().map(v => (v instanceof GoInt ? Number(v.value) : v))
}

/** kubectl's relaxed form: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`. */
export function relaxedTemplate(expr: string): string {
  let e = expr.trim()
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1)
  if (!e.startsWith('.') && !e.startsWith('[') && !e.startsWith('$') && !e.startsWith('@')) e = '.' + e
  return `{${e}}`
}
