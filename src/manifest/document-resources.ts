import {API_VERSIONS, findListKind, KINDS, kindNamed, type KindInfo} from '../model/kinds.js'
import {isJsonObject} from '../json/json-object.js'
import type {PathSegment, Problem} from '../problem/problem.js'

/**
 * Which resources one document holds: itself, the items of a list kind (`HostEndpointList`), or the elements of
 * a top-level sequence; and whether each names a kind of the registry (src/model/kinds.ts) and its apiVersion.
 */

export interface FoundResource {
  value: Record<string, unknown>
  /** Path of the resource inside its document: `[]`, `[2]` or `['items', 2]`. */
  prefix: PathSegment[]
}

/** A problem of a document's resources: `path` is inside the document, `resourcePath` inside the resource. */
export interface KindProblem extends Pick<Problem, 'code' | 'message' | 'path' | 'resource'> {
  code: 'invalid-api-version' | 'invalid-kind' | 'invalid-document'
  resourcePath: PathSegment[]
}

/** The kinds a document or a sequence element may have, for messages: the managed kind first, the context kinds after. */
const TOP_LEVEL_KINDS_TEXT = `"${KINDS[0].kind}" or "${KINDS[0].listKind}" (or a context kind hepctl reads: ` +
  `${KINDS.slice(1).map(k => k.kind).join(', ')}, or a List of one of them)`

function quoted(names: readonly string[]): string {
  return names.map(n => `"${n}"`).join(' or ')
}

/** Describes a value found where something else was expected. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a sequence'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
  return `${typeof value} ${String(value)}`
}

/** `metadata.name` of a resource-like value, when it is a string. */
export function nameOf(value: unknown): string | undefined {
  if (!isJsonObject(value)) return undefined
  const metadata = value.metadata
  if (!isJsonObject(metadata) || !Object.hasOwn(metadata, 'name')) return undefined
  return typeof metadata.name === 'string' ? metadata.name : undefined
}

/** Resources and problems of one parsed document. */
export function documentResources(value: unknown): {resources: FoundResource[]; problems: KindProblem[]} {
  const resources: FoundResource[] = []
  const problems: KindProblem[] = []

  /** `list` is the kind whose list holds `v`, for a List item. */
  const visit = (v: unknown, prefix: PathSegment[], role: 'document' | 'element' | 'item', list?: KindInfo) => {
    if (!isJsonObject(v)) {
      const what = role === 'document'
        ? 'a document must be a mapping (a resource) or a sequence of resources'
        : role === 'element' ? 'an element of a top-level sequence must be a mapping (a resource)' : 'a List item must be a mapping (a resource)'
      problems.push({code: 'invalid-document', message: `${what}, found ${describe(v)}`, path: prefix, resourcePath: []})
      return
    }
    const resource = nameOf(v)
    const note = list ? ' (List items must carry their own apiVersion and kind)' : ''
    const kind = Object.hasOwn(v, 'kind') ? v.kind : undefined
    const listOf = list ? undefined : findListKind(kind)
    const single = list ? (kind === list.kind ? list : undefined) : kindNamed(kind)
    const known = listOf ?? single
    let ok = true
    const apiVersion = v.apiVersion
    const versions = known ? [known.apiVersion] : list ? [list.apiVersion] : API_VERSIONS
    if (!Object.hasOwn(v, 'apiVersion') || !versions.includes(apiVersion as string)) {
      ok = false
      const message = apiVersion === null || apiVersion === undefined || !Object.hasOwn(v, 'apiVersion')
        ? `apiVersion is missing: it must be ${quoted(versions)}${note}`
        : `apiVersion must be ${quoted(versions)}, found ${describe(apiVersion)}`
      problems.push({code: 'invalid-api-version', message, path: [...prefix, 'apiVersion'], resourcePath: ['apiVersion'], resource})
    }
    if (!known) {
      ok = false
      const expected = list ? quoted([list.kind]) : TOP_LEVEL_KINDS_TEXT
      const message = kind === null || kind === undefined
        ? `kind is missing: it must be ${expected}${note}`
        : `kind must be ${expected}, found ${describe(kind)}`
      problems.push({code: 'invalid-kind', message, path: [...prefix, 'kind'], resourcePath: ['kind'], resource})
    }
    if (!ok) return
    if (listOf) {
      const items = v.items
      if (items === null || items === undefined) return
      if (!Array.isArray(items)) {
        problems.push({
          code: 'invalid-document', message: `items of a ${listOf.listKind} must be a sequence, found ${describe(items)}`,
          path: [...prefix, 'items'], resourcePath: ['items'], resource,
        })
        return
      }
      items.forEach((item, i) => visit(item, [...prefix, 'items', i], 'item', listOf))
      return
    }
    resources.push({value: v, prefix})
  }

  if (Array.isArray(value)) value.forEach((v, i) => visit(v, [i], 'element'))
  else visit(value, [], 'document')
  return {resources, problems}
}
