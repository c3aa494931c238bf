// Shared measuring for `npm run bench`: run a command several times, take the median wall time and peak
// memory, and print each figure beside a floor measured in the same run. Ratios, not absolute times:
// these machines are noisy.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'

// GNU time reports peak memory; without it (package `time`), memory is not measured.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/**
 * Run `cmd args` `runs` times (after one warm-up); returns {median, min, max, peakRssKiB, times}. Any exit code
 * but `status` (default 0) is a failure of the benchmark.
 */
export function measure(cmd, args, {runs = 7, env, warmup = 1, before, status = 0} = {}) {
  const times = []
  let peakRssKiB = 0
  for (let i = 0; i < warmup + runs; i++) {
    if (before) before(i)
    const t0 = process.hrtime.bigint()
    const [bin, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%M', cmd, ...args]] : [cmd, args]
    const r = spawnSync(bin, argv, {
      env: {...process.env, ...env}, encoding: 'utf8', maxBuffer: 1 << 30,
      stdio: ['pipe', 'ignore', 'pipe'],
    })
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    const rss = GNU_TIME ? Number(r.stderr.trim().split('\n').pop()) : NaN
    if (r.status !== status) {
      throw new Error(`${cmd} ${args.join(' ')} exited ${r.status} (expected ${status}): ${r.stderr.slice(0, 2000)}`)
    }
    if (i >= warmup) {
      times.push(ms)
      if (Number.isFinite(rss)) peakRssKiB = Math.max(peakRssKiB, rss)
    }
  }
  const sorted = [...times].sort((a, b) => a - b)
  return {median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1), peakRssKiB, times}
}

/**
 * Measure two commands in alternation (a, b, a, b, ...) so that load from elsewhere on the machine weighs on
 * both alike; for figures that are a ratio of the two. `a` and `b` are {cmd, args, options} as for measure.
 */
export function measureAlternating(a, b, {runs = 7, warmup = 1} = {}) {
  const times = [[], []]
  for (let i = 0; i < warmup + runs; i++) {
    for (const [k, {cmd, args, options}] of [a, b].entries()) {
      const {median} = measure(cmd, args, {...options, runs: 1, warmup: 0})
      if (i >= warmup) times[k].push(median)
    }
  }
  return times.map(t => {
    const sorted = [...t].sort((x, y) => x - y)
    return {median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1), times: t}
  })
}

/** Time an async function `runs` times; returns the median in ms. */
export async function measureAsync(fn, {runs = 5, warmup = 1, before} = {}) {
  const times = []
  for (let i = 0; i < warmup + runs; i++) {
    if (before) await before(i)
    const t0 = process.hrtime.bigint()
    await fn(i)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (i >= warmup) times.push(ms)
  }
  times.sort((a, b) => a - b)
  return {median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1), times}
}

/** Print one figure: `name  value  vs floor  ratio (target)`. Returns whether value / floor <= target (true without one). */
export function report(name, value, floorName, floor, {target} = {}) {
  const ratio = value / floor
  const ok = target === undefined ? true : ratio <= target
  const fmt = v => `${v.toFixed(1)} ms`
  const targetText = target === undefined ? '' : ` (target <= ${Number(target.toFixed(2))}x) ${ok ? 'ok' : 'MISSED'}`
  console.log(`${name.padEnd(58)} ${fmt(value).padStart(12)}   ${floorName}: ${fmt(floor)}   ratio ${ratio.toFixed(2)}x${targetText}`)
  return ok
}

/** Print a plain time, with no floor or ratio, aligned with report()'s lines. */
export function reportTime(name, value) {
  console.log(`${name.padEnd(58)} ${`${value.toFixed(1)} ms`.padStart(12)}`)
}
