/**
 * ajv's errors as hepctl findings, in plain words: unknown fields (and where they belong), missing fields,
 * wrong types. Value rules the Calico checks already reported at the same place are not repeated.
 */
import type {ErrorObject} from 'ajv'
import type {PathSegment} from '../problem/problem.js'
import type {Finding} from './finding.js'
import {formatPath} from '../problem/path-text.js'
import {pointerToPath} from './json-pointer.js'
import {allStructs, type StructShape} from '../schema/schema-fields.js'

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', object: 'a mapping',
  array: 'a list', null: 'null',
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`
  return `the ${typeof value} ${String(value)}`
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number, unknown>)[segment]
  }
  return node
}

function where(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'at the top level' : `in ${formatPath(path)}`
}

/** Where a field named like `name` (case-insensitively) is allowed among `structs`, other than `here`. */
function homesOf(name: string, structs: readonly StructShape[], here: string): string[] {
  const folded = name.toLowerCase()
  return structs.filter(s => s.where !== here && s.folded.has(folded))
    .map(s => (s.where.endsWith('[]') ? `each item of ${s.where.slice(0, -2)}` : s.where))
}

/** True when `inner` is `outer` or lies inside it. */
function within(inner: readonly PathSegment[], outer: readonly PathSegment[]): boolean {
  if (inner.length < outer.length) return false
  for (let i = 0; i < outer.length; i++) if (inner[i] !== outer[i]) return false
  return true
}

/**
 * Maps ajv errors on `value` to findings. `covered` holds the paths the Calico rules already reported; a
 * schema error at such a path, or around one, is dropped (the rule said it better).
 */
export function schemaFindings(errors: readonly ErrorObject[], value: unknown, root: StructShape, covered: readonly PathSegment[][]): Finding[] {
  const findings: Finding[] = []
  const seen = new Set<string>()
  const isCovered = (path: PathSegment[]): boolean => covered.some(c => within(c, path))
  /** Every object shape of `root`, listed on the first unknown field. */
  let structs: StructShape[] | undefined
  for (const error of errors) {
    const base = pointerToPath(error.instancePath, value)
    // Branch errors of anyOf are summed up by the anyOf error itself.
    if (error.schemaPath.includes('/anyOf/')) continue
    let finding: Finding
    switch (error.keyword) {
      case 'additionalProperties': {
        const field = String((error.params as {additionalProperty: string}).additionalProperty)
        const path = [...base, field]
        structs ??= allStructs(root)
        const baseWhere = shapeWhere(base)
        const here = structs.find(s => s.where === baseWhere)
        const allowed = here ? [...here.fields.keys()].join(', ') : ''
        const homes = homesOf(field, structs, baseWhere)
        const hint = homes.length > 0
          ? `; it belongs in ${homes.join(' or ')}`
          : allowed ? `; the fields allowed here are: ${allowed}` : ''
        finding = {severity: 'error', code: 'unknown-field', path, target: 'key',
          message: `unknown field "${field}" ${where(base)}${hint}`}
        break
      }
      case 'required': {
        const field = String((error.params as {missingProperty: string}).missingProperty)
        const path = [...base, field]
        if (isCovered(path)) continue
        finding = {severity: 'error', code: 'missing-field', path, message: `${formatPath(path)} is required`}
        break
      }
      case 'type': {
        if (isCovered(base)) continue
        const wanted = String((error.params as {type: string}).type).split(',').map(t => TYPE_NAMES[t] ?? t).join(' or ')
        finding = {severity: 'error', code: 'invalid-type', path: base,
          message: `${formatPath(base) || 'the resource'} must be ${wanted}, not ${describe(valueAt(value, base))}`}
        break
      }
      case 'const':
      case 'enum': {
        if (isCovered(base)) continue
        const params = error.params as {allowedValue?: unknown; allowedValues?: unknown[]}
        const allowed = (params.allowedValues ?? [params.allowedValue]).map(v => JSON.stringify(v)).join(', ')
        const last = base.at(-1)
        const code = last === 'apiVersion' && base.length === 1 ? 'invalid-api-version'
          : last === 'kind' && base.length === 1 ? 'invalid-kind' : 'invalid-value'
        finding = {severity: 'error', code, path: base,
          message: `${formatPath(base)} must be ${allowed}, not ${describe(valueAt(value, base))}`}
        break
      }
      case 'propertyNames':
        continue
      case 'anyOf': {
        if (isCovered(base)) continue
        // The branches' type errors say what would have been accepted.
        const prefix = error.schemaPath + '/'
        const wanted = [...new Set(errors
          .filter(e => e.keyword === 'type' && e.instancePath === error.instancePath && e.schemaPath.startsWith(prefix))
          .map(e => TYPE_NAMES[String((e.params as {type: string}).type)] ?? String((e.params as {type: string}).type)))]
        finding = {severity: 'error', code: wanted.length > 0 ? 'invalid-type' : 'invalid-value', path: base,
          message: `${formatPath(base) || 'the resource'} must be ${wanted.length > 0 ? wanted.join(' or ') : 'one of the allowed values'}, not ${describe(valueAt(value, base))}`}
        break
      }
      default: {
        const propertyName = (error as ErrorObject & {propertyName?: string}).propertyName
        const path = propertyName === undefined ? base : [...base, propertyName]
        if (isCovered(path)) continue
        finding = {severity: 'error', code: 'invalid-value', path, target: propertyName === undefined ? 'value' : 'key',
          message: `${formatPath(path) || 'the resource'} ${propertyName === undefined ? '' : 'key '}${error.message ?? 'is not valid'} (found ${describe(propertyName ?? valueAt(value, base))})`}
      }
    }
    const key = `${finding.code}\0${formatPath(finding.path)}`
    if (seen.has(key)) continue
    seen.add(key)
    findings.push(finding)
  }
  return findings
}

/** The `where` of the object shape at `path` (array indices dropped). */
function shapeWhere(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the top level'
  let out = ''
  for (const segment of path) out += typeof segment === 'number' ? '[]' : out === '' ? segment : `.${segment}`
  return out
}
