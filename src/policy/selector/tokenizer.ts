/**
 * Tokenizer for Calico's selector language, following the lexical rules of libcalico-go's selector tokenizer:
 * only space and tab are whitespace, labels are runs of [A-Za-z0-9_./-], strings are quoted with ' or " and have
 * no escapes, operator words count only right after a label, and has( / all( / global( only as exact prefixes.
 */

export type TokenKind =
  | 'label'
  | 'string'
  | 'eq'
  | 'ne'
  | 'in'
  | 'notin'
  | 'contains'
  | 'startswith'
  | 'endswith'
  | 'has'
  | 'all'
  | 'global'
  | 'not'
  | 'and'
  | 'or'
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'comma'
  | 'eof'

export interface Token {
  readonly kind: TokenKind
  /** The label, the string's content, or has()'s label; absent for the other kinds. */
  readonly value?: string
  /** Offset of the token's first character in the selector (for eof, the selector's length). */
  readonly offset: number
}

/** The longest label Calico accepts, in bytes. */
export const MAX_LABEL_LENGTH = 512

/** A selector that does not tokenize or parse; `offset` is the character offset in the selector. */
export class SelectorSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly selector: string,
  ) {
    super(`${reason} (at offset ${offset} of selector ${JSON.stringify(selector)})`)
    this.name = 'SelectorSyntaxError'
  }
}

function isIdentifierChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 48 && c <= 57) || // 0-9
    c === 95 || // _
    c === 46 || // .
    c === 47 || // /
    c === 45 // -
  )
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++
  return i
}

function identifierEnd(s: string, i: number): number {
  while (i < s.length && isIdentifierChar(s.charCodeAt(i))) i++
  return i
}

/** The identifier s[start, end): empty gives "expected identifier", longer than 512 "label too long". */
function checkedIdentifier(s: string, start: number, end: number, fail: (reason: string, at: number) => never): string {
  if (end === start) fail('expected identifier', start)
  // Identifiers are ASCII, so their length in characters is their length in bytes.
  if (end - start > MAX_LABEL_LENGTH) fail(`label too long: ${s.slice(start, end)}`, start)
  return s.slice(start, end)
}

/**
 * At `i`: the words, ending at a word boundary (end of input or a non-identifier character). Returns the end
 * or -1. As in Calico, the words of a multi-word operator may be separated by any run of spaces and tabs, or
 * none, and spaces after its last word are skipped before the boundary is checked; a one-word operator is
 * checked right after the word.
 */
function matchWords(s: string, i: number, words: readonly string[]): number {
  let j = i
  for (const word of words) {
    if (!s.startsWith(word, j)) return -1
    j += word.length
    if (words.length > 1) j = skipSpace(s, j)
  }
  if (j < s.length && isIdentifierChar(s.charCodeAt(j))) return -1
  return j
}

const OPERATOR_WORDS: readonly [TokenKind, readonly string[]][] = [
  ['contains', ['contains']],
  ['startswith', ['starts', 'with']],
  ['endswith', ['ends', 'with']],
  ['notin', ['not', 'in']],
  ['in', ['in']],
]

const FUNCTIONS: readonly [TokenKind, string][] = [
  ['has', 'has('],
  ['all', 'all('],
  ['global', 'global('],
]

/** Splits a selector into tokens, ending with an `eof` token; throws SelectorSyntaxError. */
export function tokenize(selector: string): Token[] {
  const s = selector
  const out: Token[] = []
  const fail = (reason: string, at: number): never => {
    throw new SelectorSyntaxError(reason, at, selector)
  }
  let i = 0
  for (;;) {
    i = skipSpace(s, i)
    if (i >= s.length) {
      out.push({kind: 'eof', offset: s.length})
      return out
    }
    const start = i
    const c = s[i]
    switch (c) {
      case '(':
        out.push({kind: 'lparen', offset: start})
        i++
        continue
      case ')':
        out.push({kind: 'rparen', offset: start})
        i++
        continue
      case '{':
        out.push({kind: 'lbrace', offset: start})
        i++
        continue
      case '}':
        out.push({kind: 'rbrace', offset: start})
        i++
        continue
      case ',':
        out.push({kind: 'comma', offset: start})
        i++
        continue
      case '"':
      case "'": {
        const end = s.indexOf(c, i + 1)
        if (end < 0) fail('unterminated string', start)
        out.push({kind: 'string', value: s.slice(i + 1, end), offset: start})
        i = end + 1
        continue
      }
      case '=':
        if (s[i + 1] !== '=') fail('expected ==', start)
        out.push({kind: 'eq', offset: start})
        i += 2
        continue
      case '!':
        if (s[i + 1] === '=') {
          out.push({kind: 'ne', offset: start})
          i += 2
        } else {
          out.push({kind: 'not', offset: start})
          i++
        }
        continue
      case '&':
        if (s[i + 1] !== '&') fail('expected &&', start)
        out.push({kind: 'and', offset: start})
        i += 2
        continue
      case '|':
        if (s[i + 1] !== '|') fail('expected ||', start)
        out.push({kind: 'or', offset: start})
        i += 2
        continue
    }
    // After a label, anything but punctuation must be an operator word.
    if (out.length > 0 && out[out.length - 1].kind === 'label') {
      let matched = false
      for (const [kind, words] of OPERATOR_WORDS) {
        const wend = matchWords(s, i, words)
        if (wend >= 0) {
          out.push({kind, offset: i})
          i = wend
          matched = true
          break
        }
      }
      if (!matched) fail(`expected operator after label ${JSON.stringify(out[out.length - 1].value)}`, i)
      continue
    }
    const fn = FUNCTIONS.find(([, prefix]) => s.startsWith(prefix, i))
    if (fn) {
      const [kind, prefix] = fn
      let j = skipSpace(s, i + prefix.length)
      let value: string | undefined
      if (kind === 'has') {
        const end = identifierEnd(s, j)
        value = checkedIdentifier(s, j, end, fail)
        j = skipSpace(s, end)
      }
      if (s[j] !== ')') fail(`no closing ')' after ${prefix}`, j)
      out.push(value === undefined ? {kind, offset: start} : {kind, value, offset: start})
      i = j + 1
      continue
    }
    const end = identifierEnd(s, i)
    out.push({kind: 'label', value: checkedIdentifier(s, i, end, fail), offset: start})
    i = end
  }
}
