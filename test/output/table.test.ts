import {describe, expect, it} from 'vitest'
import {formatTable} from '../../src/output/table.js'

describe('formatTable (calicoctl tabwriter layout)', () => {
  it('pads every column to its widest cell + 3, at least 5, keeping trailing spaces', () => {
    const text = formatTable([
      ['NAME', 'NODE', 'INTERFACE', 'IPS', 'PROFILES'],
      ['endpoint1', 'host1', 'eth0', '', 'prof1,prof2'],
    ])
    expect(text).toBe(
      'NAME        NODE    INTERFACE   IPS   PROFILES      \n' +
      'endpoint1   host1   eth0              prof1,prof2   \n')
  })

  it('gives an empty column the minimum width 5', () => {
    expect(formatTable([['A', ''], ['', '']])).toBe('A    ' + '     ' + '\n' + '          \n')
  })

  it('counts code points, not UTF-16 units, and neutralises tabs and newlines in cells', () => {
    expect(formatTable([['𝔘x', 'b']])).toBe('𝔘x   b    \n')
    expect(formatTable([['a\tb\nc', 'd']])).toBe('a b c   d    \n')
  })

  it('returns nothing for no rows', () => {
    expect(formatTable([])).toBe('')
  })
})
