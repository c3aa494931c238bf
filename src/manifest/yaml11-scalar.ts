/**
 * Resolution of PLAIN (unquoted) YAML scalars the way calicoctl's parser (go-yaml v2, YAML 1.1) sees them,
 * so that `on`, `0x1F` or `1e3` mean here what they mean to calicoctl. Quoted scalars never come here: they
 * are always strings.
 */

import {formatGoFloat, goScalarString} from '../validation/go-scalar.js'
import {GIVE_UP} from './fast-result.js'

export type ScalarValue = string | number | boolean | null

/** Plain scalars with a fixed meaning (go-yaml v2's resolve table); none is longer than 5 characters. */
const FIXED = new Map<string, ScalarValue>([
  ['y', true], ['Y', true], ['yes', true], ['Yes', true], ['YES', true],
  ['on', true], ['On', true], ['ON', true], ['true', true], ['True', true], ['TRUE', true],
  ['n', false], ['N', false], ['no', false], ['No', false], ['NO', false],
  ['off', false], ['Off', false], ['OFF', false], ['false', false], ['False', false], ['FALSE', false],
  ['', null], ['~', null], ['null', null], ['Null', null], ['NULL', null],
  ['.nan', Number.NaN], ['.NaN', Number.NaN], ['.NAN', Number.NaN],
  ['.inf', Number.POSITIVE_INFINITY], ['.Inf', Number.POSITIVE_INFINITY], ['.INF', Number.POSITIVE_INFINITY],
  ['+.inf', Number.POSITIVE_INFINITY], ['+.Inf', Number.POSITIVE_INFINITY], ['+.INF', Number.POSITIVE_INFINITY],
  ['-.inf', Number.NEGATIVE_INFINITY], ['-.Inf', Number.NEGATIVE_INFINITY], ['-.INF', Number.NEGATIVE_INFINITY],
])

/** What the first character says may follow: 0 = always a string, 1 = fixed table only, 2 = number, 3 = `.`. */
const HINT = new Uint8Array(128)
for (const c of 'yYnNtTfFoO~') HINT[c.charCodeAt(0)] = 1
for (const c of '0123456789+-') HINT[c.charCodeAt(0)] = 2
HINT['.'.charCodeAt(0)] = 3

/** go-yaml v2's float syntax (applied after `_` separators are removed). */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
/** Go's strconv.ParseFloat syntax for a decimal number that starts with `.`. */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/
/** Digits allowed after each of Go's integer prefixes. */
const DIGITS = {
  dec: /^[0-9]+$/,
  hex: /^[0-9a-fA-F]+$/,
  oct: /^[0-7]+$/,
  bin: /^[01]+$/,
}

const INT64_MAX = 2n ** 63n - 1n
const UINT64_MAX = 2n ** 64n - 1n

/**
 * Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint: sign, then `0x`, `0o`, `0b` or a leading-0
 * octal prefix. Returns the exact value, or undefined when Go would fail (bad digits or out of the 64-bit range).
 */
function parseGoBigInt(s: string): bigint | undefined {
  let i = 0
  let negative = false
  const c0 = s.charCodeAt(0)
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    negative = c0 === 45
    i = 1
  }
  let body = s.slice(i)
  let prefix = ''
  let digits = DIGITS.dec
  if (body.length > 1 && body.charCodeAt(0) === 48 /* 0 */) {
    const p = body.charCodeAt(1) | 0x20
    if (p === 120 /* x */) { prefix = '0x'; digits = DIGITS.hex; body = body.slice(2) }
    else if (p === 111 /* o */) { prefix = '0o'; digits = DIGITS.oct; body = body.slice(2) }
    else if (p === 98 /* b */) { prefix = '0b'; digits = DIGITS.bin; body = body.slice(2) }
    else { prefix = '0o'; digits = DIGITS.oct; body = body.slice(1) }
  }
  if (body.length === 0 || !digits.test(body)) return undefined
  const big = BigInt(prefix + body)
  if (negative ? big > INT64_MAX + 1n : big > UINT64_MAX) return undefined
  return negative ? -big : big
}

