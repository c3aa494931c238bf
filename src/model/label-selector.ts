/**
 * Kubernetes label selectors (`-l/--selector`), read as the API server reads `labelSelector=`: equality
 * (`a=b`, `a==b`, `a!=b`), set-based (`a in (x,y)`, `a notin (x)`, `a`, `!a`) and integer comparisons
 * (`a>1`, `a<1`), comma-separated, all of which must hold. `a in ()` holds the empty value, as in Kubernetes.
 * Semantics are Kubernetes': `a!=b` and `a notin (...)` also match objects that have no label `a`; `a>1`
 * matches only objects whose label `a` is an integer. Syntax errors use the API server's words.
 */
import {isLabelValue, isQualifiedName, labelValueReasons, qualifiedNameReasons} from './kubernetes-names.js'

export interface LabelSelector {
  /** The selector in Kubernetes' canonical text form (its String()), suitable for a `labelSelector=` query. */
  readonly text: string
  matches(labels: Readonly<Record<string, string>> | undefined): boolean
}

export class LabelSelectorSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LabelSelectorSyntaxError'
  }
}

type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<'

/** One requirement of a selector; `values` is sorted and has no duplicates. */
export interface LabelRequirement {
  key: string
  operator: SelectorOperator
  values: string[]
}

/** Why `key` is not a valid label key (Kubernetes IsQualifiedName), or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  return isQualifiedName(key) ? undefined : qualifiedNameReasons(key).join('; ')
}

/** Why `value` is not a valid label value (Kubernetes IsValidLabelValue), or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  return isLabelValue(value) ? undefined : labelValueReasons(value).join('; ')
}

/** Token kinds; `id` is any other run of characters. `in`/`notin` are words that read as values where a value fits. */
type TokenKind = 'id' | 'in' | 'notin' | '=' | '==' | '!=' | '!' | '>' | '<' | '(' | ')' | ',' | 'end'

interface Token {
  kind: TokenKind
  text: string
}

const SYMBOLS = new Set(['=', '!', '(', ')', ',', '>', '<'])
const SYMBOL_TOKENS = new Set(['=', '==', '!=', '!', '>', '<', '(', ')', ','])
const isBlank = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'

/** Kubernetes' lexer: blanks separate; a run of symbols is cut at its longest known operator. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  for (;;) {
    while (i < text.length && isBlank(text[i])) i++
    if (i >= text.length) break
    if (SYMBOLS.has(text[i])) {
      const two = text.slice(i, i + 2)
      const symbol = SYMBOL_TOKENS.has(two) ? two : text[i]
      tokens.push({kind: symbol as TokenKind, text: symbol})
      i += symbol.length
      continue
    }
    let j = i
    while (j < text.length && !SYMBOLS.has(text[j]) && !isBlank(text[j])) j++
    const word = text.slice(i, j)
    tokens.push({kind: word === 'in' || word === 'notin' ? word : 'id', text: word})
    i = j
  }
  tokens.push({kind: 'end', text: ''})
  return tokens
}

/** Where a value may stand, `in` and `notin` are plain words. */
type Context = 'operator' | 'value'

const OPERATOR_WORDS = "'=', '!=', '==', 'in', notin'"

class SelectorParser {
  private readonly tokens: Token[]
  private position = 0

  constructor(source: string) {
    this.tokens = tokenize(source)
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = []
    for (;;) {
      const token = this.peek('value')
      if (token.kind === 'end') return requirements
      if (token.kind !== 'id' && token.kind !== '!') throw new LabelSelectorSyntaxError(`found '${token.text}', expected: !, identifier, or 'end of string'`)
      try {
        requirements.push(this.requirement())
      } catch (error) {
        if (error instanceof LabelSelectorSyntaxError) throw new LabelSelectorSyntaxError(`unable to parse requirement: ${error.message}`)
        throw error
      }
      const after = this.next('value')
      if (after.kind === 'end') return requirements
      if (after.kind !== ',') throw new LabelSelectorSyntaxError(`found '${after.text}', expected: ',' or 'end of string'`)
      const following = this.peek('value')
      if (following.kind !== 'id' && following.kind !== '!') {
        throw new LabelSelectorSyntaxError(`found '${following.text}', expected: identifier after ','`)
      }
    }
  }

