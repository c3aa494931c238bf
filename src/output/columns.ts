/**
 * Table columns for `get`: calicoctl's named columns for HostEndpoint (ps, wide, `custom-columns=NAME,NODE`),
 * kubectl's label columns, and the errors of output formats. kubectl's `custom-columns=HEADER:.json.path` are
 * in template-formats.ts, loaded only for them.
 */
import type {HostEndpoint} from '../model/hostendpoint.js'

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

/** A template that failed while running on the data (kubectl: "error executing template ..."). */
export class TemplateExecutionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TemplateExecutionError'
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
