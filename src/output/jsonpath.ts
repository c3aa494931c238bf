/**
 * kubectl's JSONPath templates (`-o jsonpath=...`), the subset users reach for: text with `{expressions}`,
 * `.field` / `['field']` / `['a','b']`, `\.` inside a field name, `[n]` (negative from the end), `[a:b:c]`,
 * `[*]` / `.*`, `..field`, filters `[?(@.x == "y")]` (== != < <= > >=, or just `@.x` for presence),
 * `{range <path>}...{end}` (nestable), `$` and `@`, and quoted literals `{"\n"}` / `{'\t'}` with escapes (`\n \t \r \\ \" \' \0 \uXXXX`).
 * Missing fields print nothing, as `kubectl get` does; non-scalar results print as JSON.
 */
import {isJsonObject} from '../model/json-object.js'

type Step =
  | {kind: 'field'; names: string[]}
  | {kind: 'index'; indices: number[]}
  | {kind: 'slice'; start?: number; end?: number; step?: number}
  | {kind: 'wildcard'}
  | {kind: 'descend'; name: string | null}
  | {kind: 'filter'; left: Path; op?: FilterOp; right?: Path | Literal}

type FilterOp = '==' | '!=' | '<' | '<=' | '>' | '>='

interface Literal {
  kind: 'literal'
  value: string | number | boolean | null
}

interface Path {
  kind: 'path'
  /** `$` starts at the root, `@` (or nothing) at the current object. */
  root: '$' | '@'
  steps: Step[]
}

type Node =
  | {kind: 'text'; text: string}
  | {kind: 'value'; expr: Path | Literal}
  | {kind: 'range'; path: Path; body: Node[]}

/** A template that failed to parse; the message names the problem and the template. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JsonPathError'
  }
}

const ESCAPES: Record<string, string> = {n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0'}

class PathParser {
  private i = 0
  constructor(private readonly src: string) {}

  get done(): boolean {
    this.skipSpace()
    return this.i >= this.src.length
  }

  private fail(what: string): never {
    throw new JsonPathError(`${what} at position ${this.i + 1} in "${this.src}"`)
  }

  private skipSpace(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i])) this.i++
  }

  private peek(s: string): boolean {
    return this.src.startsWith(s, this.i)
  }

  quoted(): string {
    const quote = this.src[this.i]
    this.i++
    let out = ''
    while (this.i < this.src.length && this.src[this.i] !== quote) {
      const ch = this.src[this.i]
      if (ch === '\\' && this.i + 1 < this.src.length) {
        const next = this.src[this.i + 1]
        const hex = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i + 2)) : null
        if (hex) {
          out += String.fromCharCode(parseInt(hex[0], 16))
          this.i += 6
          continue
        }
        out += ESCAPES[next] ?? next
        this.i += 2
      } else {
        out += ch
        this.i++
      }
    }
    if (this.i >= this.src.length) this.fail('unterminated string')
    this.i++
    return out
  }

  /** A literal: a quoted string, a number, true/false/null. */
  literal(): Literal | null {
    this.skipSpace()
    const ch = this.src[this.i]
    if (ch === '"' || ch === "'") return {kind: 'literal', value: this.quoted()}
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)(?![\w.])/.exec(this.src.slice(this.i))
    if (!m) return null
    this.i += m[0].length
    const t = m[0]
    return {kind: 'literal', value: t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : Number(t)}
  }

  /** A field name after `.` : up to `.`, `[`, space, an operator or `)`; `\.` keeps a dot. */
  private fieldName(): string {
    let name = ''
    while (this.i < this.src.length) {
      const ch = this.src[this.i]
      if (ch === '\\' && this.src[this.i + 1] === '.') {
        name += '.'
        this.i += 2
        continue
      }
      if (/[.[\]\s()=!<>,]/.test(ch)) break
      name += ch
      this.i++
    }
    return name
  }

  private int(): number | undefined {
    const m = /^\s*(-?\d+)\s*/.exec(this.src.slice(this.i))
    if (!m) return undefined
    this.i += m[0].length
    return Number(m[1])
  }

  private bracket(): Step {
    this.i++ // [
    this.skipSpace()
    let step: Step
    if (this.peek('?(')) {
      this.i += 2
      step = this.filter()
    } else if (this.peek('*')) {
      this.i++
      step = {kind: 'wildcard'}
    } else if (this.peek('"') || this.peek("'")) {
      const names = [this.quoted()]
      this.skipSpace()
      while (this.peek(',')) {
        this.i++
        this.skipSpace()
        if (!(this.peek('"') || this.peek("'"))) this.fail('expected a quoted name')
        names.push(this.quoted())
        this.skipSpace()
      }
      step = {kind: 'field', names}
    } else {
      const first = this.int()
      if (this.peek(':')) {
        this.i++
        const end = this.int()
        let stepBy: number | undefined
        if (this.peek(':')) {
          this.i++
          stepBy = this.int()
        }
        step = {kind: 'slice', start: first, end, step: stepBy}
      } else {
        if (first === undefined) this.fail('expected an index, a name, * or a filter')
        const indices = [first]
        while (this.peek(',')) {
          this.i++
          const n = this.int()
          if (n === undefined) this.fail('expected an index')
          indices.push(n)
        }
        step = {kind: 'index', indices}
      }
    }
    this.skipSpace()
    if (!this.peek(']')) this.fail('expected ]')
    this.i++
    return step
  }

  private filter(): Step {
    const left = this.path()
    this.skipSpace()
    const m = /^(==|!=|<=|>=|<|>)/.exec(this.src.slice(this.i))
    let step: Step = {kind: 'filter', left}
    if (m) {
      this.i += m[0].length
      this.skipSpace()
      const right = this.peek('@') || this.peek('$') ? this.path() : this.literal()
      if (!right) this.fail('expected a value to compare with')
      step = {kind: 'filter', left, op: m[0] as FilterOp, right}
    }
    this.skipSpace()
    if (!this.peek(')')) this.fail('expected )')
    this.i++
    return step
  }

  /** A path: optional `$`/`@`, then steps. */
  path(): Path {
    this.skipSpace()
    let root: '$' | '@' = '@'
    if (this.peek('$') || this.peek('@')) {
      root = this.src[this.i] as '$' | '@'
      this.i++
    }
    const steps: Step[] = []
    for (;;) {
      if (this.peek('..')) {
        this.i += 2
        if (this.peek('*')) {
          this.i++
          steps.push({kind: 'descend', name: null})
        } else if (this.peek('[')) {
          steps.push({kind: 'descend', name: null})
        } else {
          const name = this.fieldName()
          if (!name) this.fail('expected a field name after ..')
          steps.push({kind: 'descend', name})
        }
      } else if (this.peek('.')) {
        this.i++
        if (this.peek('*')) {
          this.i++
          steps.push({kind: 'wildcard'})
        } else {
          const name = this.fieldName()
          // A lone `.` (kubectl's `{.}`) means the current object.
          if (name) steps.push({kind: 'field', names: [name]})
        }
      } else if (this.peek('[')) {
        steps.push(this.bracket())
      } else if (steps.length === 0 && this.i < this.src.length && /[A-Za-z_]/.test(this.src[this.i])) {
        // kubectl also accepts a path without its leading dot inside custom-columns.
        steps.push({kind: 'field', names: [this.fieldName()]})
      } else {
        break
      }
    }
    return {kind: 'path', root, steps}
  }
}

