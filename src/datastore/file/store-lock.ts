import {randomUUID} from 'node:crypto'
import {closeSync, constants as fsConstants, fstatSync, linkSync, lstatSync, openSync, promises as fs, readFileSync, unlinkSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'

import {DatastoreUnavailableError} from '../datastore.js'

/**
 * An inter-process lock for the file store (Node has no flock). The lock is a file created atomically
 * with its content (written to a private file, then hard-linked into place, which fails if the lock
 * exists). It names its holder: pid, the process start time from /proc/<pid>/stat (so a reused pid is
 * not mistaken for the holder), host and a nonce. A lock whose holder is dead is taken over through a
 * claim file per stale nonce, so two waiters never both remove it, and never remove a fresh lock.
 */
export interface StoreLock {
  release(): Promise<void>
}

interface Holder {
  pid: number
  start: string
  host: string
  nonce: string
  acquired: string
}

/** The longest wait between two looks at a held lock is 1.5 times this (with jitter). */
const MAX_WAIT_MS = 100

/** A claim or an unreadable lock older than this is considered abandoned. */
const ABANDONED_MS = 10_000

/** The start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), or '' when unknown. */
function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? ''
  } catch {
    return ''
  }
}

/** This process, as a lock holder; worked out when a lock is first needed (reads only never lock). */
let selfHolder: {pid: number; start: string; host: string} | undefined
function self(): {pid: number; start: string; host: string} {
  selfHolder ??= {pid: process.pid, start: processStartTime(process.pid), host: hostname()}
  return selfHolder
}

/** Whether the process that wrote `holder` is certainly gone. Unknown means alive. */
function holderIsDead(holder: Holder): boolean {
  if (holder.host !== self().host) return false
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true
  }
  if (holder.start === '') return false
  const start = processStartTime(holder.pid)
  return start !== '' && start !== holder.start
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>
    if (typeof value.pid === 'number' && typeof value.nonce === 'string' && typeof value.start === 'string' && typeof value.host === 'string') {
      return {acquired: '', ...value} as Holder
    }
  } catch {
    // fall through
  }
  return undefined
}

// The lock is taken, read and released with synchronous calls, as the store files are used under it
// (store-file.ts): the holder's steps must not each wait for a turn of the event loop.

/** Creates `path` holding `content`, failing with EEXIST if it exists; atomically where hard links work. */
async function createExclusive(path: string, content: string): Promise<void> {
  const staging = `${path}.${randomUUID()}.new`
  writeFileSync(staging, content, {mode: 0o600, flag: 'wx'})
  try {
    linkSync(staging, path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error
    // No hard links on this filesystem: exclusive create, then write (readers may briefly see it empty).
    writeFileSync(path, content, {mode: 0o600, flag: 'wx'})
  } finally {
    removeFile(staging)
  }
}

/** Removes `path` if it is there. */
function removeFile(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // gone already, or not ours to remove
  }
}

async function readHolder(path: string): Promise<{holder?: Holder; ageMs: number} | undefined> {
  let fd: number
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code !== 'ELOOP') throw error
    // A symlink where the lock belongs: a lock of unknown holder, never followed.
    const link = lstatSync(path, {throwIfNoEntry: false})
    return link ? {ageMs: Date.now() - link.mtimeMs} : undefined
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) return {ageMs: Date.now() - stat.mtimeMs}
    const text = readFileSync(fd, 'utf8')
    return {holder: parseHolder(text), ageMs: Date.now() - stat.mtimeMs}
  } finally {
    closeSync(fd)
  }
}

/**
 * Whether a lock staging or takeover-claim file was left by a writer that is gone: one whose holder is dead,
 * or that is older than a minute (staging files live for one link call, claims for one takeover).
 */
export async function isAbandonedLockFile(path: string): Promise<boolean> {
  const found = await readHolder(path).catch(() => undefined)
  if (!found) return false
  return (found.holder !== undefined && holderIsDead(found.holder)) || found.ageMs > 60_000
}

