import {describe, expect, it} from 'vitest'
import {colourLevel, coloursFor} from '../../src/output/colour.js'

describe('colourLevel', () => {
  it('colours a TTY and not a pipe by default', () => {
    expect(colourLevel({}, {isTTY: true})).toBe(1)
    expect(colourLevel({}, {isTTY: false})).toBe(0)
    expect(colourLevel({}, {})).toBe(0)
  })

  it('NO_COLOR with any non-empty value turns colour off, even with FORCE_COLOR', () => {
    expect(colourLevel({NO_COLOR: '1'}, {isTTY: true})).toBe(0)
    expect(colourLevel({NO_COLOR: 'false'}, {isTTY: true})).toBe(0)
    expect(colourLevel({NO_COLOR: 'x', FORCE_COLOR: '3'}, {isTTY: true})).toBe(0)
  })

  it('an empty NO_COLOR is ignored', () => {
    expect(colourLevel({NO_COLOR: ''}, {isTTY: true})).toBe(1)
  })

  it('FORCE_COLOR forces colour on a pipe, with its level; 0 and false turn it off', () => {
    expect(colourLevel({FORCE_COLOR: '1'}, {isTTY: false})).toBe(1)
    expect(colourLevel({FORCE_COLOR: ''}, {isTTY: false})).toBe(1)
    expect(colourLevel({FORCE_COLOR: '3'}, {isTTY: false})).toBe(3)
    expect(colourLevel({FORCE_COLOR: '0'}, {isTTY: true})).toBe(0)
    expect(colourLevel({FORCE_COLOR: 'false'}, {isTTY: true})).toBe(0)
  })

  it('TERM=dumb means no colour on a TTY', () => {
    expect(colourLevel({TERM: 'dumb'}, {isTTY: true})).toBe(0)
  })

  it('coloursFor returns a chalk that emits ANSI only when colour is on', async () => {
    expect((await coloursFor({isTTY: true}, {})).red('x')).toBe('\x1b[31mx\x1b[39m')
    expect((await coloursFor({isTTY: true}, {NO_COLOR: '1'})).red('x')).toBe('x')
    expect((await coloursFor({isTTY: false}, {})).red('x')).toBe('x')
    // Without colour the styles are plain, in any chain, and chalk is not needed.
    expect((await coloursFor({isTTY: false}, {})).bold.red('a', 'b')).toBe('a b')
  })
})
