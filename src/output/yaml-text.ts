/**
 * YAML as calicoctl prints it (JSON through go-yaml v2): keys sorted in go-yaml's natural order (`rack9` before
 * `rack10`), block sequences not indented under their key, strings that would read back as another type
 * (numbers, YAML 1.1 booleans like `yes`, null, timestamps) double-quoted, a final newline. Long strings are
 * never folded (go-yaml folds at 80 columns; one line per value is easier to grep and diff).
 *
 * The `yaml` package gives this with the options below, but needs about 100 µs per HostEndpoint; `get -o yaml`
 * of 10,000 objects must be fast, so `toYaml` has a direct emitter for the common shape (maps, arrays, safe
 * integers, strings of a conservative character set) and hands any top-level object it cannot emit to the
 * `yaml` package, which is loaded only then. A differential test proves both produce the same text.
 */
import type {Pair} from 'yaml'
import {yamlPackage} from '../json/yaml-package.js'
import {compareKeys} from './key-order.js'

const keyText = (key: unknown): string => String(yamlPackage().isScalar(key) ? key.value : key)

/**
 * Options that make the `yaml` package print as calicoctl does: keys in go-yaml's order, and single quotes
 * where a string must be quoted for its characters (`'*'`), as go-yaml does.
 */
export const YAML_OPTIONS = {
  version: '1.1',
  sortMapEntries: (a: Pair, b: Pair) => compareKeys(keyText(a.key), keyText(b.key)),
  indentSeq: false,
  lineWidth: 0,
  singleQuote: true,
} as const

/**
 * Plain scalars that YAML 1.1 resolves to a type other than string (yaml.org/type: null, bool, int, float,
 * timestamp), plus the `0o` octal integers go-yaml also resolves. A test holds these to the `yaml` package's
 * own YAML 1.1 tags.
 */
const TYPE_TESTS: RegExp[] = [
  /^(?:~|null|Null|NULL)?$/,
  /^(?:[yYnN]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF)$/,
  // int: binary, octal (0 or 0o), hexadecimal, decimal and base 60 (1:30)
  /^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)$/,
  // float: with a point (a bare `.` included), with an exponent, base 60 with a point, infinities; NaN
  /^[-+]?(?:(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|(?:[0-9][0-9_]*)?[eE][-+]?[0-9]+|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|\.(?:inf|Inf|INF))$/,
  /^\.(?:nan|NaN|NAN)$/,
  // timestamp: a date, optionally a time and a zone
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:[ \t]*(?:Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
]

/** go-yaml quotes strings that start like a document marker, wherever they are. */
const DOCUMENT_MARKER_START = /^(---|\.\.\.)/

function looksTyped(s: string): boolean {
  return TYPE_TESTS.some(re => re.test(s))
}

/**
 * Emit with the `yaml` package only (the reference the direct emitter is tested against). Strings that would
 * read back as another type are double-quoted, as go-yaml does; the `yaml` package would single-quote them.
 */
export function toYamlReference(value: unknown): string {
  const {Document, Scalar, visit} = yamlPackage()
  const doc = new Document(value, YAML_OPTIONS)
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return
      if (looksTyped(node.value)) node.type = Scalar.QUOTE_DOUBLE
      else if (DOCUMENT_MARKER_START.test(node.value)) node.type = Scalar.QUOTE_SINGLE
    },
  })
  return doc.toString(YAML_OPTIONS)
}

/**
 * Characters the direct emitter writes plain. No spaces, no indicators at the start, nothing the `yaml` package
 * would quote for position (`: `, ` #`, trailing `:`); `...` at the start is left to the fallback.
 */
const SAFE_PLAIN = /^(?!\.\.\.)[A-Za-z0-9_./][A-Za-z0-9_./:@+=-]*$/

