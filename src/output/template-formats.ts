/**
 * The `-o` formats that carry an expression: kubectl's `custom-columns=HEADER:.json.path`, `jsonpath=` and
 * `go-template=` (and their `-file=` forms). Loaded only when one is asked for, so that a plain `get` never
 * parses the JSONPath and template engines.
 */
import {readFileSync} from 'node:fs'

import {NAMED_COLUMNS, OutputFormatError, TemplateExecutionError, type Column} from './columns.js'
import type {OutputFormat, TemplateFormat} from './get-printer.js'
import {GoTemplateError, executeGoTemplate, parseGoTemplate} from './go-template.js'
import {JsonPathError, executeJsonPath, parseJsonPath, relaxedTemplate, selectJsonPath} from './jsonpath.js'

/** The format of an `-o` value that starts `custom-columns=`, `jsonpath` or `go-template`. */
export function expressionFormat(v: string): OutputFormat {
  if (v.startsWith('custom-columns=')) return {kind: 'table', columns: parseCustomColumns(v.slice('custom-columns='.length))}
  if (v.startsWith('jsonpath')) return jsonPathFormat(templateText(v, 'jsonpath'))
  return goTemplateFormat(templateText(v, 'go-template'))
}

/** The template text of `-o go-template=T` / `-o go-template-file=F` (and the jsonpath pair), read as kubectl reads it. */
function templateText(v: string, kind: string): string {
  const file = v.startsWith(`${kind}-file`)
  const text = v.slice(v.indexOf('=') + 1)
  if (!v.includes('=') || text === '') throw new OutputFormatError('template format specified but no template given')
  if (!file) return text
  try {
    return readFileSync(text, 'utf8')
  } catch (e) {
    throw new OutputFormatError(`error reading --template ${text}, ${(e as Error).message}`)
  }
}

function jsonPathFormat(source: string): TemplateFormat {
  let template
  try {
    template = parseJsonPath(source)
  } catch (e) {
    if (e instanceof JsonPathError) throw new OutputFormatError(`error parsing jsonpath ${source}, ${e.message}`)
    throw e
  }
  return {
    kind: 'jsonpath',
    print(data, allowMissingKeys) {
      try {
        return executeJsonPath(template, data, {allowMissingKeys})
      } catch (e) {
        if (e instanceof JsonPathError) throw new TemplateExecutionError(`error executing jsonpath ${JSON.stringify(template.source)}: Error executing template: ${e.message}`)
        throw e
      }
    },
  }
}

function goTemplateFormat(source: string): TemplateFormat {
  let template
  try {
    template = parseGoTemplate(source)
  } catch (e) {
    if (e instanceof GoTemplateError) throw new OutputFormatError(`error parsing template ${source}, ${e.message}`)
    throw e
  }
  return {
    kind: 'go-template',
    print(data, allowMissingKeys) {
      try {
        return executeGoTemplate(template, data, {allowMissingKeys})
      } catch (e) {
        if (e instanceof GoTemplateError) throw new TemplateExecutionError(`error executing template ${JSON.stringify(template.source)}: ${e.message}`)
        throw e
      }
    },
  }
}

/** How kubectl's custom-columns prints a value: Go's `%v` (`[a b]` for lists, `map[k:v]` for maps). */
function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>
    return `map[${Object.keys(obj).sort().map(k => `${k}:${goFormat(obj[k])}`).join(' ')}]`
  }
  return String(v)
}

/**
 * Parse the text after `custom-columns=`. Entries with a `:` are kubectl's `HEADER:jsonpath`; entries without
 * are calicoctl's column names (case-sensitive). Throws OutputFormatError with calicoctl's or kubectl's text.
 */
export function parseCustomColumns(spec: string): Column[] {
  if (spec.trim() === '') throw new OutputFormatError('need to specify at least one column')
  const columns: Column[] = []
  for (const entry of spec.split(',')) {
    const colon = entry.indexOf(':')
    if (colon === -1) {
      const named = Object.hasOwn(NAMED_COLUMNS, entry) ? NAMED_COLUMNS[entry] : undefined
      if (!named) {
        throw new OutputFormatError(`unknown heading ${entry}, valid values are: ${Object.keys(NAMED_COLUMNS).join(', ')}`)
      }
      columns.push(named)
      continue
    }
    const header = entry.slice(0, colon)
    const expr = entry.slice(colon + 1)
    if (header === '' || expr.trim() === '') {
      throw new OutputFormatError(`unexpected custom-columns spec: ${entry}, expected <header>:<json-path-expr>`)
    }
    let template
    try {
      template = parseJsonPath(relaxedTemplate(expr))
    } catch (e) {
      if (e instanceof JsonPathError) throw new OutputFormatError(`error parsing column ${header}: ${e.message}`)
      throw e
    }
    columns.push({
      header,
      cell: o => {
        let values
        try {
          values = selectJsonPath(template, o)
        } catch (e) {
          if (e instanceof JsonPathError) throw new TemplateExecutionError(`error executing jsonpath in custom-columns: ${e.message}`)
          throw e
        }
        return values.length === 0 ? '<none>' : values.map(goFormat).join(',')
      },
    })
  }
  return columns
}
