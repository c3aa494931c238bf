import {describe, expect, it, vi} from 'vitest'
import {durationText, progressText, startProgress} from '../../src/output/progress.js'

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
    const p = startProgress('applying', 10, () => s, {now: c.now})
    c.advance(5000)
    p.update(5)
    p.stop()
    expect(s.writes).toEqual([])
  })

  it('leaves no timer running once it finds stderr is not a terminal', () => {
    vi.useFakeTimers()
    try {
      const p = startProgress('applying', 10, () => terminal(false), {delayMs: 50})
      vi.advanceTimersByTime(500)
      expect(vi.getTimerCount()).toBe(0)
      p.stop()
    } finally {
      vi.useRealTimers()
    }
  })

  it('does not open the stream for a run shorter than a second (making process.stderr is slow)', () => {
    const c = clock()
    let opened = 0
    const p = startProgress('applying', 10, () => (opened++, terminal(true)), {now: c.now})
    c.advance(999)
    p.update(3)
    p.stop()
    expect(opened).toBe(0)
  })

  it('stays silent during the first second', () => {
    const s = terminal(true)
    const c = clock()
    const p = startProgress('applying', 10, () => s, {now: c.now})
    c.advance(999)
    p.update(3)
    p.stop()
    expect(s.writes).toEqual([])
  })

  it('shows done/total, rate and time left after a second, redraws at most every 100 ms, and erases the line at the end', () => {
    const s = terminal(true)
    const c = clock()
    const p = startProgress('applying', 10000, () => s, {now: c.now})
    c.advance(1000)
    p.update(1200)
    p.update(1201) // same instant: not redrawn
    c.advance(50)
    p.update(1300) // 50 ms later: not redrawn
    c.advance(50)
    p.update(1400)
    p.stop()
    p.stop()
    // 1,200 in 1 s: 1,200/s, 8,800 left take 7.3 s, shown as 8s; 1,400 in 1.1 s: 1,273/s, 6.8 s left.
    expect(s.writes).toEqual([
      '\r\x1b[2Kapplying 1,200/10,000 (1,200/s, 8s left)',
      '\r\x1b[2Kapplying 1,400/10,000 (1,273/s, 7s left)',
      '\r\x1b[2K',
    ])
  })

  it('clear erases a shown line for a message of its own, and the next update draws it again at once', () => {
    const s = terminal(true)
    const c = clock()
    const p = startProgress('deleting', 100, () => s, {now: c.now})
    p.clear() // nothing shown yet: nothing to erase
    c.advance(1000)
    p.update(10)
    p.clear()
    p.update(11) // same instant, but the line was erased: drawn again
    p.stop()
    expect(s.writes).toEqual([
      '\r\x1b[2Kdeleting 10/100 (10/s, 9s left)',
      '\r\x1b[2K',
      '\r\x1b[2Kdeleting 11/100 (11/s, 9s left)',
      '\r\x1b[2K',
    ])
  })

  it('computes the rate from the time since the start, on the injected clock', () => {
    const s = terminal(true)
    const c = clock()
    const p = startProgress('applying', 20000, () => s, {now: c.now})
    c.advance(2000)
    p.update(4000)
    c.advance(2000)
    p.update(6000) // slower now: 6,000 in 4 s is 1,500/s overall
    p.stop()
    expect(s.writes.slice(0, 2)).toEqual([
      '\r\x1b[2Kapplying 4,000/20,000 (2,000/s, 8s left)',
      '\r\x1b[2Kapplying 6,000/20,000 (1,500/s, 10s left)',
    ])
  })
})

describe('progressText', () => {
  it('gives a slow rate with a decimal and a long wait in minutes or hours', () => {
    expect(progressText('deleting', 3, 10, 2000)).toBe('deleting 3/10 (1.5/s, 5s left)')
    expect(progressText('applying', 100, 20000, 10000)).toBe('applying 100/20,000 (10/s, 33m10s left)')
    expect(progressText('applying', 1, 1000, 10000)).toBe('applying 1/1,000 (0.1/s, 2h46m left)')
  })

  it('leaves out the time left when nothing is done yet or the total is reached or unknown', () => {
    expect(progressText('applying', 0, 10, 1500)).toBe('applying 0/10 (0/s)')
    expect(progressText('applying', 10, 10, 2000)).toBe('applying 10/10 (5/s)')
    expect(progressText('deleting', 5, 0, 1000)).toBe('deleting 5/0 (5/s)')
    expect(progressText('applying', 5, 10, 0)).toBe('applying 5/10')
  })

  it('rounds the time left up, so unfinished work never shows 0s', () => {
    expect(durationText(0.2)).toBe('1s')
    expect(durationText(59.5)).toBe('1m00s')
    expect(durationText(3599.5)).toBe('1h00m')
  })
})
