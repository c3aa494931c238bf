/**
 * Printers for `get -o <format>`: ps (default), wide, yaml/yml, json, name, custom-columns=..., jsonpath=...,
 * jsonpath-file=..., go-template=..., go-template-file=...
 */

import {API_VERSION, LIST_KIND, type HostEndpoint, type HostEndpointList} from '../model/hostendpoint.js'
import {OutputFormatError, tableColumns, PS_COLUMNS, WIDE_COLUMNS, type Column} from './columns.js'
import {forExport, inStructOrder, listInStructOrder} from './struct-order.js'
import {formatTable} from './table.js'
import {toYaml} from './yaml-text.js'

export {OutputFormatError, TemplateExecutionError} from './columns.js'

/** `-o jsonpath=...` or `-o go-template=...`, parsed (template-formats.ts). */
export interface TemplateFormat {
  kind: 'jsonpath' | 'go-template'
  /** The text for the data, as JSON sees it; throws TemplateExecutionError when the template fails on it. */
  print(data: unknown, allowMissingKeys: boolean): string
}

export type OutputFormat =
  | {kind: 'table'; columns: readonly Column[]}
  | {kind: 'yaml'}
  | {kind: 'json'}
  | {kind: 'name'}
  | TemplateFormat

/** What `get` found: a List (no names given) or the objects named, in the order asked. */
export type GetData =
  | {kind: 'list'; list: HostEndpointList}
  | {kind: 'named'; objects: HostEndpoint[]}

export interface GetPrintOptions {
  /** Add kubectl's LABELS column to table formats. */
  showLabels?: boolean
  /** Label keys to add as columns to table formats (kubectl's -L/--label-columns). */
  labelColumns?: readonly string[]
  /** Leave out the header line (and the blank line after the table). */
  noHeaders?: boolean
  /** `--export`: strip cluster-specific metadata. As in calicoctl, only for named objects; ignored for a List. */
  export?: boolean
  /** kubectl's --allow-missing-template-keys (default true): false makes a missing key in a template an error. */
  allowMissingTemplateKeys?: boolean
}

/**
 * The `-o name` prefix. kubectl prints `<kind>.<group>/<name>` for every non-core kind; with Calico both
 * `crd.projectcalico.org` and `projectcalico.org` serve HostEndpoints, so only the qualified form names the v3
 * resource without ambiguity when piped back into kubectl (`kubectl delete $(hepctl get hep -o name)`).
 */
export const NAME_PREFIX = 'hostendpoint.projectcalico.org/'

/** The formats `-o` accepts, for help text. */
export const OUTPUT_FORMATS = ['ps', 'wide', 'yaml', 'json', 'name', 'custom-columns=...', 'jsonpath=...', 'jsonpath-file=...',
  'go-template=...', 'go-template-file=...'] as const

/**
 * Parse a `-o` value (undefined means `ps`). Rejects with OutputFormatError with calicoctl's or kubectl's
 * message. The formats with an expression load their engines only here, when asked for.
 */
export async function parseOutputFormat(value: string | undefined): Promise<OutputFormat> {
  const v = value ?? 'ps'
  if (v === 'ps' || v === '') return {kind: 'table', columns: PS_COLUMNS}
  if (v === 'wide') return {kind: 'table', columns: WIDE_COLUMNS}
  if (v === 'yaml' || v === 'yml') return {kind: 'yaml'}
  if (v === 'json') return {kind: 'json'}
  if (v === 'name') return {kind: 'name'}
  if (v === 'custom-columns') throw new OutputFormatError('need to specify at least one column')
  if (v.startsWith('custom-columns=') || /^(jsonpath|go-template)(-file)?(=|$)/.test(v)) {
    const {expressionFormat} = await import('./template-formats.js')
    return expressionFormat(v)
  }
  throw new OutputFormatError(`unrecognized output format '${v}'`)
}

/** The value yaml, json and jsonpath print: the List, the one named object, or a List of several. */
function printable(data: GetData, options: GetPrintOptions): HostEndpoint | HostEndpointList | null {
  if (data.kind === 'list') return data.list
  const objects = options.export ? data.objects.map(forExport) : data.objects
  if (objects.length === 0) return null
  if (objects.length === 1) return objects[0]
  // Several names: one List, as kubectl prints them, so the output reads back as a manifest.
  return {apiVersion: API_VERSION, kind: LIST_KIND, metadata: {}, items: objects}
}

function isList(v: HostEndpoint | HostEndpointList): v is HostEndpointList {
  return v.kind === LIST_KIND
}

function objectsOf(data: GetData): HostEndpoint[] {
  return data.kind === 'list' ? data.list.items : data.objects
}

/** `-o json`: 2-space indentation, calicoctl's struct key order, and a final newline (calicoctl has none). */
export function toJson(value: HostEndpoint | HostEndpointList): string {
  const ordered = isList(value) ? listInStructOrder(value) : inStructOrder(value)
  return JSON.stringify(ordered, null, 2) + '\n'
}

/** What kubectl's template printers see: the object after a JSON round trip (no undefined fields). */
function toJsonData(value: HostEndpoint | HostEndpointList): unknown {
  return JSON.parse(toJson(value))
}

/** A calicoctl table (ps, wide, custom-columns), with a blank line after it. */
export function formatObjectsTable(objects: readonly HostEndpoint[], columns: readonly Column[], options: GetPrintOptions = {}): string {
  const cols = tableColumns(columns, options)
  const rows = objects.map(o => cols.map(c => c.cell(o)))
  if (options.noHeaders) return formatTable(rows)
  return formatTable([cols.map(c => c.header), ...rows]) + '\n'
}

/**
 * Print what `get` found in the chosen format. Returns the text for stdout; throws TemplateExecutionError
 * when a jsonpath or go-template fails on the data (nothing is printed then).
 */
export function printGet(data: GetData, format: OutputFormat, options: GetPrintOptions = {}): string {
  switch (format.kind) {
    case 'table':
      if (data.kind === 'named' && data.objects.length === 0) return ''
      return formatObjectsTable(objectsOf(data), format.columns, options)
    case 'name':
      return objectsOf(data).map(o => `${NAME_PREFIX}${o.metadata.name}\n`).join('')
    case 'yaml': {
      const value = printable(data, options)
      return value === null ? '' : toYaml(value)
    }
    case 'json': {
      const value = printable(data, options)
      return value === null ? '' : toJson(value)
    }
    case 'jsonpath':
    case 'go-template': {
      const value = printable(data, options)
      return value === null ? '' : format.print(toJsonData(value), options.allowMissingTemplateKeys !== false)
    }
  }
}
