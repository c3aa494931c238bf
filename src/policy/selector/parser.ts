/**
 * Parser, evaluator and canonical form of Calico selectors, following libcalico-go's selector parser:
 *
 *   selector  := <empty> | or-expr
 *   or-expr   := and-expr ( "||" and-expr )*
 *   and-expr  := operation ( "&&" operation )*
 *   operation := "!"* ( has(L) | all() | global() | "(" or-expr ")" | L op S | L [not] in { S, ... } )
 *
 * An empty or blank selector is all().
 */
import {createHash} from 'node:crypto'

import {SelectorSyntaxError, type Token, tokenize} from './tokenizer.js'

export type SelectorNode =
  | {readonly type: 'all'}
  | {readonly type: 'global'}
  | {readonly type: 'has'; readonly label: string}
  | {readonly type: 'eq' | 'ne' | 'contains' | 'startswith' | 'endswith'; readonly label: string; readonly value: string}
  | {readonly type: 'in' | 'notin'; readonly label: string; readonly values: readonly string[]}
  | {readonly type: 'not'; readonly operand: SelectorNode}
  | {readonly type: 'and' | 'or'; readonly operands: readonly SelectorNode[]}

/** Labels as a map (the fast form) or a plain object. */
export type Labels = ReadonlyMap<string, string> | Readonly<Record<string, string>>

function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of selector'
    case 'label':
      return `label ${JSON.stringify(t.value)}`
    case 'string':
      return `string ${JSON.stringify(t.value)}`
    case 'has':
      return `has(${t.value})`
    case 'all':
      return 'all()'
    case 'global':
      return 'global()'
    default:
      return JSON.stringify(TOKEN_TEXT[t.kind] ?? t.kind)
  }
}

const TOKEN_TEXT: Partial<Record<Token['kind'], string>> = {
  eq: '==',
  ne: '!=',
  in: 'in',
  notin: 'not in',
  contains: 'contains',
  startswith: 'starts with',
  endswith: 'ends with',
  not: '!',
  and: '&&',
  or: '||',
  lparen: '(',
  rparen: ')',
  lbrace: '{',
  rbrace: '}',
  comma: ',',
}

/** Byte-order comparison of two strings (as Go's sort.Strings on UTF-8 does). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0
  // UTF-16 order equals UTF-8 byte order unless a surrogate pair meets a character at U+E000 or above.
  if (!HIGH.test(a) && !HIGH.test(b)) return a < b ? -1 : 1
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

const HIGH = /[\uD800-\uFFFF]/

/** Parses a selector into its tree; throws SelectorSyntaxError with the offset of the offending token. */
export function parseSelectorTree(selector: string): SelectorNode {
  const tokens = tokenize(selector)
  let pos = 0
  const fail = (reason: string, t: Token): never => {
    throw new SelectorSyntaxError(reason, t.offset, selector)
  }
  const peek = (): Token => tokens[pos]

  function parseOr(): SelectorNode {
    const operands = [parseAnd()]
    while (peek().kind === 'or') {
      pos++
      operands.push(parseAnd())
    }
    return operands.length === 1 ? operands[0] : {type: 'or', operands}
  }

  function parseAnd(): SelectorNode {
    const operands = [parseOperation()]
    while (peek().kind === 'and') {
      pos++
      operands.push(parseOperation())
    }
    return operands.length === 1 ? operands[0] : {type: 'and', operands}
  }

  function parseOperation(): SelectorNode {
    let negations = 0
    while (peek().kind === 'not') {
      negations++
      pos++
    }
    const node = parsePositive()
    return negations % 2 === 1 ? {type: 'not', operand: node} : node
  }

  function parsePositive(): SelectorNode {
    const t = tokens[pos++]
    switch (t.kind) {
      case 'has':
        return {type: 'has', label: t.value as string}
      case 'all':
        return {type: 'all'}
      case 'global':
        return {type: 'global'}
      case 'lparen': {
        const inner = parseOr()
        if (peek().kind !== 'rparen') fail(`expected ), found ${describeToken(peek())}`, peek())
        pos++
        return inner
      }
      case 'label':
        return parseLabelOperation(t.value as string)
      default:
        return fail(`unexpected token: ${describeToken(t)}`, t)
    }
  }

  function parseLabelOperation(label: string): SelectorNode {
    const op = tokens[pos++]
    switch (op.kind) {
      case 'eq':
      case 'ne':
      case 'contains':
      case 'startswith':
      case 'endswith': {
        const v = tokens[pos++]
        if (v.kind !== 'string') fail(`expected string, found ${describeToken(v)}`, v)
        return {type: op.kind, label, value: v.value as string}
      }
      case 'in':
      case 'notin':
        return {type: op.kind, label, values: parseSet()}
      case 'eof':
        return fail('unexpected end of string looking for op', op)
      default:
        return fail(`expected == or != not: ${describeToken(op)}`, op)
    }
  }

  function parseSet(): string[] {
    const open = tokens[pos++]
    if (open.kind !== 'lbrace') fail(`expected set literal, found ${describeToken(open)}`, open)
    // As in Calico: strings, each optionally followed by a comma (so a trailing comma is fine), then "}".
    const values: string[] = []
    while (peek().kind === 'string') {
      values.push(tokens[pos++].value as string)
      if (peek().kind !== 'comma') break
      pos++
    }
    const close = tokens[pos++]
    if (close.kind !== 'rbrace') fail(`expected }, found ${describeToken(close)}`, close)
    return [...new Set(values)].sort(compareBytes)
  }

  if (peek().kind === 'eof') return {type: 'all'}
  const root = parseOr()
  if (peek().kind !== 'eof') fail(`unexpected content at end of selector: ${describeToken(peek())}`, peek())
  return root
}

