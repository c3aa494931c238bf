/**
 * `get -w` output, as kubectl prints watch output: a table's header once, then a row per event; yaml
 * documents separated by `---`; one JSON object per event; a name per line. With --output-watch-events each
 * event is {type, object} (json, yaml) or a row with an EVENT column first (tables).
 */
import type {WatchEvent} from '../datastore/datastore.js'
import {tableColumns} from './columns.js'
import {type GetPrintOptions, NAME_PREFIX, type OutputFormat, printGet, toJson} from './get-printer.js'
import {inStructOrder} from './struct-order.js'
import {formatTable} from './table.js'
import {toYaml} from './yaml-text.js'

export interface WatchPrintOptions extends GetPrintOptions {
  /** kubectl's --output-watch-events. */
  events?: boolean
}

/** A printer for one watch: call it with each event, in order; it returns the text to write. */
export function watchPrinter(format: OutputFormat, options: WatchPrintOptions = {}): (event: WatchEvent) => string {
  let printed = 0
  let widths: number[] | undefined
  return event => {
    const first = printed++ === 0
    switch (format.kind) {
      case 'table': {
        const columns = tableColumns(format.columns, options)
        const headers = options.events ? ['EVENT', ...columns.map(c => c.header)] : columns.map(c => c.header)
        const cells = columns.map(c => c.cell(event.object))
        const row = options.events ? [event.type, ...cells] : cells
        if (first && !options.noHeaders) {
          const text = formatTable([headers, row])
          widths = headers.map((h, i) => Math.max(h.length, row[i].length))
          return text
        }
        // Later rows keep the first rows' column widths where they fit (kubectl's tabwriter is per flush).
        widths ??= row.map(cell => cell.length)
        return formatTable([row.map((cell, i) => i < row.length - 1 ? cell.padEnd(widths![i] ?? 0) : cell)])
      }
      case 'name':
        return options.events ? `${event.type} ${NAME_PREFIX}${event.object.metadata.name}\n` : `${NAME_PREFIX}${event.object.metadata.name}\n`
      case 'yaml': {
        const value = options.events ? {type: event.type, object: inStructOrder(event.object)} : event.object
        return (first ? '' : '---\n') + toYaml(value)
      }
      case 'json':
        return options.events ? JSON.stringify({type: event.type, object: JSON.parse(toJson(event.object))}, null, 2) + '\n' : toJson(event.object)
      case 'jsonpath':
      case 'go-template':
        return printGet({kind: 'named', objects: [event.object]}, format, options)
    }
  }
}
