/**
 * Go's text/template, as `-o go-template=...` runs it in kubectl and calicoctl: text and `{{actions}}` with
 * pipelines, fields, variables, `if`/`else if`/`with`/`range` (with `else`, `break`, `continue`),
 * `define`/`template`/`block`, comments, `{{-`/`-}}` trimming, and the functions templates use (and, or, not,
 * len, index, print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery) plus calicoctl's `join` and
 * `joinAndTruncate`. The data is what kubectl hands its template: the object's unstructured content (integers
 * are int64, other numbers float64). Messages are Go's: `template: output:1: ...` for parse errors, `template: output:1:5:
 * executing "output" at <.x>: ...` for errors while running.
 */
import {GoInt, type GoValue, NO_VALUE, compareBytes, formatValue, goTypeName, isMap, sprint, sprintf, sprintln, unquoteGo, unstructured} from './go-format.js'

export class GoTemplateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GoTemplateError'
  }
}

const TEMPLATE_NAME = 'output'

// ---------------------------------------------------------------------------------------------------------
// Lexer

type ItemType =
  | 'text' | 'left' | 'right' | 'space' | 'field' | 'variable' | 'identifier' | 'keyword' | 'bool' | 'number' | 'char'
  | 'string' | 'raw' | 'dot' | 'nil' | 'pipe' | 'declare' | 'assign' | 'lparen' | 'rparen' | 'comma' | 'eof' | 'error'

interface Item {
  type: ItemType
  value: string
  pos: number
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with'])
const isSpaceChar = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n'
const isAlnum = (c: string | undefined): boolean => c !== undefined && (c === '_' || /[\p{L}\p{Nd}]/u.test(c))

function lex(input: string): Item[] {
  const items: Item[] = []
  let pos = 0
  const emitError = (message: string, at: number): Item[] => {
    items.push({type: 'error', value: message, pos: at})
    return items
  }
  while (pos <= input.length) {
    // Text up to the next `{{`.
    let start = input.indexOf('{{', pos)
    if (start < 0) start = input.length
    let text = input.slice(pos, start)
    let trimLeft = false
    if (start < input.length && input[start + 2] === '-' && isSpaceChar(input[start + 3])) {
      trimLeft = true
      text = text.replace(/[ \t\r\n]+$/, '')
    }
    if (text) items.push({type: 'text', value: text, pos})
    if (start >= input.length) break
    items.push({type: 'left', value: '{{', pos: start})
    pos = start + 2 + (trimLeft ? 2 : 0)
    // A comment fills the whole action.
    if (input.startsWith('/*', pos)) {
      const end = input.indexOf('*/', pos + 2)
      if (end < 0) return emitError('unclosed comment', pos)
      pos = end + 2
      let trimRight = false
      if (input.startsWith(' -}}', pos)) {
        trimRight = true
        pos += 2
      }
      if (!input.startsWith('}}', pos)) return emitError('comment ends before closing delimiter', pos)
      items.pop() // the comment leaves no action behind
      pos += 2
      if (trimRight) pos = skipSpace(input, pos)
      continue
    }
    let depth = 0
    for (;;) {
      if (input.startsWith(' -}}', pos) || input.startsWith('\t-}}', pos) || input.startsWith('\n-}}', pos) || input.startsWith('\r-}}', pos)) {
        if (depth > 0) return emitError('unclosed left paren', pos)
        items.push({type: 'right', value: '}}', pos: pos + 2})
        pos = skipSpace(input, pos + 4)
        break
      }
      if (input.startsWith('}}', pos)) {
        if (depth > 0) return emitError('unclosed left paren', pos)
        items.push({type: 'right', value: '}}', pos})
        pos += 2
        break
      }
      const c = input[pos]
      if (c === undefined) return emitError('unclosed action', pos)
      const at = pos
      if (isSpaceChar(c)) {
        while (isSpaceChar(input[pos]) && !/^[ \t\r\n]-\}\}/.test(input.slice(pos, pos + 4))) pos++
        if (pos === at) pos++
        items.push({type: 'space', value: input.slice(at, pos), pos: at})
      } else if (c === '=') {
        items.push({type: 'assign', value: '=', pos: pos++})
      } else if (c === ':') {
        if (input[pos + 1] !== '=') return emitError('expected :=', pos)
        items.push({type: 'declare', value: ':=', pos})
        pos += 2
      } else if (c === '|') {
        items.push({type: 'pipe', value: '|', pos: pos++})
      } else if (c === '"' || c === "'") {
        let j = pos + 1
        for (;; j++) {
          if (input[j] === '\\') j++
          else if (input[j] === undefined || input[j] === '\n') {
            return emitError(c === '"' ? 'unterminated quoted string' : 'unterminated character constant', pos)
          } else if (input[j] === c) break
        }
        items.push({type: c === '"' ? 'string' : 'char', value: input.slice(pos, j + 1), pos})
        pos = j + 1
      } else if (c === '`') {
        const end = input.indexOf('`', pos + 1)
        if (end < 0) return emitError('unterminated raw quoted string', pos)
        items.push({type: 'raw', value: input.slice(pos, end + 1), pos})
        pos = end + 1
      } else if (c === '$' || (c === '.' && !/[0-9]/.test(input[pos + 1] ?? ''))) {
        let j = pos + 1
        while (isAlnum(input[j])) j++
        const word = input.slice(pos, j)
        items.push({type: c === '$' ? 'variable' : word === '.' ? 'dot' : 'field', value: word, pos})
        pos = j
        if (!atTerminator(input, pos)) return emitError(`bad character ${goRune(input[pos])}`, pos)
      } else if (c === '+' || c === '-' || c === '.' || /[0-9]/.test(c)) {
        const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos))!
        let j = pos + m[0].length
        if (m[0] === '' || m[0] === '+' || m[0] === '-' || isAlnum(input[j])) {
          while (isAlnum(input[j]) || input[j] === '.') j++
          return emitError(`bad number syntax: "${input.slice(pos, Math.max(j, pos + 1))}"`, pos)
        }
        items.push({type: 'number', value: m[0], pos})
        pos = j
      } else if (isAlnum(c)) {
        let j = pos
        while (isAlnum(input[j])) j++
        const word = input.slice(pos, j)
        const type: ItemType = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier'
        items.push({type, value: word, pos})
        pos = j
        if (!atTerminator(input, pos)) return emitError(`bad character ${goRune(input[pos])}`, pos)
      } else if (c === '(') {
        depth++
        items.push({type: 'lparen', value: '(', pos: pos++})
      } else if (c === ')') {
        depth--
        if (depth < 0) return emitError('unexpected right paren', pos)
        items.push({type: 'rparen', value: ')', pos: pos++})
      } else if (c === ',') {
        items.push({type: 'comma', value: ',', pos: pos++})
      } else {
        return emitError(`unrecognized character in action: ${goRune(c)}`, pos)
      }
    }
  }
  items.push({type: 'eof', value: '', pos: input.length})
  return items
}

