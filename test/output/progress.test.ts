import {describe, expect, it} from 'vitest'
import {startProgress} from '../../src/output/progress.js'

/** A stream that records what is written, and a clock the test moves by hand. */
function terminal(isTTY: boolean) {
  const writes: string[] = []
  return {isTTY, writes, write: (t: string) => writes.push(t)}
}

function clock() {
  let t = 0
  return {now: () => t, advance: (ms: number) => (t += ms)}
}

describe('progress', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const s = terminal(false)
    const c = clock()
    const p = startProgress('applying', 10, s, {now: c.now})
    c.advance(5000)
    p.update(5)
    p.stop()
    expect(s.writes).toEqual([])
  })

  it('stays silent during the first second', () => {
    const s = terminal(true)
    const c = clock()
    const p = startProgress('applying', 10, s, {now: c.now})
    c.advance(999)
    p.update(3)
    p.stop()
    expect(s.writes).toEqual([])
  })

  it('shows done/total after a second, redraws at most every 100 ms, and erases the line at the end', () => {
    const s = terminal(true)
    const c = clock()
    const p = startProgress('applying', 10000, s, {now: c.now})
    c.advance(1000)
    p.update(1200)
    p.update(1201) // same instant: not redrawn
    c.advance(50)
    p.update(1300) // 50 ms later: not redrawn
    c.advance(50)
    p.update(1400)
    p.stop()
    p.stop()
    expect(s.writes).toEqual(['\r\x1b[2Kapplying 1200/10000', '\r\x1b[2Kapplying 1400/10000', '\r\x1b[2K'])
  })
})