  private requirement(): LabelRequirement {
    let token = this.next('value')
    const negated = token.kind === '!'
    if (negated) token = this.next('value')
    if (token.kind !== 'id') throw new LabelSelectorSyntaxError(`found '${token.text}', expected: identifier`)
    const key = token.text
    const keyProblem = labelKeyProblem(key)
    if (keyProblem) throw new LabelSelectorSyntaxError(`invalid label key "${key}": ${keyProblem}`)
    // `!key` ends the requirement whatever follows (`!a=b` then fails on the `=`).
    if (negated) return {key, operator: '!', values: []}
    const lookahead = this.peek('value').kind
    if (lookahead === 'end' || lookahead === ',') return {key, operator: 'exists', values: []}

    const op = this.next('operator')
    let operator: SelectorOperator
    let values: string[]
    switch (op.kind) {
      case 'in':
      case 'notin':
        operator = op.kind
        values = this.valueSet()
        break
      case '=':
      case '==':
      case '!=':
      case '>':
      case '<':
        operator = op.kind
        values = [this.exactValue()]
        break
      default:
        throw new LabelSelectorSyntaxError(`found '${op.text}', expected: ${OPERATOR_WORDS}`)
    }
    if ((operator === '>' || operator === '<') && !isInt64(values[0])) {
      throw new LabelSelectorSyntaxError("for 'Gt', 'Lt' operators, the value must be an integer")
    }
    for (const value of values) {
      const problem = labelValueProblem(value)
      if (problem) throw new LabelSelectorSyntaxError(`invalid label value: "${value}": at key: "${key}": ${problem}`)
    }
    return {key, operator, values}
  }

  private valueSet(): string[] {
    const open = this.next('value')
    if (open.kind !== '(') throw new LabelSelectorSyntaxError(`found '${open.text}' expected: '('`)
    const first = this.peek('value')
    if (first.kind === ')') {
      this.next('value')
      return ['']
    }
    if (first.kind !== 'id' && first.kind !== ',') throw new LabelSelectorSyntaxError(`found '${first.text}', expected: ',', ')' or identifier`)
    const values = new Set<string>()
    for (;;) {
      const token = this.next('value')
      if (token.kind === 'id') {
        values.add(token.text)
        const after = this.peek('value')
        if (after.kind === ')') break
        if (after.kind !== ',') throw new LabelSelectorSyntaxError(`found '${after.text}', expected: ',' or ')'`)
      } else if (token.kind === ',') {
        // Empty values around commas, as Kubernetes reads `(,x)`, `(x,)` and `(x,,y)`.
        if (values.size === 0) values.add('')
        const after = this.peek('value')
        if (after.kind === ')') {
          values.add('')
          break
        }
        if (after.kind === ',') {
          this.next('value')
          values.add('')
        }
      } else {
        throw new LabelSelectorSyntaxError(`found '${token.text}', expected: ',', or identifier`)
      }
    }
    this.next('value') // the `)` seen above
    return [...values].sort(compareStrings)
  }

  private exactValue(): string {
    const token = this.peek('value')
    if (token.kind === 'end' || token.kind === ',') return ''
    this.next('value')
    if (token.kind === 'id') return token.text
    throw new LabelSelectorSyntaxError(`found '${token.text}', expected: identifier`)
  }

  private peek(context: Context): Token {
    return this.inContext(this.tokens[this.position], context)
  }

  private next(context: Context): Token {
    const token = this.tokens[this.position]
    if (this.position < this.tokens.length - 1) this.position++
    return this.inContext(token, context)
  }

  private inContext(token: Token, context: Context): Token {
    return context === 'value' && (token.kind === 'in' || token.kind === 'notin') ? {kind: 'id', text: token.text} : token
  }
}

/** Go's strconv.ParseInt(s, 10, 64) succeeds. */
function isInt64(s: string): boolean {
  if (!/^[+-]?\d+$/.test(s)) return false
  const n = BigInt(s)
  return n >= -(2n ** 63n) && n < 2n ** 63n
}

/** Go's string order (UTF-8 bytes); the same as UTF-16 order for the characters label values allow. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function requirementText(r: LabelRequirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key
    case '!':
      return `!${r.key}`
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`
    default:
      return `${r.key}${r.operator}${r.values[0]}`
  }
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key)
  const value = has ? labels[r.key] : undefined
  switch (r.operator) {
    case 'exists':
      return has
    case '!':
      return !has
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value!)
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value!)
    case '>':
    case '<': {
      if (!has || !isInt64(value!)) return false
      const actual = BigInt(value!)
      const limit = BigInt(r.values[0])
      return r.operator === '>' ? actual > limit : actual < limit
    }
  }
}

/** A parsed selector; requirements sorted by key (stable) as Kubernetes prints them. */
class ParsedLabelSelector implements LabelSelector {
  readonly text: string

  constructor(readonly requirements: readonly LabelRequirement[]) {
    this.text = requirements.map(requirementText).join(',')
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const actual = labels ?? {}
    return this.requirements.every(r => requirementMatches(r, actual))
  }
}

/**
 * Parses a Kubernetes label selector. The empty (or all-blank) selector matches everything.
 * Throws LabelSelectorSyntaxError: `invalid label selector "<text>": ` and then the API server's message.
 */
export function parseLabelSelector(text: string): LabelSelector & {readonly requirements: readonly LabelRequirement[]} {
  let requirements: LabelRequirement[]
  try {
    requirements = new SelectorParser(text).parse()
  } catch (error) {
    if (error instanceof LabelSelectorSyntaxError) throw new LabelSelectorSyntaxError(`invalid label selector "${text}": ${error.message}`)
    throw error
  }
  const sorted = [...requirements].sort((a, b) => compareStrings(a.key, b.key))
  return new ParsedLabelSelector(sorted)
}