function skipSpace(input: string, pos: number): number {
  while (isSpaceChar(input[pos])) pos++
  return pos
}

function atTerminator(input: string, pos: number): boolean {
  const c = input[pos]
  return c === undefined || isSpaceChar(c) || '.,|:()'.includes(c) || input.startsWith('}}', pos)
}

/** Go's %#U of a rune: U+0021 '!'. */
function goRune(c: string | undefined): string {
  if (c === undefined) return 'U+FFFD'
  const cp = c.codePointAt(0)!
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`
}

// ---------------------------------------------------------------------------------------------------------
// Parse tree

type Arg =
  | {kind: 'field'; pos: number; names: string[]}
  | {kind: 'variable'; pos: number; name: string; fields: string[]}
  | {kind: 'dot'; pos: number}
  | {kind: 'nil'; pos: number}
  | {kind: 'bool'; pos: number; value: boolean}
  | {kind: 'number'; pos: number; text: string; value: GoValue}
  | {kind: 'string'; pos: number; text: string; value: string}
  | {kind: 'identifier'; pos: number; name: string}
  | {kind: 'pipe'; pos: number; pipe: Pipe}
  | {kind: 'chain'; pos: number; node: Arg; fields: string[]}

interface Command {
  pos: number
  args: Arg[]
}

interface Pipe {
  pos: number
  decl: string[]
  assign: boolean
  cmds: Command[]
}

interface ControlNode {
  kind: 'if' | 'with' | 'range'
  pos: number
  pipe: Pipe
  list: Node[]
  elseList: Node[] | null
}

type Node =
  | {kind: 'text'; text: string}
  | {kind: 'action'; pos: number; pipe: Pipe}
  | ControlNode
  | {kind: 'template'; pos: number; name: string; pipe: Pipe | null}
  | {kind: 'break' | 'continue'; pos: number}

function argText(a: Arg): string {
  switch (a.kind) {
    case 'field':
      return a.names.map(n => '.' + n).join('')
    case 'variable':
      return a.name + a.fields.map(n => '.' + n).join('')
    case 'dot':
      return '.'
    case 'nil':
      return 'nil'
    case 'bool':
      return String(a.value)
    case 'number':
    case 'string':
      return a.text
    case 'identifier':
      return a.name
    case 'pipe':
      return `(${pipeText(a.pipe)})`
    case 'chain':
      return (a.node.kind === 'pipe' ? argText(a.node) : argText(a.node)) + a.fields.map(n => '.' + n).join('')
  }
}

function commandText(c: Command): string {
  return c.args.map(argText).join(' ')
}

function pipeText(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.assign ? '=' : ':='} ` : ''
  return decl + p.cmds.map(commandText).join(' | ')
}

const BUILTINS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
  'html', 'js', 'urlquery', 'call', 'join', 'joinAndTruncate'])

/** Go's item.String() in parse errors. */
function describeItem(item: Item): string {
  if (item.type === 'eof') return 'EOF'
  if (item.type === 'keyword') return `<${item.value}>`
  if ([...item.value].length > 10) return `${goQuoteShort(item.value)}...`
  return JSON.stringify(item.value)
}

function goQuoteShort(s: string): string {
  return JSON.stringify([...s].slice(0, 10).join(''))
}

class Parser {
  private i = 0
  private vars: string[][] = [['$']]
  private rangeDepth = 0
  readonly templates = new Map<string, Node[]>()

  constructor(private readonly source: string, private readonly items: Item[]) {}

  private line(pos: number): number {
    let n = 1
    for (let k = 0; k < pos && k < this.source.length; k++) if (this.source[k] === '\n') n++
    return n
  }

  private fail(message: string, item: Item = this.items[Math.max(this.i - 1, 0)]): never {
    throw new GoTemplateError(`template: ${TEMPLATE_NAME}:${this.line(item.pos)}: ${message}`)
  }

  private next(): Item {
    const item = this.items[this.i]
    if (item.type === 'error') {
      this.i++
      this.fail(item.value, item)
    }
    if (this.i < this.items.length - 1) this.i++
    return item
  }

  private peek(): Item {
    const item = this.items[this.i]
    if (item.type === 'error') this.next()
    return item
  }

  private nextNonSpace(): Item {
    let item = this.next()
    while (item.type === 'space') item = this.next()
    return item
  }

