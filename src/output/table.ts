/**
 * calicoctl's table layout (Go text/tabwriter with minwidth 5, padding 3, every cell tab-terminated): each
 * column is as wide as its widest cell plus 3, at least 5, and every line keeps its trailing spaces.
 *
 * Plain string padding rather than cli-table3: cli-table3 draws borders or, with them blanked, pads on both
 * sides and trims nothing predictable, so it cannot give this layout byte for byte.
 */
const MIN_WIDTH = 5
const PADDING = 3

const SURROGATE = /[\ud800-\udfff]/
const BREAKS = /[\t\r\n]/

/** Width of a cell as tabwriter counts it: Unicode code points. */
function cellWidth(text: string): number {
  if (!SURROGATE.test(text)) return text.length
  let n = 0
  for (const _ of text) n++
  return n
}

function clean(cell: string): string {
  return BREAKS.test(cell) ? cell.replace(/[\t\r\n]/g, ' ') : cell
}

/**
 * Lay out rows (the first is usually the header) as calicoctl does. Returns the lines joined with `\n`, with a
 * final `\n`; an empty `rows` gives ''. Tabs and newlines inside cells are replaced by spaces so that one
 * hostile value cannot break the layout.
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return ''
  let columns = 0
  for (const row of rows) if (row.length > columns) columns = row.length
  const cells: string[][] = []
  const cellWidths: number[][] = []
  const widths = new Array<number>(columns).fill(0)
  for (const row of rows) {
    const r: string[] = []
    const w: number[] = []
    for (let c = 0; c < columns; c++) {
      const cell = clean(row[c] ?? '')
      const width = cellWidth(cell)
      r.push(cell)
      w.push(width)
      if (width > widths[c]) widths[c] = width
    }
    cells.push(r)
    cellWidths.push(w)
  }
  for (let c = 0; c < columns; c++) widths[c] = Math.max(widths[c] + PADDING, MIN_WIDTH)
  const spaces = ' '.repeat(Math.max(...widths))
  const lines: string[] = []
  for (let i = 0; i < cells.length; i++) {
    let line = ''
    for (let c = 0; c < columns; c++) line += cells[i][c] + spaces.slice(0, widths[c] - cellWidths[i][c])
    lines.push(line)
  }
  return lines.join('\n') + '\n'
}