/** parseGoBigInt as a JavaScript number (rounded beyond 2^53; `-0` is 0). */
function parseGoInt(s: string): number | undefined {
  if (s.length <= 15 && s.charCodeAt(0) !== 48 && DIGITS.dec.test(s)) return Number(s)
  const big = parseGoBigInt(s)
  return big === undefined ? undefined : Number(big) || 0
}

/** The value of a PLAIN scalar under go-yaml v2's YAML 1.1 rules. */
export function resolvePlainScalar(text: string): ScalarValue {
  if (text.length === 0) return null
  const c = text.charCodeAt(0)
  const hint = c < 128 ? HINT[c] : 0
  if (hint === 0) return text
  if (text.length <= 5) {
    const fixed = FIXED.get(text)
    if (fixed !== undefined) return fixed
  }
  if (hint === 1) return text
  if (hint === 3) {
    if (!DOT_FLOAT.test(text)) return text
    const f = Number(text)
    return Number.isFinite(f) ? f : text
  }
  // A number or a string. (go-yaml v2 also spots timestamps here, but into untyped data they stay strings.)
  const plain = text.includes('_') ? text.replaceAll('_', '') : text
  const int = parseGoInt(plain)
  if (int !== undefined) return int
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain.endsWith('.') ? plain.slice(0, -1) : plain)
    // Go's ParseFloat fails on overflow, and go-yaml then keeps the text.
    return Number.isFinite(f) ? f : text
  }
  return text
}

/**
 * The JSON key a resolved mapping key becomes (as sigs.k8s.io/yaml converts go-yaml's keys): strings as
 * they are, booleans and numbers as text, null as `null`.
 */
export function keyText(key: ScalarValue): string {
  if (typeof key === 'string') return key
  if (key === null) return 'null'
  if (typeof key === 'number') {
    if (Number.isNaN(key)) return '.nan'
    if (key === Number.POSITIVE_INFINITY) return '.inf'
    if (key === Number.NEGATIVE_INFINITY) return '-.inf'
  }
  return String(key)
}

/**
 * The text sigs.k8s.io/yaml writes for a PLAIN scalar that resolves to a number, where a string belongs:
 * integers exactly, in decimal (Go's FormatInt), floats as Go's FormatFloat(f, 'g', -1, 32). Undefined for a
 * scalar that is not a finite number.
 */
export function plainNumberText(text: string): string | undefined {
  const value = resolvePlainScalar(text)
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
  const plain = text.includes('_') ? text.replaceAll('_', '') : text
  const int = parseGoBigInt(plain)
  return int === undefined ? formatGoFloat(value, 32) : int.toString()
}

/**
 * True when a number resolved from the PLAIN scalar `text` converts to the same string from its value alone
 * (goScalarString) as from its text: false for integers beyond 2^53, integral values written as floats
 * (`1e6`, `2.0`), NaN and infinities. Readers that cannot carry the text give up on those.
 */
export function isPlainNumberExact(text: string, value: number): boolean {
  if (Number.isSafeInteger(value) && text.length <= 15 && DIGITS.dec.test(text)) return true
  if (!Number.isFinite(value)) return false
  return plainNumberText(text) === goScalarString(value)
}

/**
 * The JSON key a PLAIN mapping key becomes (as sigs.k8s.io/yaml converts go-yaml's keys): numbers as Go
 * writes them (integers exactly, floats with 32-bit precision, infinities as `.inf`), booleans as text.
 */
export function plainKeyText(text: string): string {
  const value = resolvePlainScalar(text)
  if (typeof value !== 'number' || !Number.isFinite(value)) return keyText(value)
  const out = plainNumberText(text)!
  return out === '+Inf' ? '.inf' : out === '-Inf' ? '-.inf' : out
}

/**
 * For the fast readers, which cannot carry a number's text: the value of a PLAIN scalar, or GIVE_UP when it
 * is a number whose string form its value cannot give (see isPlainNumberExact).
 */
export function exactPlainValue(text: string): ScalarValue | typeof GIVE_UP {
  const value = resolvePlainScalar(text)
  return typeof value === 'number' && !isPlainNumberExact(text, value) ? GIVE_UP : value
}