  private peekNonSpace(): Item {
    while (this.peek().type === 'space') this.next()
    return this.peek()
  }

  private unexpected(item: Item, context: string): never {
    if (item.type === 'error') this.fail(item.value, item)
    return this.fail(`unexpected ${describeItem(item)} in ${context}`, item)
  }

  parseRoot(): Node[] {
    const root: Node[] = []
    for (;;) {
      const item = this.peek()
      if (item.type === 'eof') break
      if (item.type === 'left') {
        const save = this.i
        this.next()
        const keyword = this.peekNonSpace()
        if (keyword.type === 'keyword' && keyword.value === 'define') {
          this.next()
          this.define()
          continue
        }
        this.i = save
      }
      const node = this.textOrAction()
      if (node.kind !== 'node') this.fail(`unexpected ${node.kind === 'end' ? '{{end}}' : '{{else}}'}`, node.item)
      root.push(node.node)
    }
    return root
  }

  private define(): void {
    const name = this.nextNonSpace()
    if (name.type !== 'string' && name.type !== 'raw') this.unexpected(name, 'define clause')
    const close = this.nextNonSpace()
    if (close.type !== 'right') this.unexpected(close, 'define clause')
    const outerVars = this.vars
    this.vars = [['$']]
    const [list, end] = this.itemList()
    if (end !== 'end') this.fail('unexpected {{else}}')
    this.vars = outerVars
    this.templates.set(unquote(name.value, this), list)
  }

  /** A list of nodes up to {{end}} or {{else}}; returns which one ended it. */
  private itemList(): [Node[], 'end' | 'else', Item?] {
    const list: Node[] = []
    for (;;) {
      if (this.peekNonSpace().type === 'eof') this.fail('unexpected EOF', this.peek())
      const node = this.textOrAction()
      if (node.kind === 'end') return [list, 'end']
      if (node.kind === 'else') return [list, 'else', node.item]
      list.push(node.node)
    }
  }

  private textOrAction(): {kind: 'node'; node: Node} | {kind: 'end'; item: Item} | {kind: 'else'; item: Item} {
    const item = this.next()
    if (item.type === 'text') return {kind: 'node', node: {kind: 'text', text: item.value}}
    if (item.type !== 'left') this.unexpected(item, 'input')
    const first = this.peekNonSpace()
    if (first.type === 'keyword') {
      this.next()
      switch (first.value) {
        case 'end':
          this.closeAction('end')
          return {kind: 'end', item: first}
        case 'else':
          // `{{else if ...}}` and `{{else with ...}}` are read by the enclosing control.
          if (this.peekNonSpace().type === 'keyword' && ['if', 'with'].includes(this.peek().value)) return {kind: 'else', item: first}
          this.closeAction('else')
          return {kind: 'else', item: first}
        case 'if':
        case 'with':
        case 'range':
          return {kind: 'node', node: this.control(first.value, first.pos)}
        case 'template':
          return {kind: 'node', node: this.templateAction(first.pos, 'template')}
        case 'block': {
          const node = this.templateAction(first.pos, 'block')
          return {kind: 'node', node}
        }
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.fail(`{{${first.value}}} outside {{range}}`, first)
          this.closeAction(first.value)
          return {kind: 'node', node: {kind: first.value, pos: first.pos}}
        default:
          this.unexpected(first, 'command')
      }
    }
    const pipe = this.pipeline('command', 'right')
    return {kind: 'node', node: {kind: 'action', pos: pipe.pos, pipe}}
  }

  private closeAction(context: string): void {
    const item = this.nextNonSpace()
    if (item.type !== 'right') this.unexpected(item, context)
  }

  private templateAction(pos: number, context: 'template' | 'block'): Node {
    const name = this.nextNonSpace()
    if (name.type !== 'string' && name.type !== 'raw') this.unexpected(name, `${context} clause`)
    const templateName = unquote(name.value, this)
    pos = name.pos
    let pipe: Pipe | null = null
    if (this.peekNonSpace().type !== 'right') pipe = this.pipeline(`${context} clause`, 'right')
    else this.next()
    if (context === 'block') {
      const outerVars = this.vars
      this.vars = [['$']]
      const [list, end] = this.itemList()
      this.vars = outerVars
      if (end !== 'end') this.fail('unexpected {{else}}')
      this.templates.set(templateName, list)
    }
    return {kind: 'template', pos, name: templateName, pipe}
  }

  private control(kind: 'if' | 'with' | 'range', pos: number): Node {
    this.vars.push([])
    const pipe = this.pipeline(kind, 'right')
    if (kind === 'range') this.rangeDepth++
    let [list, end, elseItem] = this.itemList()
    if (kind === 'range') this.rangeDepth--
    let elseList: Node[] | null = null
    if (end === 'else') {
      const chained = this.peekNonSpace()
      if ((kind === 'if' || kind === 'with') && chained.type === 'keyword' && chained.value === kind) {
        // `{{else if x}}` is `{{else}}{{if x}}...{{end}}{{end}}` sharing the final {{end}}.
        this.next()
        elseList = [this.control(kind, chained.pos)]
      } else {
        if (chained.type === 'keyword' && (chained.value === 'if' || chained.value === 'with')) this.unexpected(chained, kind)
        const [list2, end2] = this.itemList()
        if (end2 === 'else') this.fail('expected end; found {{else}}', elseItem)
        elseList = list2
      }
    }
    this.vars.pop()
    return {kind, pos, pipe, list, elseList}
  }

  private declared(name: string): boolean {
    return this.vars.some(scope => scope.includes(name))
  }

