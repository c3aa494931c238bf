/**
 * Go's fmt as go-templates reach it (print, println, printf and the printing of values), over the values a
 * template sees: JSON-decoded data (maps, slices, strings, float64 numbers, bools, nil) and the template's own
 * constants (ints, runes). A JS number is a Go float64; a GoInt is a Go int (or rune, for character constants).
 */
export class GoInt {
  /** `type`: int for a template's constants, int64 for integers in kubectl's unstructured objects. */
  constructor(readonly value: bigint, readonly type: 'int' | 'int64' | 'uint8' = 'int') {}
}

/**
 * The object as kubectl's printers hand it to templates: unstructured content, where a JSON number that is
 * an integer is an int64 and any other a float64.
 */
export function unstructured(v: unknown): GoValue {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? new GoInt(BigInt(v), 'int64') : v
  if (Array.isArray(v)) return v.map(unstructured)
  if (typeof v === 'object' && v !== null) {
    const out: GoMap = {}
    for (const [k, item] of Object.entries(v)) if (item !== undefined) out[k] = unstructured(item)
    return out
  }
  return v as GoValue
}

/** Go's `interface{}` values as text/template sees them; NO_VALUE is a missing map key (an invalid reflect.Value). */
export type GoValue = string | number | boolean | null | GoInt | GoValue[] | GoMap | typeof NO_VALUE
export type GoMap = {[key: string]: GoValue}
export const NO_VALUE = Symbol('no value')

export function isMap(v: unknown): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoInt)
}

/** The Go type name fmt prints in `%!d(float64=1)` and `%T`. */
export function goTypeName(v: GoValue): string {
  if (typeof v === 'string') return 'string'
  if (typeof v === 'number') return 'float64'
  if (typeof v === 'boolean') return 'bool'
  if (v instanceof GoInt) return v.type
  if (Array.isArray(v)) return '[]interface {}'
  if (v === null || v === NO_VALUE) return '<nil>'
  return 'map[string]interface {}'
}

