/**
 * A progress line for long bulk operations (`applying 4,000/20,000 (1,950/s, 8s left)`) on stderr, the rate
 * and the time left computed from the time since the start. Shown only on a terminal and only once the work
 * has taken more than a second; redrawn at most ten times a second; erased when done. Silent when stderr is
 * piped, so logs and CI output stay clean.
 */

export interface ProgressStream {
  isTTY?: boolean
  write(text: string): unknown
}

export interface Progress {
  /** Report how far the work has got; cheap enough to call for every resource. */
  update: (done: number, total?: number) => void
  /** Erase the line (if shown) and stop. Safe to call more than once. */
  stop: () => void
  /** Erase the line (if shown) for a message of its own; the next draw puts the line back under it. */
  clear: () => void
}

export interface ProgressOptions {
  /** Milliseconds before anything is shown (default 1000). */
  delayMs?: number
  /** Minimum milliseconds between redraws (default 100). */
  intervalMs?: number
  /** Clock, for tests. */
  now?: () => number
}

// Made on first use: Intl's number formats cost a process about a quarter of Node's own start-up, and most runs
// never draw a progress line.
let formats: {count: Intl.NumberFormat; slowRate: Intl.NumberFormat} | undefined
function numberFormats(): {count: Intl.NumberFormat; slowRate: Intl.NumberFormat} {
  formats ??= {
    count: new Intl.NumberFormat('en-US', {maximumFractionDigits: 0}),
    slowRate: new Intl.NumberFormat('en-US', {maximumFractionDigits: 1}),
  }
  return formats
}

/** Seconds as `8s`, `2m05s` or `1h02m`, rounded up so that unfinished work never shows `0s left`. */
export function durationText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/**
 * The progress text: `label done/total (rate/s, time left)`, the rate being `done` over `elapsedMs`. The time
 * left is left out until something is done, and when the total is unknown (0) or already reached.
 */
export function progressText(label: string, done: number, total: number, elapsedMs: number): string {
  const {count, slowRate} = numberFormats()
  let text = `${label} ${count.format(done)}/${count.format(total)}`
  if (elapsedMs <= 0) return text
  const rate = (done * 1000) / elapsedMs
  text += ` (${rate < 10 ? slowRate.format(rate) : count.format(rate)}/s`
  if (rate > 0 && done < total) text += `, ${durationText((total - done) / rate)} left`
  return `${text})`
}

/**
 * Start a progress reporter for `total` items labelled `label` (e.g. `applying`). `openStream` is called only
 * when a line is due (`() => process.stderr`): making process.stderr loads Node's stream and socket modules.
 */
export function startProgress(label: string, total: number, openStream: () => ProgressStream, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now
  const delay = options.delayMs ?? 1000
  const interval = options.intervalMs ?? 100
  const started = now()
  let lastDraw = -Infinity
  let shown = false
  let stopped = false
  let done = 0
  let all = total
  let timer: NodeJS.Timeout | undefined
  let stream: ProgressStream | undefined

  const draw = (): void => {
    if (stopped) return
    const t = now()
    if (t - started < delay || t - lastDraw < interval) return
    stream ??= openStream()
    if (!stream.isTTY) {
      stop()
      return
    }
    lastDraw = t
    shown = true
    // \r and "erase line" so a shorter text does not leave the end of a longer one behind.
    stream.write(`\r\x1b[2K${progressText(label, done, all, t - started)}`)
  }

  // Draw at least once after the delay even if updates stop coming (one slow resource).
  timer = setTimeout(() => {
    draw()
    if (stopped) return // stderr is not a terminal: nothing more to draw
    timer = setInterval(draw, interval)
    timer.unref()
  }, delay)
  timer.unref()

  function stop(): void {
    if (stopped) return
    stopped = true
    if (timer) {
      clearTimeout(timer)
      clearInterval(timer)
    }
    if (shown) stream?.write('\r\x1b[2K')
  }

  return {
    update(n: number, t?: number) {
      done = n
      if (t !== undefined) all = t
      draw()
    },
    stop,
    clear() {
      if (!shown || stopped) return
      shown = false
      lastDraw = -Infinity
      stream?.write('\r\x1b[2K')
    },
  }
}
