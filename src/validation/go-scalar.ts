/**
 * How calicoctl's decoder turns a YAML number or boolean into a string when the field is a string: Go's
 * strconv forms (integers in decimal, floats as FormatFloat(f, 'g', -1, 64), booleans as true/false).
 */

/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits that read back as `f`, in exponent form
 * (`1e+06`, `1.5e-05`) when the decimal exponent is below -4 or at least 6 (Go decides with precision 6 in
 * shortest mode), plain decimal otherwise (`1000`, `1.1`).
 */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  // toExponential() without an argument gives the shortest round-tripping digits, like Go's shortest mode.
  const text = f.toExponential()
  const e = text.indexOf('e')
  const mantissa = text.slice(0, e)
  const exp = Number(text.slice(e + 1))
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp)
    return `${mantissa}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`
  }
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  let out: string
  if (exp < 0) {
    out = '0.' + '0'.repeat(-exp - 1) + digits
  } else if (digits.length <= exp + 1) {
    out = digits + '0'.repeat(exp + 1 - digits.length)
  } else {
    out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1)
  }
  return negative ? '-' + out : out
}

/**
 * The string calicoctl stores for a number or boolean found where a string belongs. A parsed YAML value no
 * longer says whether it was written as an integer or a float: safe integers are taken as integers (decimal),
 * everything else as a float.
 */
export function goScalarString(value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Number.isSafeInteger(value)) return String(value)
  return formatGoFloat(value)
}