/** strconv.FormatFloat(f, 'g', prec, 64) with Go's %v rule (shortest digits, exponent from 1e+06 or below 1e-04). */
export function formatFloatG(f: number, prec = -1, upper = false): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const shortest = prec < 0
  let digits: string
  let exp: number
  const e = shortest ? f.toExponential() : f.toExponential(Math.max(prec, 1) - 1)
  const m = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(e)!
  digits = m[2] + (m[3] ?? '')
  exp = Number(m[4])
  if (!shortest) digits = digits.replace(/0+$/, '') || '0'
  const sign = m[1]
  let eprec = shortest ? 6 : Math.max(prec, 1)
  if (!shortest && eprec > digits.length && digits.length >= exp + 1) eprec = digits.length
  if (exp < -4 || exp >= eprec) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const ex = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp))
    return `${sign}${mantissa}${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${ex}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
}

function formatExp(f: number, prec: number, upper: boolean): string {
  if (!Number.isFinite(f)) return formatFloatG(f)
  const m = /^(-?[\d.]+)e([-+])(\d+)$/.exec(f.toExponential(prec))!
  return `${m[1]}${upper ? 'E' : 'e'}${m[2]}${m[3].padStart(2, '0')}`
}

/** `%v` of a value (fmt.Sprint of one operand). */
export function formatValue(v: GoValue): string {
  return formatVerb(v, 'v', {})
}

interface Flags {
  minus?: boolean
  plus?: boolean
  zero?: boolean
  space?: boolean
  sharp?: boolean
  width?: number
  precision?: number
}

function isPrint(ch: string): boolean {
  return ch === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)
}

/** strconv.Quote. */
export function goQuote(s: string, quote = '"'): string {
  let out = quote
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += '\\' + ch
    else if (isPrint(ch)) out += ch
    else {
      const named: Record<string, string> = {'\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v'}
      const cp = ch.codePointAt(0)!
      if (named[ch]) out += named[ch]
      else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0')
      else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0')
      else out += '\\U' + cp.toString(16).padStart(8, '0')
    }
  }
  return out + quote
}

function pad(s: string, flags: Flags, numeric = false): string {
  const width = flags.width ?? 0
  const length = [...s].length
  if (length >= width) return s
  if (flags.minus) return s + ' '.repeat(width - length)
  if (flags.zero && numeric) {
    const sign = /^[-+ ]/.test(s) ? s[0] : ''
    return sign + '0'.repeat(width - length) + s.slice(sign.length)
  }
  if (flags.zero && !numeric) return '0'.repeat(width - length) + s
  return ' '.repeat(width - length) + s
}

function bad(verb: string, v: GoValue): string {
  if (v === null || v === NO_VALUE) return `%!${verb}(<nil>)`
  return `%!${verb}(${goTypeName(v)}=${formatValue(v)})`
}

function signed(s: string, negative: boolean, flags: Flags): string {
  if (negative) return '-' + s
  if (flags.plus) return '+' + s
  if (flags.space) return ' ' + s
  return s
}

function formatInt(n: bigint, verb: string, flags: Flags): string | undefined {
  const negative = n < 0n
  const abs = negative ? -n : n
  let digits: string
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString()
      break
    case 'x':
      digits = abs.toString(16)
      break
    case 'X':
      digits = abs.toString(16).toUpperCase()
      break
    case 'o':
      digits = abs.toString(8)
      break
    case 'b':
      digits = abs.toString(2)
      break
    case 'c':
      return pad(String.fromCodePoint(Number(n)), flags)
    case 'q':
      return pad(goQuote(String.fromCodePoint(Number(n)), "'"), flags)
    default:
      return undefined
  }
  if (flags.precision !== undefined) digits = digits.padStart(flags.precision, '0')
  return pad(signed(digits, negative, flags), {...flags, zero: flags.zero && flags.precision === undefined}, true)
}

function formatFloat(f: number, verb: string, flags: Flags): string | undefined {
  let s: string
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      s = formatFloatG(f, flags.precision ?? -1, verb === 'G')
      break
    case 'f':
    case 'F':
      s = Number.isFinite(f) ? f.toFixed(flags.precision ?? 6) : formatFloatG(f)
      break
    case 'e':
    case 'E':
      s = formatExp(f, flags.precision ?? 6, verb === 'E')
      break
    default:
      return undefined
  }
  if (flags.plus && !s.startsWith('-') && !s.startsWith('+')) s = '+' + s
  else if (flags.space && !s.startsWith('-')) s = ' ' + s
  if (!Number.isFinite(f) && !flags.plus && s.startsWith('+')) s = s.slice(1)
  return pad(s, flags, Number.isFinite(f))
}

function hexString(s: string, upper: boolean): string {
  const hex = Buffer.from(s, 'utf8').toString('hex')
  return upper ? hex.toUpperCase() : hex
}

/** One operand under one verb, as fmt prints it (maps sorted by key, slices space-separated). */
export function formatVerb(v: GoValue, verb: string, flags: Flags): string {
  if (verb === 'T') return pad(goTypeName(v), flags)
  if (v === null || v === NO_VALUE) return verb === 'v' ? pad('<nil>', flags) : bad(verb, v)
  if (typeof v === 'string') {
    let s = flags.precision !== undefined ? [...v].slice(0, flags.precision).join('') : v
    switch (verb) {
      case 'v':
      case 's':
        return pad(s, flags)
      case 'q':
        return pad(goQuote(s), flags)
      case 'x':
      case 'X':
        s = hexString(s, verb === 'X')
        return pad(s, flags)
      default:
        return bad(verb, v)
    }
  }
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), flags) : bad(verb, v)
  if (typeof v === 'number') return formatFloat(v, verb, flags) ?? bad(verb, v)
  if (v instanceof GoInt) return formatInt(v.value, verb, flags) ?? bad(verb, v)
  if (Array.isArray(v)) return `[${v.map(item => formatVerb(item, verb, flags)).join(' ')}]`
  const keys = Object.keys(v).sort(compareBytes)
  return `map[${keys.map(k => `${formatVerb(k, verb, flags)}:${formatVerb(v[k], verb, flags)}`).join(' ')}]`
}

/** Go's string order (bytes of UTF-8). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** fmt.Sprint: a space between operands when neither is a string. */
export function sprint(args: GoValue[]): string {
  let out = ''
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' '
    out += formatValue(arg)
  })
  return out
}

/** fmt.Sprintln: spaces between all operands and a final newline. */
export function sprintln(args: GoValue[]): string {
  return args.map(formatValue).join(' ') + '\n'
}

/** fmt.Sprintf over the verbs templates use; wrong types and counts print as Go's %!verb(...) notes. */
export function sprintf(format: string, args: GoValue[]): string {
  let out = ''
  let next = 0
  let i = 0
  while (i < format.length) {
    const ch = format[i]
    if (ch !== '%') {
      out += ch
      i++
      continue
    }
    i++
    const flags: Flags = {}
    for (; i < format.length; i++) {
      const f = format[i]
      if (f === '-') flags.minus = true
      else if (f === '+') flags.plus = true
      else if (f === '0') flags.zero = !flags.minus
      else if (f === ' ') flags.space = true
      else if (f === '#') flags.sharp = true
      else break
    }
    const width = /^\d+/.exec(format.slice(i))
    if (width) {
      flags.width = Number(width[0])
      i += width[0].length
    }
    if (format[i] === '.') {
      i++
      const precision = /^\d+/.exec(format.slice(i))
      flags.precision = precision ? Number(precision[0]) : 0
      if (precision) i += precision[0].length
    }
    if (i >= format.length) {
      out += '%!(NOVERB)'
      break
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!)
    i += verb.length
    if (verb === '%') {
      out += '%'
      continue
    }
    if (next >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    const arg = args[next++]
    out += /[vsdqxXtfFeEgGTcob]/.test(verb) ? formatVerb(arg, verb, flags) : bad(verb, arg)
  }
  if (next < args.length) {
    out += '%!(EXTRA ' + args.slice(next).map(a => (a === null || a === NO_VALUE ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`)).join(', ') + ')'
  }
  return out
}

const SIMPLE_ESCAPES: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\'}

/**
 * The text between the quotes of a Go string literal, escapes decoded as strconv.Unquote does (`quote` may be
 * escaped and may not appear bare). Undefined when Go would say "invalid syntax".
 */
export function unquoteGo(body: string, quote: string): string | undefined {
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === quote) return undefined
    if (c !== '\\') {
      out += c
      continue
    }
    const e = body[++i]
    if (e !== undefined && e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e]
    else if (e === quote) out += e
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = body.slice(i + 1, i + 1 + n)
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined
      const cp = parseInt(hex, 16)
      if (e !== 'x' && (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))) return undefined
      out += e === 'x' ? String.fromCharCode(cp) : String.fromCodePoint(cp)
      i += n
    } else if (/[0-7]/.test(e ?? '')) {
      const oct = body.slice(i, i + 3)
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined
      out += String.fromCharCode(parseInt(oct, 8))
      i += 2
    } else return undefined
  }
  return out
}