/** Split a template into text and `{...}` actions, honouring quotes inside actions. */
function splitTemplate(template: string): Array<{text: string} | {action: string}> {
  const parts: Array<{text: string} | {action: string}> = []
  let i = 0
  let text = ''
  while (i < template.length) {
    const ch = template[i]
    if (ch !== '{') {
      text += ch
      i++
      continue
    }
    if (text) parts.push({text})
    text = ''
    let j = i + 1
    let quote: string | null = null
    let depth = 0
    for (; j < template.length; j++) {
      const c = template[j]
      if (quote) {
        if (c === '\\') j++
        else if (c === quote) quote = null
      } else if (c === '"' || c === "'") quote = c
      else if (c === '[') depth++
      else if (c === ']') depth--
      else if (c === '}' && depth <= 0) break
    }
    if (j >= template.length) throw new JsonPathError(`unclosed action in "${template}"`)
    parts.push({action: template.slice(i + 1, j)})
    i = j + 1
  }
  if (text) parts.push({text})
  return parts
}

/** A parsed template, ready to run on many inputs. */
export interface JsonPathTemplate {
  readonly source: string
  readonly nodes: readonly Node[]
}

/** Parse a kubectl JSONPath template. Throws JsonPathError with a readable message. */
export function parseJsonPath(template: string): JsonPathTemplate {
  const root: Node[] = []
  const stack: Node[][] = [root]
  for (const part of splitTemplate(template)) {
    const current = stack[stack.length - 1]
    if ('text' in part) {
      current.push({kind: 'text', text: part.text})
      continue
    }
    const action = part.action.trim()
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError(`{end} without {range} in "${template}"`)
      stack.pop()
      continue
    }
    if (/^range\s/.test(action)) {
      const parser = new PathParser(action.slice(5))
      const path = parser.path()
      if (!parser.done) throw new JsonPathError(`unexpected text in {${action}} in "${template}"`)
      const node: Node = {kind: 'range', path, body: []}
      current.push(node)
      stack.push(node.body)
      continue
    }
    const parser = new PathParser(action)
    const literal = parser.literal()
    const expr = literal ?? parser.path()
    if (!parser.done) throw new JsonPathError(`unrecognized expression {${action}} in "${template}"`)
    current.push({kind: 'value', expr})
  }
  if (stack.length > 1) throw new JsonPathError(`{range} without {end} in "${template}"`)
  return {source: template, nodes: root}
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (isJsonObject(v)) return Object.values(v)
  return []
}

