/**
 * The JSON Schema check of a normalized HostEndpoint: the precompiled ajv validator when the build produced
 * one (no ajv at start-up), else the schema compiled at run time. Returns ajv's raw errors; mapping them to
 * problems is done in schema-problems.ts.
 */
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'
import type {ErrorObject} from 'ajv'
import {PRECOMPILED_FILE, compileValidator, readSchema} from './schema-compile.js'
import {hostEndpointShape, type StructShape} from './schema-fields.js'

const require = createRequire(import.meta.url)

export type SchemaErrors = ErrorObject[]
/** Validates one HostEndpoint; null when it is valid. */
export type SchemaValidator = (value: unknown) => SchemaErrors | null

interface ValidateFn {
  (value: unknown): boolean
  errors?: ErrorObject[] | null
}

function wrap(validate: ValidateFn): SchemaValidator {
  return value => (validate(value) ? null : validate.errors ?? [])
}

/** The precompiled validator in `dir` (a file URL of a folder), or undefined when it was not built. */
export function loadPrecompiledValidator(dir: URL = new URL('../schema/', import.meta.url)): SchemaValidator | undefined {
  const file = new URL(PRECOMPILED_FILE, dir)
  let module: {hostEndpoint?: ValidateFn}
  try {
    module = require(fileURLToPath(file)) as {hostEndpoint?: ValidateFn}
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined
    throw error
  }
  return module.hostEndpoint ? wrap(module.hostEndpoint) : undefined
}

/** The schema compiled now with ajv. */
export function runtimeValidator(): SchemaValidator {
  return wrap(compileValidator())
}

let validator: SchemaValidator | undefined
let shape: StructShape | undefined

/** The validator in use, loaded on first use. */
export function schemaValidator(): SchemaValidator {
  validator ??= loadPrecompiledValidator() ?? runtimeValidator()
  return validator
}

/** The field shapes derived from the schema, loaded on first use. */
export function resourceShape(): StructShape {
  shape ??= hostEndpointShape(readSchema())
  return shape
}