  private pipeline(context: string, end: 'right' | 'rparen'): Pipe {
    const start = this.peekNonSpace()
    const pipe: Pipe = {pos: start.pos, decl: [], assign: false, cmds: []}
    // Variable declarations: `$x :=`, `$x =`, and `$i, $v :=` in range.
    if (start.type === 'variable') {
      const save = this.i
      this.next()
      const op = this.peekNonSpace()
      if (op.type === 'declare' || op.type === 'assign') {
        this.next()
        pipe.decl.push(start.value)
        pipe.assign = op.type === 'assign'
      } else if (op.type === 'comma' && context === 'range') {
        this.next()
        const second = this.nextNonSpace()
        if (second.type !== 'variable') this.fail(`range can only initialize variables`)
        const op2 = this.nextNonSpace()
        if (op2.type !== 'declare' && op2.type !== 'assign') this.fail(`range can only initialize variables`)
        pipe.decl.push(start.value, second.value)
        pipe.assign = op2.type === 'assign'
      } else {
        this.i = save
      }
      if (pipe.decl.length) {
        if (!pipe.assign) this.vars[this.vars.length - 1].push(...pipe.decl)
      }
    }
    for (;;) {
      const item = this.peekNonSpace()
      if (item.type === (end === 'right' ? 'right' : 'rparen')) {
        this.next()
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, item)
        pipe.cmds.slice(1).forEach((cmd, i) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(cmd.args[0].kind)) this.fail(`non executable command in pipeline stage ${i + 2}`, item)
        })
        return pipe
      }
      if (['bool', 'char', 'dot', 'field', 'identifier', 'number', 'nil', 'raw', 'string', 'variable', 'lparen'].includes(item.type)) {
        pipe.cmds.push(this.command())
      } else {
        this.unexpected(item, context)
      }
    }
  }

  private command(): Command {
    const cmd: Command = {pos: this.peekNonSpace().pos, args: []}
    for (;;) {
      this.peekNonSpace()
      const operand = this.operand()
      if (operand) cmd.args.push(operand)
      const item = this.peek()
      if (item.type === 'space') {
        this.next()
        const after = this.peek()
        if (after.type === 'right' || after.type === 'rparen' || after.type === 'pipe') {
          // fall through to the checks below
        } else continue
      }
      const t = this.peek()
      if (t.type === 'right' || t.type === 'rparen') break
      if (t.type === 'pipe') {
        this.next()
        break
      }
      if (t.type === 'error') this.next()
      this.unexpected(t, 'operand')
    }
    if (cmd.args.length === 0) this.fail('empty command')
    return cmd
  }

  private operand(): Arg | null {
    const node = this.term()
    if (!node) return null
    if (this.peek().type === 'field') {
      // As in Go, the chained node sits where its first trailing field starts (errors point there).
      const pos = this.peek().pos
      const fields: string[] = []
      while (this.peek().type === 'field') fields.push(this.next().value.slice(1))
      switch (node.kind) {
        case 'field':
          return {kind: 'field', pos, names: [...node.names, ...fields]}
        case 'variable':
          return {kind: 'variable', pos, name: node.name, fields: [...node.fields, ...fields]}
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.fail(`unexpected . after term ${JSON.stringify(argText(node))}`)
        // eslint-disable-next-line no-fallthrough
        default:
          return {kind: 'chain', pos, node, fields}
      }
    }
    return node
  }

  private term(): Arg | null {
    const item = this.nextNonSpace()
    switch (item.type) {
      case 'identifier':
        if (!BUILTINS.has(item.value)) this.fail(`function ${JSON.stringify(item.value)} not defined`, item)
        return {kind: 'identifier', pos: item.pos, name: item.value}
      case 'dot':
        return {kind: 'dot', pos: item.pos}
      case 'nil':
        return {kind: 'nil', pos: item.pos}
      case 'variable': {
        const [name, ...fields] = item.value.split('.')
        if (!this.declared(name)) this.fail(`undefined variable "${name}"`, item)
        return {kind: 'variable', pos: item.pos, name, fields}
      }
      case 'field':
        return {kind: 'field', pos: item.pos, names: [item.value.slice(1)]}
      case 'bool':
        return {kind: 'bool', pos: item.pos, value: item.value === 'true'}
      case 'char':
      case 'number':
        return {kind: 'number', pos: item.pos, text: item.value, value: parseNumber(item, this)}
      case 'lparen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rparen')
        return {kind: 'pipe', pos: item.pos, pipe}
      }
      case 'string':
      case 'raw':
        return {kind: 'string', pos: item.pos, text: item.value, value: unquote(item.value, this)}
    }
    this.i--
    return null
  }

  failWith(message: string): never {
    return this.fail(message)
  }
}

/** strconv.Unquote for "...", `...` and '...'. */
function unquote(text: string, parser: Parser): string {
  if (text.startsWith('`')) return text.slice(1, -1).replace(/\r/g, '')
  return unquoteGo(text.slice(1, -1), text[0]) ?? parser.failWith('invalid syntax')
}

