/**
 * Reading schemas/ and compiling each kind's schema (src/model/kinds.ts) with ajv: at build time into standalone
 * code (scripts/compile-schema.mjs), or at run time when no precompiled module exists (running from sources).
 * ajv is loaded only here, and only when one of these functions is called, so it stays out of the start-up
 * path of a built hepctl.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import type {Ajv as AjvClass, Options, ValidateFunction} from 'ajv'
import {HOST_ENDPOINT, KINDS, type KindInfo} from '../model/kinds.js'

const require = createRequire(import.meta.url)

/** Where the schemas live, relative to this module (the same from src/schema, dist/schema and the bundle in dist/cli). */
const SCHEMAS_URL = new URL('../../schemas/', import.meta.url)
/**
 * File name of the precompiled validator of `kind` (one module per kind, exporting it under the kind's name),
 * written beside the built modules of this folder: validating HostEndpoints loads only theirs.
 */
export function precompiledFile(kind: KindInfo = HOST_ENDPOINT): string {
  return kind.schema.file.replace(/\.schema\.json$/, '.validator.cjs')
}

/** The reference of the definition that validates one resource of `kind`, its schema registered under its file name. */
function definitionRef(kind: KindInfo): string {
  return `${kind.schema.file}#/definitions/${kind.schema.definition}`
}

/** Every problem, not just the first; strict so a schema mistake fails the build; the patterns are ASCII, so plain (faster) regular expressions. */
const AJV_OPTIONS: Options = {allErrors: true, strict: true, allowUnionTypes: true, unicodeRegExp: false}

/** The JSON Schema of a kind, as published in schemas/. */
export function readSchema(kind: KindInfo = HOST_ENDPOINT): Record<string, unknown> {
  return JSON.parse(readSchemaText(kind)) as Record<string, unknown>
}

/** The published schema file of a kind, as it is written (what `hepctl schema` prints). */
export function readSchemaText(kind: KindInfo = HOST_ENDPOINT): string {
  return readFileSync(new URL(kind.schema.file, SCHEMAS_URL), 'utf8')
}

/**
 * Keywords the Calico rules (src/validation/calico-rules.ts) check again, value by value, with better messages: the compiled
 * validator leaves them out, so a valid resource does not pay for each check twice. They stay in the published
 * schema for editors and the CRDs; a test checks that every one of them is covered by a rule.
 */
export const RULE_CHECKED_KEYWORDS = ['pattern', 'propertyNames', 'minLength', 'maxLength', 'minimum', 'maximum', 'uniqueItems']

/** The schema the validator of a rule-checked kind is compiled from: the published one without RULE_CHECKED_KEYWORDS. */
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

/** An ajv with the structural schema of each kind given, each registered under its file name. */
function newAjv(kinds: readonly KindInfo[], extra: Options = {}): AjvClass {
  const Ajv = (require('ajv') as {default: typeof AjvClass}).default
  const ajv = new Ajv({...AJV_OPTIONS, ...extra})
  for (const file of new Set(kinds.map(k => k.schema.file))) {
    const kind = kinds.find(k => k.schema.file === file)!
    const schema = readSchema(kind)
    ajv.addSchema(kind.schema.ruleChecked ? structuralSchema(schema) : schema, file)
  }
  return ajv
}

/** Compiles the validator of one resource of `kind` at run time (structural schema, as the precompiled one). */
export function compileValidator(kind: KindInfo = HOST_ENDPOINT): ValidateFunction {
  const validate = newAjv([kind]).getSchema(definitionRef(kind))
  if (!validate) throw new Error(`schema has no ${definitionRef(kind)}`)
  return validate
}

/** CommonJS source of a standalone module exporting the validator of `kind`, named for the kind (`HostEndpoint`). */
export function standaloneValidatorCode(kind: KindInfo = HOST_ENDPOINT): string {
  const ajv = newAjv([kind], {code: {source: true}})
  const standaloneCode = (require('ajv/dist/standalone') as {default: (ajv: AjvClass, refs: Record<string, string>) => string}).default
  return standaloneCode(ajv, {[kind.kind]: definitionRef(kind)})
}

/** Every kind whose validator the build precompiles. */
export const PRECOMPILED_KINDS: readonly KindInfo[] = KINDS