function lookup(labels: Labels, key: string): string | undefined {
  if (labels instanceof Map) return labels.get(key)
  const rec = labels as Readonly<Record<string, string>>
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined
}

/** Evaluates a tree against labels by walking it (the reference form; `compile` is the fast one). */
export function evaluateTree(node: SelectorNode, labels: Labels): boolean {
  switch (node.type) {
    case 'all':
    case 'global':
      return true
    case 'has':
      return lookup(labels, node.label) !== undefined
    case 'eq':
      return lookup(labels, node.label) === node.value
    case 'ne':
      return lookup(labels, node.label) !== node.value
    case 'contains': {
      const v = lookup(labels, node.label)
      return v !== undefined && v.includes(node.value)
    }
    case 'startswith': {
      const v = lookup(labels, node.label)
      return v !== undefined && v.startsWith(node.value)
    }
    case 'endswith': {
      const v = lookup(labels, node.label)
      return v !== undefined && v.endsWith(node.value)
    }
    case 'in': {
      const v = lookup(labels, node.label)
      return v !== undefined && node.values.includes(v)
    }
    case 'notin': {
      const v = lookup(labels, node.label)
      return v === undefined || !node.values.includes(v)
    }
    case 'not':
      return !evaluateTree(node.operand, labels)
    case 'and':
      return node.operands.every((n) => evaluateTree(n, labels))
    case 'or':
      return node.operands.some((n) => evaluateTree(n, labels))
  }
}

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`
}

/** Calico's canonical text of a tree (Selector.String()). */
export function canonicalText(node: SelectorNode): string {
  switch (node.type) {
    case 'all':
      return 'all()'
    case 'global':
      return 'global()'
    case 'has':
      return `has(${node.label})`
    case 'eq':
      return `${node.label} == ${quote(node.value)}`
    case 'ne':
      return `${node.label} != ${quote(node.value)}`
    case 'contains':
      return `${node.label} contains ${quote(node.value)}`
    case 'startswith':
      return `${node.label} starts with ${quote(node.value)}`
    case 'endswith':
      return `${node.label} ends with ${quote(node.value)}`
    case 'in':
    case 'notin':
      return `${node.label} ${node.type === 'in' ? 'in' : 'not in'} {${node.values.map(quote).join(', ')}}`
    case 'not':
      return `!${canonicalText(node.operand)}`
    case 'and':
      return `(${node.operands.map(canonicalText).join(' && ')})`
    case 'or':
      return `(${node.operands.map(canonicalText).join(' || ')})`
  }
}

/** Calico's UniqueID of a selector: "s:" and the base64url SHA-224 of "s:" plus the canonical text. */
export function uniqueIdOf(canonical: string): string {
  return 's:' + createHash('sha224').update('s:' + canonical).digest('base64url')
}