function parseNumber(item: Item, parser: Parser): GoValue {
  if (item.type === 'char') {
    const s = unquote(item.value, parser)
    if ([...s].length !== 1) parser.failWith(`malformed character constant: ${item.value}`)
    return new GoInt(BigInt(s.codePointAt(0)!))
  }
  const text = item.value.replace(/_/g, '')
  if (/i$/.test(text)) parser.failWith(`complex numbers are not supported: ${item.value}`)
  if (/^[+-]?0[xXbBoO]/.test(text)) {
    const sign = text.startsWith('-') ? -1n : 1n
    const body = text.replace(/^[+-]/, '')
    return new GoInt(sign * BigInt(body.toLowerCase().startsWith('0o') ? '0o' + body.slice(2) : body))
  }
  if (/^[+-]?\d+$/.test(text)) {
    // A leading 0 is octal in Go.
    const sign = text.startsWith('-') ? -1n : 1n
    const digits = text.replace(/^[+-]/, '')
    if (digits.length > 1 && digits.startsWith('0')) {
      if (!/^[0-7]+$/.test(digits)) parser.failWith(`illegal number syntax: ${JSON.stringify(item.value)}`)
      return new GoInt(sign * BigInt('0o' + digits.slice(1)))
    }
    const n = sign * BigInt(digits)
    if (n >= 2n ** 63n || n < -(2n ** 63n)) return Number(n)
    return new GoInt(n)
  }
  const f = Number(text)
  if (!/\d/.test(text) || Number.isNaN(f)) parser.failWith(`illegal number syntax: ${JSON.stringify(item.value)}`)
  // An integral float constant like 1e3 is still a float64 in a template (it is written with e or .).
  return f
}

// ---------------------------------------------------------------------------------------------------------
// Execution

export interface GoTemplate {
  readonly source: string
  readonly root: Node[]
  readonly templates: ReadonlyMap<string, Node[]>
}

export interface GoTemplateOptions {
  /** kubectl's --allow-missing-template-keys (default true): false makes a missing map key an error. */
  allowMissingKeys?: boolean
}

/** Parse a template; throws GoTemplateError with Go's message. */
export function parseGoTemplate(source: string): GoTemplate {
  const parser = new Parser(source, lex(source))
  const root = parser.parseRoot()
  return {source, root, templates: parser.templates}
}

class ExecError extends Error {}
class BreakSignal {}
class ContinueSignal {}

interface Variable {
  name: string
  value: GoValue
}

class State {
  vars: Variable[] = []
  out = ''
  templateName = TEMPLATE_NAME
  private at = 0
  private context = ''
  depth = 0
  lastCommand: Command | undefined

  constructor(private readonly tmpl: GoTemplate, private readonly missingKeyError: boolean) {}

  setAt(pos: number, context: string): void {
    this.at = pos
    this.context = context
  }

  error(message: string): never {
    const before = this.tmpl.source.slice(0, this.at)
    const line = 1 + (before.match(/\n/g)?.length ?? 0)
    const lastNewline = before.lastIndexOf('\n')
    const col = lastNewline < 0 ? this.at : this.at - lastNewline - 1
    throw new ExecError(`template: ${TEMPLATE_NAME}:${line}:${col}: executing ${JSON.stringify(this.templateName)} at <${this.context}>: ${message}`)
  }

  walk(dot: GoValue, nodes: readonly Node[]): void {
    for (const node of nodes) this.node(dot, node)
  }

  private node(dot: GoValue, node: Node): void {
    switch (node.kind) {
      case 'text':
        this.out += node.text
        return
      case 'action': {
        const value = this.pipe(dot, node.pipe)
        if (node.pipe.decl.length === 0) this.out += printable(value)
        return
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length
        const value = this.pipe(dot, node.pipe)
        const truth = isTrue(value)
        if (truth) this.walk(node.kind === 'with' ? value : dot, node.list)
        else if (node.elseList) this.walk(dot, node.elseList)
        this.vars.length = mark
        return
      }
      case 'range':
        this.range(dot, node)
        return
      case 'template': {
        const body = this.tmpl.templates.get(node.name)
        this.setAt(node.pos, `{{template ${JSON.stringify(node.name)}${node.pipe ? ' ' + pipeText(node.pipe) : ''}}}`)
        if (!body) this.error(`template ${JSON.stringify(node.name)} not defined`)
        const value = node.pipe ? this.pipe(dot, node.pipe) : null
        if (++this.depth > 100000) this.error('exceeded maximum template depth (100000)')
        const saved = {vars: this.vars, name: this.templateName}
        this.vars = [{name: '$', value}]
        this.templateName = node.name
        this.walk(value, body)
        this.vars = saved.vars
        this.templateName = saved.name
        this.depth--
        return
      }
      case 'break':
        throw new BreakSignal()
      case 'continue':
        throw new ContinueSignal()
    }
  }

  private range(dot: GoValue, node: ControlNode): void {
    const mark = this.vars.length
    const value = this.pipe(dot, node.pipe, true)
    const entries: [GoValue, GoValue][] = []
    if (Array.isArray(value)) value.forEach((v, i) => entries.push([new GoInt(BigInt(i)), v]))
    else if (isMap(value)) for (const k of Object.keys(value).sort(compareBytes)) entries.push([k, value[k]])
    else if (value !== null && value !== NO_VALUE) {
      this.setAt(node.pos, `range ${pipeText(node.pipe)}`)
      this.setAt(node.pipe.pos, pipeText(node.pipe))
      this.error(`range can't iterate over ${formatValue(value)}`)
    }
    for (const [key, element] of entries) {
      const inner = this.vars.length
      if (node.pipe.decl.length === 1) this.setVar(node.pipe.decl[0], element, node.pipe.assign)
      if (node.pipe.decl.length === 2) {
        this.setVar(node.pipe.decl[0], key, node.pipe.assign)
        this.setVar(node.pipe.decl[1], element, node.pipe.assign)
      }
      try {
        this.walk(element, node.list)
      } catch (signal) {
        if (signal instanceof BreakSignal) {
          this.vars.length = inner
          break
        }
        if (!(signal instanceof ContinueSignal)) throw signal
      }
      this.vars.length = inner
    }
    if (entries.length === 0 && node.elseList) this.walk(dot, node.elseList)
    this.vars.length = mark
  }