/** Removes the lock at `path` iff it still belongs to `stale` (nonce), under a claim only one waiter gets. */
async function takeOver(path: string, stale: {nonce: string}): Promise<void> {
  const claim = `${path}.takeover-${stale.nonce.replace(/[^A-Za-z0-9-]/g, '')}`
  try {
    await createExclusive(claim, JSON.stringify({...self(), nonce: randomUUID()}))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const existing = await fs.stat(claim).catch(() => undefined)
    if (existing && Date.now() - existing.mtimeMs > ABANDONED_MS) await fs.unlink(claim).catch(() => undefined)
    return
  }
  try {
    const current = await readHolder(path)
    const nonce = current?.holder?.nonce ?? ''
    if (current && nonce === stale.nonce) await fs.unlink(path).catch(() => undefined)
  } finally {
    await fs.unlink(claim).catch(() => undefined)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

function lockFailure(path: string, error: unknown): DatastoreUnavailableError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error'
  return new DatastoreUnavailableError(`cannot lock the file store: ${path}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message}`)
}

/**
 * Takes the lock at `path`, waiting up to `timeoutMs` for a live holder. Throws DatastoreUnavailableError
 * naming the holder when it gives up.
 */
export async function acquireStoreLock(path: string, timeoutMs: number): Promise<StoreLock> {
  const mine: Holder = {...self(), nonce: randomUUID(), acquired: new Date().toISOString()}
  const content = JSON.stringify(mine)
  const deadline = Date.now() + timeoutMs
  let delay = 1
  let lastHolder: Holder | undefined
  /** The lock file last read (inode and modification time), and when. */
  let seen: string | undefined
  let seenAt = 0
  for (;;) {
    // While the lock is there, a waiter only looks at it (one lstat) and reads it only when it is another
    // lock file than last time, or a second later: a hundred waiters polling must not take the CPU that
    // the holder needs to finish. It is tried when it is gone.
    let present
    try {
      present = lstatSync(path, {throwIfNoEntry: false})
    } catch (error) {
      throw lockFailure(path, error)
    }
    if (!present) {
      try {
        await createExclusive(path, content)
        return {
          async release() {
            const current = await readHolder(path).catch(() => undefined)
            if (current?.holder?.nonce === mine.nonce) removeFile(path)
          },
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockFailure(path, error)
      }
    }
    const identity = present ? `${present.ino}:${present.mtimeMs}` : undefined
    let current: Awaited<ReturnType<typeof readHolder>> | 'unchanged' = 'unchanged'
    if (identity === undefined || identity !== seen || Date.now() - seenAt >= 1000) {
      seen = identity
      seenAt = Date.now()
      // Every path below ends in the deadline check and a wait: a lock that is there but cannot be read
      // (a dangling symlink, say) must not make this loop spin.
      current = await readHolder(path).catch(error => {
        throw lockFailure(path, error)
      })
      if (current?.holder) {
        lastHolder = current.holder
        if (holderIsDead(current.holder)) {
          await takeOver(path, current.holder).catch(error => {
            throw lockFailure(path, error)
          })
          delay = 1
        }
      } else if (current && current.ageMs > ABANDONED_MS) {
        // Unreadable and old: left by a crash on a filesystem without hard links, or not a lock at all.
        await takeOver(path, {nonce: ''}).catch(error => {
          throw lockFailure(path, error)
        })
        delay = 1
      }
    }
    if (Date.now() >= deadline) {
      const who = lastHolder ? `process ${lastHolder.pid} on ${lastHolder.host} (since ${lastHolder.acquired})` : 'another process'
      throw new DatastoreUnavailableError(
        `the file store is locked by ${who}; gave up after ${Math.round(timeoutMs / 1000)}s: ${path}`,
        'try again; remove the lock file only if that process no longer runs',
      )
    }
    // A lock that just went away is tried again at once (after a tick); a held one with a growing wait.
    await sleep(current === undefined ? 1 : delay + Math.random() * delay)
    if (current !== undefined) delay = Math.min(delay * 2, MAX_WAIT_MS)
  }
}
