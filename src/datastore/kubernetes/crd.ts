/**
 * The HostEndpoint CustomResourceDefinition, generated from schemas/hostendpoint.schema.json in the shape
 * Calico installs (reference §5.1; Calico v3.32 CRDs): the same names, scope, versions, structural
 * openAPIV3Schema (types and bounds, `x-kubernetes-list-type: set` for unique lists, int-or-string
 * protocols), the two CEL rules on `spec`, and for projectcalico.org/v3 the short names and printer columns.
 * Pattern and enum checks stay in hepctl's validator, as they stay in Calico's, not in the CRD; so do the
 * bounds Calico's CRD does not state (BOUNDS_KEPT lists the ones it does).
 */

/** The API groups a CRD is printed for: Calico's crd.projectcalico.org/v1 (the default) and projectcalico.org/v3. */
export const CRD_GROUPS = ['crd.projectcalico.org', 'projectcalico.org'] as const
export type CrdGroup = (typeof CRD_GROUPS)[number]

type JsonSchema = {
  type?: string
  $ref?: string
  anyOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  uniqueItems?: boolean
  maxLength?: number
  minimum?: number
  maximum?: number
}

type Structural = Record<string, unknown>

/** The length and range bounds Calico's CRD enforces; the schema's others are left to the validator. */
const BOUNDS_KEPT = new Set(['spec.interfaceName', 'spec.node', 'spec.ports[].port'])

/** Calico's CEL rules on `spec` (they replaced the Go spec validator). */
const SPEC_RULES = [
  {
    message: 'at least one of interfaceName or expectedIPs must be specified',
    reason: 'FieldValueInvalid',
    rule: '(has(self.interfaceName) && size(self.interfaceName) > 0) || (has(self.expectedIPs) && size(self.expectedIPs) > 0)',
  },
  {
    message: 'node must be specified',
    reason: 'FieldValueInvalid',
    rule: 'has(self.node) && size(self.node) > 0',
  },
]

/** The CRD as an object (`hepctl crd` prints it as YAML: src/output/crd-text.ts). */
export function crdObject(group: CrdGroup, definitions: Record<string, JsonSchema>): Structural {
  const v3 = group === 'projectcalico.org'
  const spec = structural(definitions.HostEndpointSpec, definitions, 'spec')
  spec['x-kubernetes-validations'] = SPEC_RULES
  const openAPIV3Schema: Structural = {
    type: 'object',
    properties: {
      apiVersion: {type: 'string'},
      kind: {type: 'string'},
      metadata: {type: 'object'},
      spec,
    },
  }
  if (v3) openAPIV3Schema.required = ['metadata', 'spec']
  const version: Structural = {name: v3 ? 'v3' : 'v1', served: true, storage: true, schema: {openAPIV3Schema}}
  if (v3) {
    version.additionalPrinterColumns = [
      {
        description: 'The node name identifying the Calico node instance that is targeted by this HostEndpoint',
        jsonPath: '.spec.node',
        name: 'Node',
        type: 'string',
      },
      {
        description: 'The name of the interface that is targeted by this HostEndpoint',
        jsonPath: '.spec.interfaceName',
        name: 'Interface',
        type: 'string',
      },
    ]
    version.subresources = {}
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: `hostendpoints.${group}`},
    spec: {
      group,
      names: {
        kind: 'HostEndpoint',
        listKind: 'HostEndpointList',
        plural: 'hostendpoints',
        singular: 'hostendpoint',
        ...(v3 ? {shortNames: ['hep', 'heps']} : {}),
      },
      preserveUnknownFields: false,
      scope: 'Cluster',
      versions: [version],
    },
  }
}

/**
 * A JSON Schema node as a structural schema: types and bounds. Unique lists become list-type sets; a
 * value that may be an integer or a string becomes int-or-string. The spec's `required` is not carried
 * over: Calico states it as a CEL rule with its own message.
 */
function structural(node: JsonSchema, definitions: Record<string, JsonSchema>, path: string): Structural {
  const resolved = resolve(node, definitions)
  const alternatives = (resolved.anyOf ?? []).map(alt => resolve(alt, definitions).type)
  if (alternatives.includes('integer') && alternatives.includes('string')) {
    return {anyOf: [{type: 'integer'}, {type: 'string'}], pattern: '^.*', 'x-kubernetes-int-or-string': true}
  }
  switch (resolved.type) {
    case 'object': {
      const properties: Record<string, Structural> = {}
      for (const [key, value] of Object.entries(resolved.properties ?? {})) properties[key] = structural(value, definitions, `${path}.${key}`)
      return {type: 'object', properties}
    }
    case 'array': {
      const out: Structural = {type: 'array', items: item(resolved.items ?? {}, definitions, `${path}[]`)}
      if (resolved.uniqueItems) out['x-kubernetes-list-type'] = 'set'
      return out
    }
    case 'string':
      return {type: 'string', ...(BOUNDS_KEPT.has(path) && resolved.maxLength !== undefined ? {maxLength: resolved.maxLength} : {})}
    case 'integer':
      if (!BOUNDS_KEPT.has(path)) return {type: 'integer'}
      return {
        type: 'integer',
        ...(resolved.minimum !== undefined ? {minimum: resolved.minimum} : {}),
        ...(resolved.maximum !== undefined ? {maximum: resolved.maximum} : {}),
      }
    default:
      return {type: resolved.type ?? 'object'}
  }
}

/** List items: objects keep their `required` (Calico always sends those fields). */
function item(node: JsonSchema, definitions: Record<string, JsonSchema>, path: string): Structural {
  const resolved = resolve(node, definitions)
  const out = structural(resolved, definitions, path)
  if (resolved.type === 'object' && resolved.required?.length) out.required = [...resolved.required].sort()
  return out
}

function resolve(node: JsonSchema, definitions: Record<string, JsonSchema>): JsonSchema {
  let current = node
  for (let depth = 0; current.$ref && depth < 10; depth++) {
    const name = current.$ref.replace('#/definitions/', '')
    current = definitions[name] ?? {}
  }
  return current
}