  private setVar(name: string, value: GoValue, assign: boolean): void {
    if (!assign) {
      this.vars.push({name, value})
      return
    }
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value
        return
      }
    }
    const cmd = this.lastCommand
    if (cmd) this.setAt(cmd.args[cmd.args.length - 1].pos, argText(cmd.args[cmd.args.length - 1]))
    this.error(`undefined variable: ${name}`)
  }

  private variable(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value
    return this.error(`undefined variable: ${name}`)
  }

  /** Runs a pipeline; its variables bind to the result, except in range (where they take each element). */
  pipe(dot: GoValue, pipe: Pipe, inRange = false): GoValue {
    let value: GoValue | undefined
    for (const cmd of pipe.cmds) {
      value = this.command(dot, cmd, value)
      // Go digs into an interface{} result: a nil one becomes no value at all.
      if (value === null) value = NO_VALUE
      this.lastCommand = cmd
    }
    if (!inRange) for (const name of pipe.decl) this.setVar(name, value!, pipe.assign)
    return value!
  }

  private command(dot: GoValue, cmd: Command, final: GoValue | undefined): GoValue {
    const first = cmd.args[0]
    switch (first.kind) {
      case 'field':
        return this.fieldChain(dot, dot, first, first.names, cmd, final)
      case 'chain': {
        this.notAFunction(cmd, final)
        const base = this.arg(dot, first.node)
        return this.fieldChain(dot, base, first, first.fields, cmd, final)
      }
      case 'identifier':
        return this.call(dot, first.name, cmd, final)
      case 'pipe':
        this.notAFunction(cmd, final)
        return this.arg(dot, first)
      case 'variable': {
        const value = this.variable(first.name)
        if (first.fields.length === 0) {
          this.notAFunction(cmd, final)
          return value
        }
        return this.fieldChain(dot, value, first, first.fields, cmd, final)
      }
    }
    this.notAFunction(cmd, final)
    return this.arg(dot, first)
  }

  private notAFunction(cmd: Command, final: GoValue | undefined): void {
    if (cmd.args.length > 1 || final !== undefined) {
      this.setAt(cmd.args[0].pos, argText(cmd.args[0]))
      this.error(`can't give argument to non-function ${argText(cmd.args[0])}`)
    }
  }

  private fieldChain(dot: GoValue, receiver: GoValue, node: Arg, names: string[], cmd: Command, final: GoValue | undefined): GoValue {
    let value = receiver
    names.forEach((name, i) => {
      const last = i === names.length - 1
      this.setAt(node.pos, argText(node))
      if (last && (cmd.args.length > 1 || final !== undefined) && cmd.args[0] === node) {
        if (isMap(value)) this.error(`${name} is not a method but has arguments`)
      }
      value = this.field(value, name, i > 0)
    })
    if (cmd.args[0] === node && (cmd.args.length > 1 || final !== undefined)) {
      this.setAt(node.pos, argText(node))
      this.error(`${names[names.length - 1]} has arguments but cannot be invoked as function`)
    }
    void dot
    return value
  }

  /** `staticType`: what Go's reflect sees; values read out of maps and slices are interface {}. */
  private field(receiver: GoValue, name: string, fromContainer = true): GoValue {
    if (receiver === NO_VALUE) {
      if (this.missingKeyError) this.error(`nil data; no entry for key ${JSON.stringify(name)}`)
      return NO_VALUE
    }
    if (receiver === null) this.error(`nil pointer evaluating interface {}.${name}`)
    if (isMap(receiver)) {
      if (Object.hasOwn(receiver, name)) return receiver[name]
      if (this.missingKeyError) this.error(`map has no entry for key ${JSON.stringify(name)}`)
      return NO_VALUE
    }
    return this.error(`can't evaluate field ${name} in type ${fromContainer ? 'interface {}' : goTypeName(receiver)}`)
  }

  arg(dot: GoValue, a: Arg): GoValue {
    switch (a.kind) {
      case 'dot':
        return dot
      case 'nil':
        this.setAt(a.pos, 'nil')
        return this.error('nil is not a command')
      case 'bool':
      case 'number':
      case 'string':
        return a.value
      case 'field': {
        let v = dot
        a.names.forEach((name, i) => {
          this.setAt(a.pos, argText(a))
          v = this.field(v, name, i > 0)
        })
        return v
      }
      case 'variable': {
        let v = this.variable(a.name)
        a.fields.forEach((name, i) => {
          this.setAt(a.pos, argText(a))
          v = this.field(v, name, i > 0)
        })
        return v
      }
      case 'pipe': {
        const mark = this.vars.length
        const v = this.pipe(dot, a.pipe)
        this.vars.length = mark
        return v
      }
      case 'chain': {
        let v = this.arg(dot, a.node)
        for (const name of a.fields) {
          this.setAt(a.pos, argText(a))
          v = this.field(v, name)
        }
        return v
      }
      case 'identifier':
        return this.call(dot, a.name, {pos: a.pos, args: [a]}, undefined)
    }
  }

  /** An argument for a parameter of type interface{}: a missing value becomes nil. */
  private anyArg(dot: GoValue, a: Arg): GoValue {
    if (a.kind === 'nil') return null
    const v = this.arg(dot, a)
    return v === NO_VALUE ? null : v
  }

  private stringArg(dot: GoValue, a: Arg): string {
    if (a.kind === 'nil' || a.kind === 'bool' || a.kind === 'number') {
      this.setAt(a.pos, argText(a))
      this.error(`expected string; found ${argText(a)}`)
    }
    const v = this.arg(dot, a)
    if (typeof v !== 'string') {
      this.setAt(a.pos, argText(a))
      if (v === NO_VALUE) this.error('invalid value; expected string')
      this.error(`wrong type for value; expected string; got ${goTypeName(v)}`)
    }
    return v
  }

  private intArg(dot: GoValue, a: Arg): bigint {
    if (a.kind === 'number') {
      if (a.value instanceof GoInt) return a.value.value
      this.setAt(a.pos, argText(a))
      this.error(`expected integer; found ${a.text}`)
    }
    if (a.kind === 'nil' || a.kind === 'bool' || a.kind === 'string') {
      this.setAt(a.pos, argText(a))
      this.error(`expected integer; found ${argText(a)}`)
    }
    const v = this.arg(dot, a)
    if (!(v instanceof GoInt) || v.type !== 'int') {
      this.setAt(a.pos, argText(a))
      if (v === NO_VALUE) this.error('invalid value; expected int')
      this.error(`wrong type for value; expected int; got ${goTypeName(v)}`)
    }
    return v.value
  }

  private call(dot: GoValue, name: string, cmd: Command, final: GoValue | undefined): GoValue {
    const argNodes = cmd.args.slice(1)
    const count = argNodes.length + (final !== undefined ? 1 : 0)
    const context = commandText(cmd)
    const want = (n: number, variadic = false): void => {
      if (variadic ? count < n : count !== n) {
        this.setAt(cmd.pos, context)
        this.error(`wrong number of args for ${name}: want ${variadic ? 'at least ' : ''}${n} got ${count}`)
      }
    }
    const values = (): GoValue[] => {
      const vs = argNodes.map(a => this.anyArg(dot, a))
      if (final !== undefined) vs.push(final === NO_VALUE ? null : final)
      return vs
    }
    /** Arguments of reflect.Value parameters keep a missing value as it is. */
    const raw = (): GoValue[] => {
      const vs = argNodes.map(a => (a.kind === 'nil' ? null : this.arg(dot, a)))
      if (final !== undefined) vs.push(final)
      return vs
    }
    const fail = (message: string): never => {
      this.setAt(cmd.pos, context)
      return this.error(`error calling ${name}: ${message}`)
    }
    switch (name) {
      case 'and':
      case 'or': {
        want(1, true)
        let v: GoValue = null
        for (let i = 0; i < count; i++) {
          v = i < argNodes.length ? (argNodes[i].kind === 'nil' ? null : this.arg(dot, argNodes[i])) : final!
          if (isTrue(v) === (name === 'or')) return v
        }
        return v
      }
      case 'not':
        want(1)
        return !isTrue(raw()[0])
      case 'len': {
        want(1)
        const v = raw()[0]
        if (v === null || v === NO_VALUE) return fail('len of nil pointer')
        if (typeof v === 'string') return new GoInt(BigInt(Buffer.byteLength(v, 'utf8')))
        if (Array.isArray(v)) return new GoInt(BigInt(v.length))
        if (isMap(v)) return new GoInt(BigInt(Object.keys(v).length))
        return fail(`len of type ${goTypeName(v)}`)
      }
      case 'index': {
        want(1, true)
        const [item, ...indexes] = raw()
        let v = item
        if (v === null || v === NO_VALUE) return fail('index of untyped nil')
        for (const index of indexes) {
          if (v === null || v === NO_VALUE) return fail('index of nil pointer')
          if (Array.isArray(v) || typeof v === 'string') {
            if (!(index instanceof GoInt)) return fail(index === null || index === NO_VALUE ? 'cannot index slice/array with nil' : `cannot index slice/array with type ${goTypeName(index)}`)
            const n = Number(index.value)
            const length = typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length
            if (n < 0 || n >= length) return fail(`index out of range: ${n}`)
            v = typeof v === 'string' ? new GoInt(BigInt(Buffer.from(v, 'utf8')[n])) : v[n]
          } else if (isMap(v)) {
            if (index === null || index === NO_VALUE) return fail('value is nil; should be of type string')
            if (typeof index !== 'string') return fail(`value has type ${goTypeName(index)}; should be string`)
            v = Object.hasOwn(v, index) ? v[index] : null
          } else {
            return fail(`can't index item of type ${goTypeName(v)}`)
          }
        }
        return v
      }
      case 'print':
        return sprint(values())
      case 'println':
        return sprintln(values())
      case 'printf': {
        want(1, true)
        const format = argNodes.length > 0 ? this.stringArg(dot, argNodes[0]) : typeof final === 'string' ? final : fail('format must be a string')
        const rest = values().slice(1)
        return sprintf(format, rest)
      }
      case 'html':
      case 'js':
      case 'urlquery': {
        const vs = values()
        const s = vs.length === 1 && typeof vs[0] === 'string' ? vs[0] : sprint(vs)
        return name === 'html' ? htmlEscape(s) : name === 'js' ? jsEscape(s) : urlQueryEscape(s)
      }
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return this.compare(name, raw(), fail, cmd, count)
      case 'join':
      case 'joinAndTruncate': {
        want(name === 'join' ? 2 : 3)
        const all = [...argNodes]
        const items = all.length > 0 ? this.anyArg(dot, all[0]) : final === NO_VALUE ? null : final!
        const separator = all.length > 1 ? this.stringArg(dot, all[1]) : (final as string)
        const maxLen = name === 'join' ? 0 : all.length > 2 ? Number(this.intArg(dot, all[2])) : Number((final as GoInt).value)
        if (maxLen > 0 && maxLen < 3 && joinAndTruncate(items, separator, 0).length > maxLen) return fail('bytes.Buffer: truncation out of range')
        return joinAndTruncate(items, separator, maxLen)
      }
      case 'slice':
      case 'call':
        this.setAt(cmd.pos, context)
        return this.error(`error calling ${name}: not supported by hepctl`)
    }
    return this.error(`"${name}" is not a defined function`)
  }

  private compare(name: string, args: GoValue[], fail: (m: string) => never, cmd: Command, count: number): GoValue {
    if (name === 'eq' || name === 'ne') {
      if (count < (name === 'eq' ? 1 : 2)) {
        this.setAt(cmd.pos, commandText(cmd))
        this.error(`wrong number of args for ${name}: want ${name === 'eq' ? 'at least 1' : '2'} got ${count}`)
      }
      if (name === 'ne' && count !== 2) {
        this.setAt(cmd.pos, commandText(cmd))
        this.error(`wrong number of args for ne: want 2 got ${count}`)
      }
      const [a, ...rest] = args
      if (rest.length === 0) return fail('missing argument for comparison')
      const ka = basicKind(a)
      for (const b of rest) {
        const kb = basicKind(b)
        let truth = false
        if (ka !== kb) {
          if (ka !== 'invalid' && kb !== 'invalid') return fail('incompatible types for comparison')
        } else if (ka === 'invalid') {
          truth = true
        } else if (ka === 'other') {
          if (a === null || b === null) truth = a === b
          else return fail(`non-comparable type ${formatValue(a)}: ${goTypeName(a)}`)
        } else if (ka === 'int') {
          truth = (a as GoInt).value === (b as GoInt).value
        } else {
          truth = a === b
        }
        if (truth) return name === 'eq'
      }
      return name !== 'eq'
    }
    if (count !== 2) {
      this.setAt(cmd.pos, commandText(cmd))
      this.error(`wrong number of args for ${name}: want 2 got ${count}`)
    }
    const [a, b] = args
    const ka = basicKind(a)
    const kb = basicKind(b)
    if (ka === 'invalid' || kb === 'invalid' || ka === 'other' || kb === 'other' || ka === 'bool' || kb === 'bool') {
      if (ka !== kb && ka !== 'invalid' && kb !== 'invalid' && ka !== 'other' && kb !== 'other') return fail('incompatible types for comparison')
      return fail('invalid type for comparison')
    }
    if (ka !== kb) return fail('incompatible types for comparison')
    let less: boolean
    let equal: boolean
    if (ka === 'int') {
      less = (a as GoInt).value < (b as GoInt).value
      equal = (a as GoInt).value === (b as GoInt).value
    } else if (ka === 'string') {
      const c = compareBytes(a as string, b as string)
      less = c < 0
      equal = c === 0
    } else {
      less = (a as number) < (b as number)
      equal = a === b
    }
    switch (name) {
      case 'lt':
        return less
      case 'le':
        return less || equal
      case 'gt':
        return !less && !equal
      default:
        return !less
    }
  }
}

