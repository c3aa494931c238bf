// Derives the JSON Schemas of the context kinds (schemas/<kind>.schema.json) from Calico's projectcalico.org/v3
// CRDs, so the schemas hepctl checks against (and editors see) say what Calico's API server says. The output is
// committed: building and CI never need the CRDs. A test checks that the committed files are this script's
// output whenever the CRDs are at hand.
//
// What the derivation does to each CRD's openAPIV3Schema:
// - every object that lists properties refuses others (additionalProperties: false), as calicoctl's strict
//   decoding does;
// - int-or-string fields become anyOf integer/string; Kubernetes-only keywords (x-kubernetes-*, format, CEL
//   rules) are dropped: hepctl's own rules check what they say;
// - metadata is the ObjectMeta of schemas/hostendpoint.schema.json (the one hand-written schema), with the
//   namespace allowed for a namespaced kind;
// - each kind gets a list kind (GlobalNetworkPolicyList, ...), as `get -o yaml` prints one.
// Profiles have no CRD: their schema is built from the rule schema of the GlobalNetworkPolicy CRD plus
// labelsToApply, as Calico's Profile type is.
//
// Usage: node scripts/derive-schemas.mjs [crds-dir] [--check]
//   crds-dir  folder with projectcalico.org_<plural>.yaml (default: ../shared/reference/crds beside the repository)
//   --check   write nothing; exit 1 if a committed schema differs from the derived one
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse} from 'yaml'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const DEFAULT_CRDS_DIR = join(root, '..', 'shared', 'reference', 'crds')
const API_VERSION = 'projectcalico.org/v3'

