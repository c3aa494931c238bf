/**
 * Reading schemas/ and compiling the HostEndpoint schema with ajv: at build time into standalone code (scripts/compile-schema.mjs),
 * or at run time when no precompiled module exists (running from sources). ajv is loaded only here, and only
 * when one of these functions is called, so it stays out of the start-up path of a built hepctl.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import type {Ajv as AjvClass, Options, ValidateFunction} from 'ajv'

const require = createRequire(import.meta.url)

/** Where the schema lives, relative to this module (the same from src/schema, dist/schema and the bundle in dist/cli). */
const SCHEMA_URL = new URL('../../schemas/hostendpoint.schema.json', import.meta.url)
/** The key the schema is registered under, and the definition that validates one resource. */
export const SCHEMA_KEY = 'hostendpoint'
export const HOST_ENDPOINT_REF = `${SCHEMA_KEY}#/definitions/HostEndpoint`
/** File name of the precompiled validator, written beside the built modules of this folder. */
export const PRECOMPILED_FILE = 'hostendpoint.validator.cjs'

/** Every problem, not just the first; strict so a schema mistake fails the build; the patterns are ASCII, so plain (faster) regular expressions. */
const AJV_OPTIONS: Options = {allErrors: true, strict: true, allowUnionTypes: true, unicodeRegExp: false}

export function readSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>
}

/**
 * Keywords the Calico rules (src/validation/calico-rules.ts) check again, value by value, with better messages: the compiled
 * validator leaves them out, so a valid resource does not pay for each check twice. They stay in the published
 * schema for editors and the CRDs; a test checks that every one of them is covered by a rule.
 */
export const RULE_CHECKED_KEYWORDS = ['pattern', 'propertyNames', 'minLength', 'maxLength', 'minimum', 'maximum', 'uniqueItems']

/** The schema the validator is compiled from: the published one without RULE_CHECKED_KEYWORDS. */
export function structuralSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const strip = (node: unknown, isSchema: boolean): unknown => {
    if (Array.isArray(node)) return node.map(item => strip(item, isSchema))
    if (node === null || typeof node !== 'object') return node
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(node)) {
      if (isSchema && RULE_CHECKED_KEYWORDS.includes(key)) continue
      // Under these keys are maps of name to schema; under const/enum/required, plain data.
      if (key === 'properties' || key === 'definitions') {
        out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, strip(v, true)]))
      } else {
        out[key] = isSchema && (key === 'const' || key === 'enum' || key === 'required') ? value : strip(value, isSchema)
      }
    }
    return out
  }
  return strip(schema, true) as Record<string, unknown>
}

function newAjv(schema: Record<string, unknown>, extra: Options = {}): AjvClass {
  const Ajv = (require('ajv') as {default: typeof AjvClass}).default
  const ajv = new Ajv({...AJV_OPTIONS, ...extra})
  ajv.addSchema(structuralSchema(schema), SCHEMA_KEY)
  return ajv
}

/** Compiles the validator of one HostEndpoint at run time (structural schema, as the precompiled one). */
export function compileValidator(schema: Record<string, unknown> = readSchema()): ValidateFunction {
  const validate = newAjv(schema).getSchema(HOST_ENDPOINT_REF)
  if (!validate) throw new Error(`schema has no ${HOST_ENDPOINT_REF}`)
  return validate
}

/** CommonJS source of a standalone validator module exporting `hostEndpoint`. */
export function standaloneValidatorCode(schema: Record<string, unknown> = readSchema()): string {
  const ajv = newAjv(schema, {code: {source: true}})
  const standaloneCode = (require('ajv/dist/standalone') as {default: (ajv: AjvClass, refs: Record<string, string>) => string}).default
  return standaloneCode(ajv, {hostEndpoint: HOST_ENDPOINT_REF})
}