type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'other'

function basicKind(v: GoValue): Kind {
  if (v === NO_VALUE || v === null) return 'invalid'
  if (typeof v === 'boolean') return 'bool'
  if (v instanceof GoInt) return 'int'
  if (typeof v === 'number') return 'float'
  if (typeof v === 'string') return 'string'
  return 'other'
}

function isTrue(v: GoValue): boolean {
  if (v === NO_VALUE || v === null) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') return v.length > 0
  if (v instanceof GoInt) return v.value !== 0n
  if (Array.isArray(v)) return v.length > 0
  return Object.keys(v).length > 0
}

/** How an action prints its value: a missing key as `<no value>`, everything else as fmt's %v. */
function printable(v: GoValue): string {
  if (v === NO_VALUE) return '<no value>'
  return formatValue(v)
}

function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, c => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD'})[c]!)
}

function jsEscape(s: string): string {
  let out = ''
  for (const c of s) {
    const cp = c.codePointAt(0)!
    if (c === '\\') out += '\\\\'
    else if (c === "'") out += "\\'"
    else if (c === '"') out += '\\"'
    else if (c === '<') out += '\\u003C'
    else if (c === '>') out += '\\u003E'
    else if (c === '&') out += '\\u0026'
    else if (c === '=') out += '\\u003D'
    else if (cp < 0x20) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
    else out += c
  }
  return out
}

