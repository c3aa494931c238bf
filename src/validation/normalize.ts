/**
 * calicoctl's lenient decoding (reference §4.3), done before the schema check: field names matched
 * case-insensitively, numbers and booleans where a string belongs turned into Go's strings, null or empty
 * values dropped, quoted protocol numbers read as numbers. Each leniency is reported, because it usually
 * hides a mistake. Unknown fields are kept as written for the schema check to report.
 */
import type {PathSegment} from '../problem/problem.js'
import type {Finding} from './finding.js'
import {goScalarString} from './go-scalar.js'
import {formatPath} from '../problem/path-text.js'
import type {FieldShape, StructShape} from '../schema/schema-fields.js'
import {setOwn} from '../json/own-property.js'
import {isJsonObject} from '../json/json-object.js'

/** Field names renamed during normalization, per normalized object: canonical name to the name as written. */
export type Renames = Map<object, Map<string, string>>

export interface Normalized {
  value: unknown
  /** Absent when every field name was written canonically (the common case). */
  renames?: Renames
}

const UINT8_DECIMAL = /^[0-9]+$/

class Normalizer {
  renames?: Renames
  /** Canonical and as-written paths of the value being normalized (stacks, copied only for findings). */
  readonly path: PathSegment[] = []
  readonly sourcePath: PathSegment[] = []

  constructor(private readonly findings: Finding[]) {}

  private report(severity: Finding['severity'], code: Finding['code'], message: string, target: 'key' | 'value' = 'value'): void {
    this.findings.push({severity, code, message, path: [...this.path], sourcePath: [...this.sourcePath], target})
  }

  private converted(value: number | boolean, text: string): void {
    const what = typeof value === 'boolean'
      ? `the boolean ${value} (YAML also reads yes/no/on/off/y/n as booleans)`
      : `the number ${value}`
    this.report('warning', 'scalar-converted',
      `${formatPath(this.path)} is ${what} where a string belongs; it is read as the string "${text}". Quote the value if that is what you meant`)
  }

  /** `parent` and `key` say where `v` is, for the string a reader remembered for a number there. */
  value(v: unknown, shape: FieldShape, keepEmpty: boolean, parent?: object, key?: PathSegment): unknown {
    if (v === null || v === undefined) return undefined
    switch (shape.kind) {
      case 'string':
        if (typeof v === 'string') return v === '' && !keepEmpty ? undefined : v
        if (typeof v === 'number' || typeof v === 'boolean') {
          const text = goScalarString(v, parent, key)
          this.converted(v, text)
          return text
        }
        return v
      case 'protocol':
        if (typeof v === 'string' && UINT8_DECIMAL.test(v) && Number(v) <= 255) {
          const n = Number(v)
          this.report('warning', 'scalar-converted', `${formatPath(this.path)} "${v}" is read as the protocol number ${n}`)
          return n
        }
        return v
      case 'stringMap':
        return isJsonObject(v) ? this.stringMap(v) : v
      case 'array':
        return Array.isArray(v) ? this.array(v, shape.items) : v
      case 'struct':
        return isJsonObject(v) ? this.struct(v, shape) : v
      default:
        return v
    }
  }

  private stringMap(input: Record<string, unknown>): Record<string, unknown> | undefined {
    const out: Record<string, unknown> = {}
    let count = 0
    for (const key of Object.keys(input)) {
      let v = input[key]
      if (typeof v !== 'string') {
        if (v === null || v === undefined) {
          v = ''
        } else if (typeof v === 'number' || typeof v === 'boolean') {
          this.path.push(key)
          this.sourcePath.push(key)
          const text = goScalarString(v, input, key)
          this.converted(v, text)
          this.path.pop()
          this.sourcePath.pop()
          v = text
        }
      }
      setOwn(out, key, v)
      count++
    }
    return count === 0 ? undefined : out
  }

  private array(input: unknown[], items: FieldShape): unknown[] | undefined {
    if (input.length === 0) return undefined
    const out = new Array<unknown>(input.length)
    for (let i = 0; i < input.length; i++) {
      const item = input[i]
      if ((item === null || item === undefined) && items.kind === 'string') {
        out[i] = ''
        continue
      }
      if (typeof item === 'string') {
        out[i] = item
        continue
      }
      this.path.push(i)
      this.sourcePath.push(i)
      const v = this.value(item, items, true, input, i)
      out[i] = v === undefined ? null : v
      this.path.pop()
      this.sourcePath.pop()
    }
    return out
  }

