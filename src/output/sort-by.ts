/**
 * `get --sort-by=JSONPATH`, as kubectl sorts: by the one value the expression gives for each object
 * (numbers by value, strings byte by byte so that `a10` comes before `a9`, false before true), objects
 * without the field first, ties in their listed order.
 */
import type {HostEndpoint} from '../model/hostendpoint.js'
import {OutputFormatError} from './columns.js'
import {JsonPathError, parseJsonPath, relaxedTemplate, selectJsonPath} from './jsonpath.js'

/** The objects in `--sort-by` order (a new array). Throws OutputFormatError for an expression kubectl refuses. */
export function sortObjects(objects: readonly HostEndpoint[], expression: string): HostEndpoint[] {
  const text = relaxedTemplate(expression)
  let template: ReturnType<typeof parseJsonPath>
  try {
    template = parseJsonPath(text)
  } catch (error) {
    if (error instanceof JsonPathError) throw new OutputFormatError(`--sort-by ${JSON.stringify(expression)}: ${error.message}`)
    throw error
  }
  const keyed = objects.map((object, index) => {
    const values = selectJsonPath(template, object)
    if (values.length > 1) throw new OutputFormatError(`--sort-by ${JSON.stringify(expression)} gives ${values.length} values for ${object.metadata.name}: sorting needs one value per object`)
    return {object, index, value: sortKey(values[0])}
  })
  if (objects.length > 0 && keyed.every(k => k.value === undefined)) {
    throw new OutputFormatError(`couldn't find any field with path "${text}" in the list of objects`)
  }
  keyed.sort((a, b) => compareValues(a.value, b.value) || a.index - b.index)
  return keyed.map(k => k.object)
}

/** What an object sorts by: a number or boolean as it is, anything else as its UTF-8 bytes (made once per object). */
function sortKey(value: unknown): number | boolean | Buffer | undefined {
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') return value
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
}

function compareValues(a: ReturnType<typeof sortKey>, b: ReturnType<typeof sortKey>): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return Buffer.compare(Buffer.isBuffer(a) ? a : Buffer.from(String(a)), Buffer.isBuffer(b) ? b : Buffer.from(String(b)))
}