function urlQueryEscape(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === ' ') out += '+'
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

/** calicoctl's join/joinAndTruncate: items as text joined by `separator`, cut to maxLen with "..." when maxLen > 0. */
function joinAndTruncate(items: GoValue, separator: string, maxLen: number): string {
  if (items === null || items === NO_VALUE) return ''
  let list: GoValue[]
  if (isMap(items)) list = Object.keys(items).map(k => `${k}=${formatValue(items[k])}`).sort(compareBytes)
  else if (Array.isArray(items)) list = items
  else list = [items]
  let buf = Buffer.alloc(0)
  for (let i = 0; i < list.length; i++) {
    const piece = (i > 0 ? separator : '') + formatValue(list[i])
    buf = Buffer.concat([buf, Buffer.from(piece, 'utf8')])
    if (maxLen > 0 && buf.length > maxLen) {
      buf = Buffer.concat([buf.subarray(0, Math.max(maxLen - 3, 0)), Buffer.from('...')])
      break
    }
  }
  return buf.toString('utf8')
}

/**
 * Run a parsed template on JSON data (the value `-o json` prints). Throws GoTemplateError with Go's message.
 */
export function executeGoTemplate(template: GoTemplate, data: unknown, options: GoTemplateOptions = {}): string {
  const state = new State(template, options.allowMissingKeys === false)
  const value = unstructured(data)
  state.vars = [{name: '$', value}]
  try {
    state.walk(value, template.root)
  } catch (error) {
    if (error instanceof ExecError) throw new GoTemplateError(error.message)
    if (error instanceof RangeError) throw new GoTemplateError(`template: ${TEMPLATE_NAME}: ${error.message}`)
    throw error
  }
  return state.out
}
