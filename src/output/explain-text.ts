/**
 * `hepctl explain`: field documentation from a kind's JSON Schema (schemas/), laid out as `kubectl explain`
 * lays it out: GROUP/KIND/VERSION, the FIELD and its type, DESCRIPTION, then FIELDS (sorted, each with its
 * type, `-required-` where the schema requires it, and its description; names only with --recursive).
 */

interface JsonSchema {
  $ref?: string
  type?: string | string[]
  description?: string
  properties?: Record<string, JsonSchema>
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  anyOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  required?: string[]
}

/** A schema node with its $ref followed: the node the reference names, and that name. */
interface Resolved {
  node: JsonSchema
  /** The definition's name, when `node` came from a $ref (kubectl shows it as the type of an object). */
  name?: string
  /** The description at the referring site, which comes first. */
  own?: string
}

export class ExplainError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExplainError'
  }
}

const WIDTH = 80

function resolve(node: JsonSchema, definitions: Record<string, JsonSchema>): Resolved {
  if (node.$ref === undefined) return {node}
  const name = node.$ref.replace('#/definitions/', '')
  const target = definitions[name]
  if (!target) throw new Error(`schema: unresolved $ref ${node.$ref}`)
  return {node: target, name, own: node.description}
}

/** kubectl's type text: `string`, `integer`, `[]string`, `map[string]string`, `Object` or the definition's name. */
function typeText(resolved: Resolved, definitions: Record<string, JsonSchema>): string {
  const {node, name} = resolved
  if (node.anyOf) {
    const types = node.anyOf.map(b => b.type)
    return types.includes('integer') && types.includes('string') ? 'IntOrString' : 'Object'
  }
  const type = Array.isArray(node.type) ? node.type.find(t => t !== 'null') : node.type
  if (type === 'array') return `[]${node.items ? typeText(resolve(node.items, definitions), definitions) : 'Object'}`
  if (type === 'object') {
    if (node.properties) return name ?? 'Object'
    if (typeof node.additionalProperties === 'object') return `map[string]${typeText(resolve(node.additionalProperties, definitions), definitions)}`
    return 'Object'
  }
  return type ?? 'Object'
}

/** The values a field may take, when the schema lists them. */
function enumValues(node: JsonSchema): string[] {
  if (node.enum) return node.enum.map(String)
  if (node.anyOf) return [...new Set(node.anyOf.flatMap(b => (b.enum ?? []).map(String)))]
  return []
}

/** The object whose fields a node has: itself, or the items of an array (repeatedly). */
function fieldsOf(resolved: Resolved, definitions: Record<string, JsonSchema>): JsonSchema | undefined {
  let current = resolved.node
  while (current.items) current = resolve(current.items, definitions).node
  return current.properties ? current : undefined
}

/** The descriptions of a node, the referring site's first, then the definition's, then an array's items'. */
function descriptions(resolved: Resolved, definitions: Record<string, JsonSchema>): string[] {
  const out: string[] = []
  if (resolved.own) out.push(resolved.own)
  if (resolved.node.description) out.push(resolved.node.description)
  if (resolved.node.items) {
    const items = resolve(resolved.node.items, definitions)
    if (items.name && items.node.description) out.push(items.node.description)
  }
  return out
}

function wrap(text: string, indent: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(w => w !== '')) {
    if (line !== '' && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(' '.repeat(indent) + line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  if (line !== '') lines.push(' '.repeat(indent) + line)
  return lines
}

function fieldLines(object: JsonSchema, definitions: Record<string, JsonSchema>, depth: number, recursive: boolean): string[] {
  const lines: string[] = []
  const required = new Set(object.required ?? [])
  const indent = '  '.repeat(depth)
  for (const name of Object.keys(object.properties ?? {}).sort()) {
    const resolved = resolve(object.properties![name], definitions)
    lines.push(`${indent}${name}\t<${typeText(resolved, definitions)}>${required.has(name) ? ' -required-' : ''}`)
    const values = enumValues(resolved.node)
    if (values.length > 0) lines.push(`${indent}enum: ${values.join(', ')}`)
    if (recursive) {
      const inner = fieldsOf(resolved, definitions)
      if (inner) lines.push(...fieldLines(inner, definitions, depth + 1, true))
    } else {
      lines.push(...wrap(descriptions(resolved, definitions).join('\n'), 4), '')
    }
  }
  return lines
}

export interface ExplainKind {
  group: string
  version: string
  kind: string
  schema: Record<string, unknown>
  definition: string
}

/** The explanation of `path` (field names below the kind, maybe none) of a kind. */
export function explainText(kind: ExplainKind, path: readonly string[], options: {recursive: boolean}): string {
  const definitions = (kind.schema.definitions ?? {}) as Record<string, JsonSchema>
  let resolved: Resolved = {node: definitions[kind.definition], name: kind.definition}
  for (const [i, field] of path.entries()) {
    const object = fieldsOf(resolved, definitions)
    const next = object?.properties?.[field]
    if (!next || !Object.hasOwn(object.properties!, field)) throw new ExplainError(`field "${field}" does not exist in ${[kind.kind.toLowerCase(), ...path.slice(0, i)].join('.')}`)
    resolved = resolve(next, definitions)
  }
  const lines = [`GROUP:      ${kind.group}`, `KIND:       ${kind.kind}`, `VERSION:    ${kind.version}`, '']
  if (path.length > 0) {
    lines.push(`FIELD: ${path.at(-1)} <${typeText(resolved, definitions)}>`)
    const values = enumValues(resolved.node)
    if (values.length > 0) lines.push('ENUM:', ...values.map(v => `    ${v}`))
    lines.push('')
  }
  lines.push('DESCRIPTION:')
  const text = descriptions(resolved, definitions)
  lines.push(...(text.length > 0 ? text.flatMap(t => wrap(t, 4)) : ['    <empty>']), '')
  const object = fieldsOf(resolved, definitions)
  if (object) lines.push('FIELDS:', ...fieldLines(object, definitions, 1, options.recursive))
  return `${lines.join('\n').trimEnd()}\n`
}
