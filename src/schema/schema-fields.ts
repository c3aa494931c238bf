/**
 * The shape of a resource (a HostEndpoint, ...) as calicoctl's decoder sees it, derived from the JSON Schema so the schema stays
 * the one definition: which fields each object has, which are strings (and so take converted numbers and
 * booleans), which keep empty values (the required ones: Go's fields without omitempty).
 */

export type FieldShape =
  | {kind: 'string'}
  | {kind: 'integer'}
  | {kind: 'boolean'}
  | {kind: 'protocol'}
  | {kind: 'stringMap'}
  | {kind: 'any'}
  | {kind: 'array'; items: FieldShape}
  | StructShape

export interface StructShape {
  kind: 'struct'
  /** Where this object sits, for messages: `metadata`, `spec.ports[]`, `the top level`. */
  where: string
  fields: Map<string, FieldShape>
  /** Lower-cased field name to its canonical spelling, for calicoctl's case-insensitive matching. */
  folded: Map<string, string>
  /** Fields that keep empty values (required in the schema). */
  required: Set<string>
}

interface JsonSchema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  anyOf?: JsonSchema[]
  required?: string[]
  definitions?: Record<string, JsonSchema>
}

/** Builds the shape of `definitions[definition]` (the definition that validates one resource of a kind). */
export function kindShape(schema: unknown, definition: string): StructShape {
  const root = schema as JsonSchema
  const definitions = root.definitions ?? {}
  const structs = new Map<string, StructShape>()

  const resolve = (s: JsonSchema): [JsonSchema, string | undefined] => {
    if (s.$ref === undefined) return [s, undefined]
    const name = s.$ref.replace('#/definitions/', '')
    const target = definitions[name]
    if (!target) throw new Error(`schema: unresolved $ref ${s.$ref}`)
    return [target, name]
  }

  const shapeOf = (input: JsonSchema, where: string): FieldShape => {
    const [s, name] = resolve(input)
    if (s.anyOf) {
      const types = s.anyOf.map(branch => branch.type)
      if (types.includes('integer') && types.includes('string')) return {kind: 'protocol'}
      return {kind: 'any'}
    }
    const type = Array.isArray(s.type) ? s.type.find(t => t !== 'null') : s.type
    switch (type) {
      case 'string': return {kind: 'string'}
      case 'integer': return {kind: 'integer'}
      case 'boolean': return {kind: 'boolean'}
      case 'array': return {kind: 'array', items: shapeOf(s.items ?? {}, `${where}[]`)}
      case 'object': {
        if (s.properties) {
          const cached = name ? structs.get(name) : undefined
          if (cached) return cached
          const struct: StructShape = {kind: 'struct', where, fields: new Map(), folded: new Map(), required: new Set(s.required ?? [])}
          if (name) structs.set(name, struct)
          for (const [field, sub] of Object.entries(s.properties)) {
            struct.fields.set(field, shapeOf(sub, where === 'the top level' ? field : `${where}.${field}`))
            struct.folded.set(field.toLowerCase(), field)
          }
          return struct
        }
        if (typeof s.additionalProperties === 'object' && s.additionalProperties.type === 'string') return {kind: 'stringMap'}
        return {kind: 'any'}
      }
      default: return {kind: 'any'}
    }
  }

  const shape = shapeOf({$ref: `#/definitions/${definition}`}, 'the top level')
  if (shape.kind !== 'struct') throw new Error(`schema: ${definition} is not an object`)
  return shape
}

/** Every object shape reachable from `root`, for telling where an unknown field would belong. */
export function allStructs(root: StructShape): StructShape[] {
  const seen = new Set<StructShape>()
  const visit = (shape: FieldShape): void => {
    if (shape.kind === 'array') return visit(shape.items)
    if (shape.kind !== 'struct' || seen.has(shape)) return
    seen.add(shape)
    for (const field of shape.fields.values()) visit(field)
  }
  visit(root)
  return [...seen]
}
