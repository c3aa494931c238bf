/**
 * Table columns for `get`: calicoctl's named columns for HostEndpoint (ps, wide, `custom-columns=NAME,NODE`)
 * and kubectl's `custom-columns=HEADER:.json.path`.
 */
import type {HostEndpoint} from '../model/hostendpoint.js'
import {JsonPathError, parseJsonPath, selectJsonPath} from './jsonpath.js'

export interface Column {
  header: string
  /** The cell text for one object (as printed by `-o json`, so JSONPath sees the same shape). */
  cell(object: HostEndpoint): string
}

/** A `-o` value that cannot be used; the message is calicoctl's or kubectl's text. */
export class OutputFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutputFormatError'
  }
}

/** calicoctl's HostEndpoint columns (resourcemgr/hostendpoint.go). */
export const NAMED_COLUMNS: Readonly<Record<string, Column>> = {
  NAME: {header: 'NAME', cell: o => o.metadata?.name ?? ''},
  NODE: {header: 'NODE', cell: o => o.spec?.node ?? ''},
  INTERFACE: {header: 'INTERFACE', cell: o => o.spec?.interfaceName ?? ''},
  IPS: {header: 'IPS', cell: o => (o.spec?.expectedIPs ?? []).join(',')},
  PROFILES: {header: 'PROFILES', cell: o => (o.spec?.profiles ?? []).join(',')},
}

export const PS_COLUMNS: readonly Column[] = [NAMED_COLUMNS.NAME, NAMED_COLUMNS.NODE]
export const WIDE_COLUMNS: readonly Column[] = ['NAME', 'NODE', 'INTERFACE', 'IPS', 'PROFILES'].map(n => NAMED_COLUMNS[n])

/** kubectl's LABELS column (`--show-labels`): `k=v` sorted by key, comma-separated, `<none>` when empty. */
export const LABELS_COLUMN: Column = {
  header: 'LABELS',
  cell: o => {
    const labels = o.metadata?.labels ?? {}
    const keys = Object.keys(labels).sort()
    return keys.length === 0 ? '<none>' : keys.map(k => `${k}=${labels[k]}`).join(',')
  },
}

/** kubectl's `-L KEY` column: headed by the key's last `/` part in capitals, the label's value or nothing. */
function labelColumn(key: string): Column {
  return {header: (key.split('/').pop() ?? key).toUpperCase(), cell: o => o.metadata?.labels?.[key] ?? ''}
}

/** The columns of a table: the format's, then one per `-L` key, then LABELS with --show-labels (kubectl's order). */
export function tableColumns(columns: readonly Column[], options: {showLabels?: boolean; labelColumns?: readonly string[]}): readonly Column[] {
  const labels = options.labelColumns ?? []
  if (labels.length === 0 && !options.showLabels) return columns
  return [...columns, ...labels.map(labelColumn), ...(options.showLabels ? [LABELS_COLUMN] : [])]
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

/** kubectl's relaxed form: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`. */
export function relaxedTemplate(expr: string): string {
  let e = expr.trim()
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1)
  if (!e.startsWith('.') && !e.startsWith('[') && !e.startsWith('$') && !e.startsWith('@')) e = '.' + e
  return `{${e}}`
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
        const values = selectJsonPath(template, o)
        return values.length === 0 ? '<none>' : values.map(goFormat).join(',')
      },
    })
  }
  return columns
}
