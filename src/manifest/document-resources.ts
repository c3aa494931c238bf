import {API_VERSION, KIND, LIST_KIND} from '../model/hostendpoint.js'
import {isJsonObject} from '../model/json-object.js'
import type {PathSegment, Problem} from '../problem/problem.js'

/**
 * Which resources one document holds: itself, the items of a `HostEndpointList`, or the elements of a
 * top-level sequence; and whether each says `apiVersion: projectcalico.org/v3` and a HostEndpoint kind.
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

  const visit = (v: unknown, prefix: PathSegment[], role: 'document' | 'element' | 'item') => {
    if (!isJsonObject(v)) {
      const what = role === 'document'
        ? 'a document must be a mapping (a resource) or a sequence of resources'
        : role === 'element' ? 'an element of a top-level sequence must be a mapping (a resource)' : 'a List item must be a mapping (a resource)'
      problems.push({code: 'invalid-document', message: `${what}, found ${describe(v)}`, path: prefix, resourcePath: []})
      return
    }
    const resource = nameOf(v)
    const note = role === 'item' ? ' (List items must carry their own apiVersion and kind)' : ''
    let ok = true
    const apiVersion = v.apiVersion
    if (apiVersion !== API_VERSION || !Object.hasOwn(v, 'apiVersion')) {
      ok = false
      const message = apiVersion === null || apiVersion === undefined || !Object.hasOwn(v, 'apiVersion')
        ? `apiVersion is missing: it must be "${API_VERSION}"${note}`
        : `apiVersion must be "${API_VERSION}", found ${describe(apiVersion)}`
      problems.push({code: 'invalid-api-version', message, path: [...prefix, 'apiVersion'], resourcePath: ['apiVersion'], resource})
    }
    const kind = v.kind
    const allowed = role === 'item' ? [KIND] : [KIND, LIST_KIND]
    if (!Object.hasOwn(v, 'kind') || !allowed.includes(kind as string)) {
      ok = false
      const expected = allowed.map(k => `"${k}"`).join(' or ')
      const message = kind === null || kind === undefined || !Object.hasOwn(v, 'kind')
        ? `kind is missing: it must be ${expected}${note}`
        : `kind must be ${expected}, found ${describe(kind)}`
      problems.push({code: 'invalid-kind', message, path: [...prefix, 'kind'], resourcePath: ['kind'], resource})
    }
    if (!ok) return
    if (kind === LIST_KIND) {
      const list = v.items
      if (list === null || list === undefined) return
      if (!Array.isArray(list)) {
        problems.push({
          code: 'invalid-document', message: `items of a ${LIST_KIND} must be a sequence, found ${describe(list)}`,
          path: [...prefix, 'items'], resourcePath: ['items'], resource,
        })
        return
      }
      list.forEach((item, i) => visit(item, [...prefix, 'items', i], 'item'))
      return
    }
    resources.push({value: v, prefix})
  }

  if (Array.isArray(value)) value.forEach((v, i) => visit(v, [i], 'element'))
  else visit(value, [], 'document')
  return {resources, problems}
}
