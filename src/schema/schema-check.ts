/**
 * The JSON Schema check of a normalized resource of one kind: the precompiled ajv validator when the build produced
 * one (no ajv at start-up), else the schema compiled at run time. Returns ajv's raw errors; mapping them to
 * problems is done in schema-problems.ts.
 */
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'
import type {ErrorObject} from 'ajv'
import {compileValidator, precompiledFile, readSchema} from './schema-compile.js'
import {kindShape, type StructShape} from './schema-fields.js'
import {HOST_ENDPOINT, type KindInfo} from '../model/kinds.js'

const require = createRequire(import.meta.url)

export type SchemaErrors = ErrorObject[]
/** Validates one resource; null when it is valid. */
export type SchemaValidator = (value: unknown) => SchemaErrors | null

interface ValidateFn {
  (value: unknown): boolean
  errors?: ErrorObject[] | null
}

function wrap(validate: ValidateFn): SchemaValidator {
  return value => (validate(value) ? null : validate.errors ?? [])
}

/** The precompiled validator of `kind` in `dir` (a file URL of a folder), or undefined when it was not built. */
export function loadPrecompiledValidator(dir: URL = new URL('../schema/', import.meta.url), kind: KindInfo = HOST_ENDPOINT): SchemaValidator | undefined {
  const file = new URL(precompiledFile(kind), dir)
  let module: Record<string, ValidateFn | undefined>
  try {
    module = require(fileURLToPath(file)) as Record<string, ValidateFn | undefined>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined
    throw error
  }
  const validate = module[kind.kind]
  return validate ? wrap(validate) : undefined
}

/** The schema of `kind` compiled now with ajv. */
export function runtimeValidator(kind: KindInfo = HOST_ENDPOINT): SchemaValidator {
  return wrap(compileValidator(kind))
}

const validators = new Map<string, SchemaValidator>()
const shapes = new Map<string, StructShape>()

/** The validator of `kind` in use, loaded on first use. */
export function schemaValidator(kind: KindInfo = HOST_ENDPOINT): SchemaValidator {
  let validator = validators.get(kind.kind)
  if (!validator) {
    validator = loadPrecompiledValidator(undefined, kind) ?? runtimeValidator(kind)
    validators.set(kind.kind, validator)
  }
  return validator
}

/** The field shapes of `kind` derived from its schema, loaded on first use. */
export function resourceShape(kind: KindInfo = HOST_ENDPOINT): StructShape {
  let shape = shapes.get(kind.kind)
  if (!shape) {
    shape = kindShape(readSchema(kind), kind.schema.definition)
    shapes.set(kind.kind, shape)
  }
  return shape
}