function descendants(v: unknown, name: string | null, out: unknown[]): void {
  if (isJsonObject(v)) {
    if (name !== null && Object.hasOwn(v, name)) out.push(v[name])
    for (const child of Object.values(v)) {
      if (name === null) out.push(child)
      descendants(child, name, out)
    }
  } else if (Array.isArray(v)) {
    for (const child of v) {
      if (name === null) out.push(child)
      descendants(child, name, out)
    }
  }
}

function compare(a: unknown, op: FilterOp, b: unknown): boolean {
  if (op === '==') return a === b
  if (op === '!=') return !compare(a, '==', b)
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b
  }
  return false
}

function applyStep(values: unknown[], step: Step, root: unknown): unknown[] {
  const out: unknown[] = []
  for (const v of values) {
    switch (step.kind) {
      case 'field':
        if (isJsonObject(v)) for (const name of step.names) if (Object.hasOwn(v, name)) out.push(v[name])
        break
      case 'wildcard':
        out.push(...children(v))
        break
      case 'index':
        if (Array.isArray(v)) {
          for (const n of step.indices) {
            const idx = n < 0 ? v.length + n : n
            if (idx >= 0 && idx < v.length) out.push(v[idx])
          }
        }
        break
      case 'slice':
        if (Array.isArray(v)) {
          const len = v.length
          const by = step.step && step.step > 0 ? step.step : 1
          const norm = (n: number | undefined, dflt: number): number => n === undefined ? dflt : n < 0 ? Math.max(len + n, 0) : Math.min(n, len)
          for (let k = norm(step.start, 0); k < norm(step.end, len); k += by) out.push(v[k])
        }
        break
      case 'descend':
        descendants(v, step.name, out)
        break
      case 'filter':
        for (const item of children(v)) {
          const left = evaluatePath(step.left, item, root)
          if (!step.op) {
            if (left.length > 0 && left[0] !== null && left[0] !== false) out.push(item)
            continue
          }
          const right = step.right!.kind === 'literal' ? [step.right!.value] : evaluatePath(step.right as Path, item, root)
          if (left.length > 0 && right.length > 0 && compare(left[0], step.op, right[0])) out.push(item)
        }
        break
    }
  }
  return out
}

function evaluatePath(path: Path, current: unknown, root: unknown): unknown[] {
  let values = [path.root === '$' ? root : current]
  for (const step of path.steps) values = applyStep(values, step, root)
  return values
}

/** How one result prints: strings as they are, other scalars as JSON, maps and lists as compact JSON. */
export function formatJsonPathValue(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === undefined) return ''
  return JSON.stringify(v)
}

function render(nodes: readonly Node[], current: unknown, root: unknown, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text)
    else if (node.kind === 'value') {
      if (node.expr.kind === 'literal') out.push(formatJsonPathValue(node.expr.value))
      else out.push(evaluatePath(node.expr, current, root).map(formatJsonPathValue).join(' '))
    } else {
      let items = evaluatePath(node.path, current, root)
      // `{range .items}` iterates the list itself, as kubectl does.
      if (items.length === 1 && Array.isArray(items[0])) items = items[0]
      for (const item of items) render(node.body, item, root, out)
    }
  }
}

/** Run a template on `data` (the same value `-o json` prints). */
export function executeJsonPath(template: JsonPathTemplate, data: unknown): string {
  const out: string[] = []
  render(template.nodes, data, data, out)
  return out.join('')
}

/** The values a single path expression selects (used by custom-columns). */
export function selectJsonPath(template: JsonPathTemplate, data: unknown): unknown[] {
  const values: unknown[] = []
  for (const node of template.nodes) {
    if (node.kind === 'value') {
      if (node.expr.kind === 'literal') values.push(node.expr.value)
      else values.push(...evaluatePath(node.expr, data, data))
    }
  }
  return values
}
