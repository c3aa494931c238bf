/**
 * A long-running `hepctl get -w` child: its output so far, a wait for text to appear in it (generous
 * timeout: a failure to appear is the failure being tested, not a timing measurement), and a signal to end it.
 */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'

import {hepctlBin, repoRoot} from './cli.js'

export interface WatchProcess {
  readonly stdout: () => string
  readonly stderr: () => string
  /** Resolves once `test` holds for stdout; rejects (with the output) after `timeoutMs`. */
  until(test: (stdout: string) => boolean, timeoutMs?: number): Promise<string>
  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>
  readonly child: ChildProcessWithoutNullStreams
}

export function startWatch(args: string[], env: NodeJS.ProcessEnv): WatchProcess {
  const child = spawn(process.execPath, [hepctlBin, ...args], {
    cwd: repoRoot,
    env: {PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env},
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const waiters = new Set<() => void>()
  child.stdout.setEncoding('utf8').on('data', d => {
    out += d
    for (const w of waiters) w()
  })
  child.stderr.setEncoding('utf8').on('data', d => (err += d))
  const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    until(test, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!test(out)) return
          cleanup()
          resolve(out)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`watch output did not show what was expected:\n--- stdout\n${out}\n--- stderr\n${err}`))
        }, timeoutMs)
        const cleanup = (): void => {
          clearTimeout(timer)
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      })
    },
    async stop(signal = 'SIGINT') {
      child.kill(signal)
      return exited
    },
  }
}