/** Strings that must be quoted only because they start with an indicator (`*`, `&`, `!`...): single quotes. */
const INDICATOR_START = /^[*&!%@`|>#,[\]{}][A-Za-z0-9_./@+=-]*$/

const decisions = new Map<string, string | null>()

/** The YAML for a string if the direct emitter can write it (plain, single- or double-quoted), else null. */
function scalarText(s: string): string | null {
  const known = decisions.get(s)
  if (known !== undefined) return known
  let text: string | null
  if (s === '') text = '""'
  else if (INDICATOR_START.test(s)) text = `'${s}'`
  else if (!SAFE_PLAIN.test(s) || s.endsWith(':')) text = null
  else if (looksTyped(s)) text = `"${s}"`
  else text = s
  if (decisions.size < 100_000) decisions.set(s, text)
  return text
}

class Unsupported extends Error {}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

function scalar(v: unknown): string {
  if (typeof v === 'string') {
    const text = scalarText(v)
    if (text === null) throw new Unsupported()
    return text
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  throw new Unsupported()
}

/** Sorted key lists by the keys in their original order: HostEndpoints repeat the same few shapes. */
const sortedKeys = new Map<string, string[]>()

/** The keys of a mapping in go-yaml's order (keys with undefined values included: the callers skip them). */
function keysInOrder(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj)
  if (keys.length < 2) return keys
  const signature = keys.join('\u0000')
  let sorted = sortedKeys.get(signature)
  if (!sorted) {
    sorted = keys.sort(compareKeys)
    if (sortedKeys.size < 10_000) sortedKeys.set(signature, sorted)
  }
  return sorted
}

/** Whether a mapping has any key to print (undefined values are dropped). */
function isEmptyMap(obj: Record<string, unknown>): boolean {
  for (const key in obj) if (obj[key] !== undefined) return false
  return true
}

/** Append a mapping whose keys start at `indent`; the first line continues `lead` (a `- ` or nothing). */
function emitMap(obj: Record<string, unknown>, indent: string, out: string[], lead: string): void {
  let first = true
  for (const key of keysInOrder(obj)) {
    const value = obj[key]
    if (value === undefined) continue
    const prefix = first ? lead : indent
    first = false
    const k = scalarText(key)
    if (k === null) throw new Unsupported()
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(`${prefix}${k}: []\n`)
      else {
        out.push(`${prefix}${k}:\n`)
        emitSeq(value, indent, out)
      }
    } else if (isPlainObject(value)) {
      if (isEmptyMap(value)) out.push(`${prefix}${k}: {}\n`)
      else {
        out.push(`${prefix}${k}:\n`)
        emitMap(value, indent + '  ', out, indent + '  ')
      }
    } else {
      out.push(`${prefix}${k}: ${scalar(value)}\n`)
    }
  }
  if (first) throw new Unsupported()
}

/** Append a block sequence whose dashes sit at `indent` (not indented under the key). */
function emitSeq(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    if (Array.isArray(item)) throw new Unsupported()
    if (isPlainObject(item)) {
      if (isEmptyMap(item)) out.push(`${indent}- {}\n`)
      else emitMap(item, indent + '  ', out, indent + '- ')
    } else {
      out.push(`${indent}- ${scalar(item)}\n`)
    }
  }
}

/**
 * A mapping as YAML through the direct emitter alone: null when it holds something only the `yaml` package
 * can write. `lead` is put before the first key (`- ` for a sequence item), `indent` before the others.
 */
export function directYaml(obj: unknown, indent = '', lead = ''): string | null {
  if (!isPlainObject(obj)) return null
  try {
    const out: string[] = []
    emitMap(obj, indent, out, lead)
    return out.join('')
  } catch (e) {
    if (e instanceof Unsupported) return null
    throw e
  }
}

/** One top-level object (a HostEndpoint) as YAML, through the direct emitter or else the `yaml` package. */
function objectYaml(obj: unknown): string {
  return directYaml(obj) ?? toYamlReference(obj)
}

/** One element of a top-level `items:` sequence, as `- key: ...` lines. */
function itemYaml(obj: unknown): string {
  return directYaml(obj, '  ', '- ') ?? toYamlReference([obj])
}

/**
 * YAML for a HostEndpoint, a HostEndpointList or any plain data, equal to `toYamlReference(value)`. A mapping
 * with an `items` array (a List) is emitted item by item, so one unusual object does not slow down the rest.
 */
export function toYaml(value: unknown): string {
  if (!isPlainObject(value)) return toYamlReference(value)
  const items = value.items
  if (!Array.isArray(items) || items.length === 0) return objectYaml(value)
  const parts: string[] = []
  for (const key of keysInOrder(value)) {
    const v = value[key]
    if (v === undefined) continue
    if (key === 'items') {
      parts.push('items:\n')
      for (const item of items) parts.push(itemYaml(item))
    } else {
      // Each other top-level entry on its own, as the yaml package would print it in this map.
      parts.push(objectYaml({[key]: v}))
    }
  }
  return parts.join('')
}