/** The derived kinds: kind, CRD plural (absent for Profile), scope. */
export const DERIVED_KINDS = [
  {kind: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies', namespaced: false},
  {kind: 'StagedGlobalNetworkPolicy', plural: 'stagedglobalnetworkpolicies', namespaced: false},
  {kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true},
  {kind: 'Tier', plural: 'tiers', namespaced: false},
  {kind: 'Profile', namespaced: false},
  {kind: 'FelixConfiguration', plural: 'felixconfigurations', namespaced: false},
  {kind: 'GlobalNetworkSet', plural: 'globalnetworksets', namespaced: false},
]

export function schemaFileOf(kind) {
  return `${kind.toLowerCase()}.schema.json`
}

const DROPPED = new Set(['format', 'x-kubernetes-validations', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource'])

/**
 * A Go (RE2) pattern as a JavaScript one. Go's `(?i)` flag has no JavaScript spelling inside a pattern, so each
 * letter after it becomes a class of both cases (the CRDs use it only on plain words, never in classes).
 */
function jsPattern(pattern) {
  const at = pattern.indexOf('(?i)')
  if (at < 0) return pattern
  const rest = pattern.slice(at + 4)
  if (/[[\\]/.test(rest)) throw new Error(`pattern ${pattern}: (?i) before a class or escape is not supported`)
  return pattern.slice(0, at) + rest.replace(/[a-zA-Z]/g, c => `[${c.toUpperCase()}${c.toLowerCase()}]`)
}

/** One CRD schema node as draft-07 JSON Schema. */
function convert(node) {
  if (node === null || typeof node !== 'object') return node
  if (node['x-kubernetes-int-or-string'] === true) {
    const out = {anyOf: [{type: 'integer'}, {type: 'string'}]}
    if (node.description) out.description = node.description
    return out
  }
  const out = {}
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-kubernetes-')) continue
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]))
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = typeof value === 'object' ? convert(value) : value
    } else if (key === 'anyOf' || key === 'allOf' || key === 'oneOf') {
      out[key] = value.map(convert)
    } else if (key === 'pattern') {
      out.pattern = jsPattern(value)
    } else {
      out[key] = value
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false
  return out
}

function readCrd(dir, plural) {
  const crd = parse(readFileSync(join(dir, `projectcalico.org_${plural}.yaml`), 'utf8'))
  const version = crd.spec.versions.find(v => v.name === 'v3')
  if (!version) throw new Error(`${plural}: the CRD has no v3 version`)
  return version.schema.openAPIV3Schema
}

/** The ObjectMeta family of the hand-written HostEndpoint schema, retold for `kind`. */
function metadataDefinitions(kind, namespaced) {
  const hep = JSON.parse(readFileSync(join(root, 'schemas', 'hostendpoint.schema.json'), 'utf8'))
  const defs = {}
  for (const name of ['ObjectMeta', 'OwnerReference', 'ManagedFieldsEntry', 'ListMeta']) {
    defs[name] = JSON.parse(JSON.stringify(hep.definitions[name]).replaceAll('the HostEndpoint', `the ${kind}`))
  }
  defs.ObjectMeta.properties.namespace = namespaced
    ? {type: 'string', title: 'Namespace', description: `The namespace of the ${kind}; "default" when absent.`}
    : {type: 'string', title: 'Namespace', description: `Must not be set: ${kind} is cluster-scoped.`, maxLength: 0}
  return defs
}

function typeField(value, title) {
  return {type: 'string', const: value, title, description: `Always ${value}.`}
}

function kindSchema(kind, namespaced, body) {
  const list = `${kind}List`
  const required = ['apiVersion', 'kind', 'metadata', ...(body.required ?? []).filter(r => !['apiVersion', 'kind', 'metadata'].includes(r))]
  const properties = {apiVersion: typeField(API_VERSION, 'API version'), kind: typeField(kind, 'Kind'), metadata: {$ref: '#/definitions/ObjectMeta'}}
  for (const [name, value] of Object.entries(body.properties)) {
    if (!(name in properties)) properties[name] = convert(value)
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://hepctl.invalid/schemas/${schemaFileOf(kind)}`,
    title: `Calico ${kind} (${API_VERSION})`,
    description: `A Calico ${kind}, or a ${list} of them, as hepctl reads it for context; derived from Calico's CRD by scripts/derive-schemas.mjs.`,
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {apiVersion: {const: API_VERSION}, kind: {enum: [kind, list]}},
    if: {required: ['kind'], properties: {kind: {const: list}}},
    then: {$ref: `#/definitions/${list}`},
    else: {$ref: `#/definitions/${kind}`},
    definitions: {
      [kind]: {
        type: 'object', title: kind,
        description: `A ${kind}${namespaced ? ' (namespaced)' : ' (cluster-scoped)'}.`,
        additionalProperties: false, required, properties,
      },
      [list]: {
        type: 'object', title: list, description: `A list of ${kind} resources. Each item carries its own apiVersion and kind.`,
        additionalProperties: false, required: ['apiVersion', 'kind', 'items'],
        properties: {
          apiVersion: typeField(API_VERSION, 'API version'),
          kind: typeField(list, 'Kind'),
          metadata: {$ref: '#/definitions/ListMeta'},
          items: {type: 'array', title: 'Items', description: `The ${kind} resources.`, items: {$ref: `#/definitions/${kind}`}},
        },
      },
      ...metadataDefinitions(kind, namespaced),
    },
  }
}

/** Profile: Calico's Profile type (ingress, egress, labelsToApply), with the rule schema of the GlobalNetworkPolicy CRD. */
function profileBody(dir) {
  const gnp = readCrd(dir, 'globalnetworkpolicies')
  const rules = gnp.properties.spec.properties.ingress
  return {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          ingress: rules,
          egress: gnp.properties.spec.properties.egress,
          labelsToApply: {type: 'object', additionalProperties: {type: 'string'}},
        },
      },
    },
  }
}

/** The derived schemas: file name to file text. */
export function deriveSchemas(dir = DEFAULT_CRDS_DIR) {
  const out = new Map()
  for (const {kind, plural, namespaced} of DERIVED_KINDS) {
    const body = plural ? readCrd(dir, plural) : profileBody(dir)
    out.set(schemaFileOf(kind), JSON.stringify(kindSchema(kind, namespaced, body), null, 2) + '\n')
  }
  return out
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const check = args.includes('--check')
  const dir = resolve(args.find(a => a !== '--check') ?? DEFAULT_CRDS_DIR)
  if (!existsSync(dir)) {
    console.error(`derive-schemas: no CRDs at ${dir}`)
    process.exit(1)
  }
  let stale = 0
  for (const [file, text] of deriveSchemas(dir)) {
    const target = join(root, 'schemas', file)
    if (check) {
      if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
        console.error(`derive-schemas: schemas/${file} is not what the CRDs give`)
        stale++
      }
    } else {
      writeFileSync(target, text)
      console.error(`derive-schemas: wrote schemas/${file}`)
    }
  }
  process.exit(stale > 0 ? 1 : 0)
}
