/**
 * A progress line for long bulk operations (`applying 1200/10000`) on stderr. Shown only on a terminal and only
 * once the work has taken more than a second; redrawn at most ten times a second; erased when done. Silent
 * when stderr is piped, so logs and CI output stay clean.
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
}

export interface ProgressOptions {
  /** Milliseconds before anything is shown (default 1000). */
  delayMs?: number
  /** Minimum milliseconds between redraws (default 100). */
  intervalMs?: number
  /** Clock, for tests. */
  now?: () => number
}

/** Start a progress reporter for `total` items labelled `label` (e.g. `applying`). */
export function startProgress(label: string, total: number, stream: ProgressStream, options: ProgressOptions = {}): Progress {
  const noop: Progress = {update: () => {}, stop: () => {}}
  if (!stream.isTTY) return noop
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

  const draw = (): void => {
    if (stopped) return
    const t = now()
    if (t - started < delay || t - lastDraw < interval) return
    lastDraw = t
    shown = true
    // \r and "erase line" so a shorter text does not leave the end of a longer one behind.
    stream.write(`\r\x1b[2K${label} ${done}/${all}`)
  }

  // Draw at least once after the delay even if updates stop coming (one slow resource).
  timer = setTimeout(() => {
    draw()
    timer = setInterval(draw, interval)
    timer.unref()
  }, delay)
  timer.unref()

  return {
    update(n: number, t?: number) {
      done = n
      if (t !== undefined) all = t
      draw()
    },
    stop() {
      if (stopped) return
      stopped = true
      if (timer) {
        clearTimeout(timer)
        clearInterval(timer)
      }
      if (shown) stream.write('\r\x1b[2K')
    },
  }
}
