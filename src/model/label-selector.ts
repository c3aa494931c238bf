/**
 * Kubernetes label selectors (`-l/--selector`): equality (`a=b`, `a==b`, `a!=b`) and set-based
 * (`a in (x,y)`, `a notin (x)`, `a`, `!a`) requirements, comma-separated, all of which must hold.
 * Semantics are Kubernetes': `a!=b` and `a notin (...)` also match objects that have no label `a`.
 */
import {isLabelValue, isQualifiedName, labelValueReasons, qualifiedNameReasons} from './kubernetes-names.js'

export interface LabelSelector {
  /** The selector in Kubernetes' canonical text form, suitable for a `labelSelector=` query. */
  readonly text: string
  matches(labels: Readonly<Record<string, string>> | undefined): boolean
}

export class LabelSelectorSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LabelSelectorSyntaxError'
  }
}

type SelectorOperator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!'

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

type TokenKind = 'word' | '=' | '==' | '!=' | '!' | '(' | ')' | ',' | 'end'

interface Token {
  kind: TokenKind
  text: string
  /** 1-based column in the selector text. */
  column: number
}

const SPECIAL = new Set(['=', '!', '(', ')', ','])

/** Splits selector text into tokens; words are runs of anything but whitespace and `=!(),`. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]
    if (/\s/.test(ch)) {
      i++
      continue
    }
    const column = i + 1
    if (ch === '=' && text[i + 1] === '=') {
      tokens.push({kind: '==', text: '==', column})
      i += 2
    } else if (ch === '!' && text[i + 1] === '=') {
      tokens.push({kind: '!=', text: '!=', column})
      i += 2
    } else if (SPECIAL.has(ch)) {
      tokens.push({kind: ch as TokenKind, text: ch, column})
      i++
    } else {
      let j = i
      while (j < text.length && !/\s/.test(text[j]) && !SPECIAL.has(text[j])) j++
      tokens.push({kind: 'word', text: text.slice(i, j), column})
      i = j
    }
  }
  tokens.push({kind: 'end', text: 'end of input', column: text.length + 1})
  return tokens
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'end of input' : `"${token.text}"`
}

class SelectorParser {
  private readonly tokens: Token[]
  private position = 0

  constructor(private readonly source: string) {
    this.tokens = tokenize(source)
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = []
    if (this.peek().kind === 'end') return requirements
    for (;;) {
      requirements.push(this.requirement())
      const next = this.next()
      if (next.kind === 'end') return requirements
      if (next.kind !== ',') this.fail(next, '"," between requirements or end of input')
    }
  }

  private requirement(): LabelRequirement {
    if (this.peek().kind === '!') {
      this.next()
      const key = this.key()
      const after = this.peek()
      if (after.kind !== ',' && after.kind !== 'end') this.fail(after, `"," or end of input after "!${key}"`)
      return {key, operator: '!', values: []}
    }
    const key = this.key()
    const op = this.peek()
    if (op.kind === ',' || op.kind === 'end') return {key, operator: 'exists', values: []}
    this.next()
    if (op.kind === '=' || op.kind === '==' || op.kind === '!=') {
      const valueToken = this.peek()
      let value = ''
      if (valueToken.kind === 'word') {
        this.next()
        value = valueToken.text
      } else if (valueToken.kind !== ',' && valueToken.kind !== 'end') {
        this.fail(valueToken, `a label value after "${key}${op.text}"`)
      }
      this.checkValue(value, valueToken)
      return {key, operator: op.kind === '!=' ? '!=' : '=', values: [value]}
    }
    if (op.kind === 'word' && (op.text === 'in' || op.text === 'notin')) {
      return {key, operator: op.text, values: this.valueSet(key, op.text)}
    }
    return this.fail(op, `one of "=", "==", "!=", "in", "notin", "," or end of input after label key "${key}"`)
  }

  private valueSet(key: string, operator: string): string[] {
    const open = this.next()
    if (open.kind !== '(') this.fail(open, `"(" after "${key} ${operator}"`)
    if (this.peek().kind === ')') this.fail(this.peek(), `at least one value in the value set of "${key} ${operator}"`)
    const values = new Set<string>()
    for (;;) {
      const token = this.peek()
      if (token.kind === 'word') {
        this.next()
        this.checkValue(token.text, token)
        values.add(token.text)
      } else if (token.kind === ',' || token.kind === ')') {
        // An empty value between separators, as Kubernetes allows: `a in (x,)` holds x and "".
        values.add('')
      } else {
        this.fail(token, `a label value or ")" in the value set of "${key}"`)
      }
      const separator = this.next()
      if (separator.kind === ')') break
      if (separator.kind !== ',') this.fail(separator, `"," or ")" in the value set of "${key}"`)
    }
    return [...values].sort()
  }

  private key(): string {
    const token = this.next()
    if (token.kind !== 'word') this.fail(token, 'a label key')
    const problem = labelKeyProblem(token.text)
    if (problem) {
      throw new LabelSelectorSyntaxError(`invalid label selector "${this.source}": invalid label key "${token.text}" at column ${token.column}: ${problem}`)
    }
    return token.text
  }

  private checkValue(value: string, token: Token): void {
    const problem = labelValueProblem(value)
    if (problem) {
      throw new LabelSelectorSyntaxError(`invalid label selector "${this.source}": invalid label value "${value}" at column ${token.column}: ${problem}`)
    }
  }

  private peek(): Token {
    return this.tokens[this.position]
  }

  private next(): Token {
    const token = this.tokens[this.position]
    if (this.position < this.tokens.length - 1) this.position++
    return token
  }

  private fail(token: Token, expected: string): never {
    return this.failAt(token.column, expected, describe(token))
  }

  private failAt(column: number, expected: string, found: string): never {
    throw new LabelSelectorSyntaxError(`invalid label selector "${this.source}": expected ${expected} at column ${column}, found ${found}`)
  }
}

function requirementText(r: LabelRequirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key
    case '!':
      return `!${r.key}`
    case '=':
    case '!=':
      return `${r.key}${r.operator}${r.values[0]}`
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`
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
      return has && value === r.values[0]
    case '!=':
      return !has || value !== r.values[0]
    case 'in':
      return has && r.values.includes(value!)
    case 'notin':
      return !has || !r.values.includes(value!)
  }
}

/** A parsed selector; requirements sorted by key (then operator text) as Kubernetes prints them. */
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
 * Throws LabelSelectorSyntaxError saying what was expected where.
 */
export function parseLabelSelector(text: string): LabelSelector & {readonly requirements: readonly LabelRequirement[]} {
  const requirements = new SelectorParser(text).parse()
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return new ParsedLabelSelector(sorted)
}