  struct(input: Record<string, unknown>, shape: StructShape): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    let renamed: Map<string, string> | undefined
    for (const key of Object.keys(input)) {
      let canonical: string | undefined = key
      if (!shape.fields.has(key)) {
        canonical = shape.folded.get(key.toLowerCase())
        if (canonical === undefined) {
          setOwn(out, key, input[key])
          continue
        }
        this.path.push(canonical)
        this.sourcePath.push(key)
        if (Object.hasOwn(input, canonical) || renamed?.has(canonical)) {
          const other = Object.hasOwn(input, canonical) ? canonical : renamed?.get(canonical)
          this.report('error', 'duplicate-field',
            `field "${key}" and field "${other}" are the same field "${canonical}" (field names are matched case-insensitively); keep one`, 'key')
          this.path.pop()
          this.sourcePath.pop()
          continue
        }
        this.report('warning', 'field-name-case',
          `field "${key}" is read as "${canonical}" (field names are matched case-insensitively); write it as "${canonical}"`, 'key')
        renamed ??= new Map()
        renamed.set(canonical, key)
      } else {
        this.path.push(key)
        this.sourcePath.push(key)
      }
      const v = this.value(input[key], shape.fields.get(canonical)!, shape.required.has(canonical), input, key)
      if (v !== undefined) out[canonical] = v
      this.path.pop()
      this.sourcePath.pop()
    }
    if (renamed) {
      this.renames ??= new Map()
      this.renames.set(out, renamed)
    }
    return out
  }
}

/**
 * True when normalizing `v` would change nothing: every field name canonical, no value to convert or drop.
 * This read-only walk lets the common, well-written resource skip the copy.
 */
function isCanonical(v: unknown, shape: FieldShape, keepEmpty: boolean): boolean {
  switch (shape.kind) {
    case 'string':
      return typeof v === 'string' ? v !== '' || keepEmpty : typeof v === 'object' && v !== null
    case 'protocol':
      return v !== null && v !== undefined && !(typeof v === 'string' && UINT8_DECIMAL.test(v))
    case 'stringMap': {
      if (!isJsonObject(v)) return v !== null && v !== undefined
      let count = 0
      for (const key in v) {
        if (typeof v[key] !== 'string') return false
        count++
      }
      return count > 0
    }
    case 'array': {
      if (!Array.isArray(v)) return v !== null && v !== undefined
      if (v.length === 0) return false
      const items = shape.items
      if (items.kind === 'string') {
        for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string' && !(typeof v[i] === 'object' && v[i] !== null)) return false
        return true
      }
      for (let i = 0; i < v.length; i++) if (!isCanonical(v[i], items, true)) return false
      return true
    }
    case 'struct': {
      if (!isJsonObject(v)) return v !== null && v !== undefined
      for (const key in v) {
        const field = shape.fields.get(key)
        if (field === undefined) {
          if (shape.folded.has(key.toLowerCase())) return false
          continue
        }
        if (!isCanonical(v[key], field, shape.required.has(key))) return false
      }
      return true
    }
    default:
      return v !== null && v !== undefined
  }
}

/** Normalizes a HostEndpoint-shaped value; findings (warnings, duplicate fields) are appended to `findings`. */
export function normalize(value: unknown, shape: StructShape, findings: Finding[]): Normalized {
  if (isCanonical(value, shape, true)) return {value}
  const normalizer = new Normalizer(findings)
  const out = isJsonObject(value) ? normalizer.struct(value, shape) : value
  return normalizer.renames ? {value: out, renames: normalizer.renames} : {value: out}
}

/** The path as written in the source for a path in the normalized value. */
export function sourcePathOf(path: readonly PathSegment[], normalized: unknown, renames: Renames | undefined): PathSegment[] {
  if (!renames) return path as PathSegment[]
  const out: PathSegment[] = []
  let node: unknown = normalized
  for (const segment of path) {
    const original = typeof segment === 'string' && node !== null && typeof node === 'object'
      ? renames.get(node)?.get(segment)
      : undefined
    out.push(original ?? segment)
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined
  }
  return out
}
