/**
 * How calicoctl's decoder turns a YAML number or boolean into a string when the field is a string:
 * sigs.k8s.io/yaml's forms (integers in decimal, floats as Go's FormatFloat(f, 'g', -1, 32), booleans as
 * true/false).
 */
import type {PathSegment} from '../problem/problem.js'

/** The shortest digits (and decimal exponent) that read back as `f`, as a float32 when `bits` is 32. */
function shortestDigits(f: number, bits: 32 | 64): {negative: boolean; digits: string; exp: number} {
  let text = f.toExponential()
  if (bits === 32) {
    for (let p = 1; p <= 9; p++) {
      const t = f.toExponential(p - 1)
      if (Math.fround(Number(t)) === f) {
        text = t
        break
      }
    }
  }
  const e = text.indexOf('e')
  const mantissa = text.slice(0, e)
  return {negative: mantissa.startsWith('-'), digits: mantissa.replace('-', '').replace('.', ''), exp: Number(text.slice(e + 1))}
}

/**
 * Go's `strconv.FormatFloat(f, 'g', -1, bits)`: the shortest digits that read back as `f` (as a float32 when
 * `bits` is 32, after rounding `f` to one), in exponent form (`1e+06`, `1.5e-05`) when the decimal exponent
 * is below -4 or at least 6 (Go decides with precision 6 in shortest mode), plain decimal otherwise.
 */
export function formatGoFloat(f: number, bits: 32 | 64 = 64): string {
  if (bits === 32) f = Math.fround(f)
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const {negative, digits, exp} = shortestDigits(f, bits)
  let out: string
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp)
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    out = `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`
  } else if (exp < 0) {
    out = '0.' + '0'.repeat(-exp - 1) + digits
  } else if (digits.length <= exp + 1) {
    out = digits + '0'.repeat(exp + 1 - digits.length)
  } else {
    out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1)
  }
  return negative ? '-' + out : out
}

/**
 * Strings that a reader knows calicoctl would store for a number where a string belongs, when the number's
 * value alone cannot say (an integer beyond 2^53, an integral value written as a float): by parent object,
 * then key or index.
 */
const storedTexts = new WeakMap<object, Map<PathSegment, string>>()

/** Remember the string calicoctl would store for the number at `parent[key]`. */
export function rememberScalarText(parent: object, key: PathSegment, text: string): void {
  let texts = storedTexts.get(parent)
  if (!texts) {
    texts = new Map()
    storedTexts.set(parent, texts)
  }
  texts.set(key, text)
}

/**
 * The string calicoctl stores for a number or boolean found where a string belongs: what the reader
 * remembered for `parent[key]`, else from the value (safe integers as integers, anything else as a float).
 */
export function goScalarString(value: number | boolean, parent?: object, key?: PathSegment): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (parent !== undefined && key !== undefined) {
    const text = storedTexts.get(parent)?.get(key)
    if (text !== undefined) return text
  }
  if (Number.isSafeInteger(value)) return String(value)
  return formatGoFloat(value, 32)
}
