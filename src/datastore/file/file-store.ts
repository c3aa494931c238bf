import {randomUUID} from 'node:crypto'
import {constants as fsConstants, promises as fs, readdirSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'

import type {FileStoreConfig} from '../../config/datastore-config.js'
import {API_VERSION, type HostEndpoint, KIND} from '../../model/hostendpoint.js'
import type {LabelSelector} from '../../model/label-selector.js'
import {
  type Datastore,
  DatastoreUnavailableError,
  ResourceError,
  type WriteOp,
  type WriteOptions,
  type WriteResult,
} from '../datastore.js'
import {osReason} from '../../os/os-error.js'
import {displayName, invalidNameError, isResourceName} from '../resource-name.js'
import {IndexedResources, readSnapshotIndex} from './names-index.js'
import {StoreFile} from './store-file.js'
import {acquireStoreLock, isAbandonedLockFile} from './store-lock.js'
import {
  applyJournal,
  DamagedStoreError,
  indexedHeader,
  JOURNAL_FILE,
  journalCommitLine,
  journalDeleteLine,
  journalPutLine,
  LOCK_FILE,
  parseEntry,
  parseSnapshot,
  serializeSnapshot,
  SNAPSHOT_FILE,
  type JournalChange,
  type StoredEntry,
  type StoreState,
} from './store-format.js'

export interface FileStoreOptions {
  /** How long a write waits for another process's lock before giving up. Default 30 s. */
  lockTimeoutMs?: number
  /** Journal size below which a write never compacts. Default 1 MiB. */
  minCompactBytes?: number
  /**
   * Called after a write's pre-read, before it takes the lock: lets a test commit another write in that
   * window to check that the re-check under the lock sees it.
   */
  afterPreRead?: () => Promise<void>
}

/** The identity of a snapshot file version: replaced files get a new inode and mtime. */
function snapshotIdentity(stat: {ino: bigint; size: bigint; mtimeNs: bigint} | undefined): string {
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}` : 'none'
}

/** Opening flags that never follow a symlink planted at a store file's name. */
const READ = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW
const READ_WRITE = fsConstants.O_RDWR | fsConstants.O_NOFOLLOW
const APPEND = fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT | fsConstants.O_NOFOLLOW
const CREATE_NEW = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW

/**
 * Refuses a store directory that another user could change under hepctl (as ssh refuses such a `~/.ssh`):
 * one writable by group or others, or owned by someone other than this user or root.
 */
async function checkDirectoryOwnership(directory: string): Promise<void> {
  const stat = await fs.stat(directory).catch(() => undefined)
  const uid = process.geteuid?.()
  if (!stat || uid === undefined) return
  if (stat.uid !== uid && stat.uid !== 0) {
    throw new DatastoreUnavailableError(
      `the file store directory ${directory} is owned by user ${stat.uid}, not by this user (${uid}): hepctl refuses it`,
      'use a store directory of your own, or run hepctl as its owner',
    )
  }
  if ((stat.mode & 0o022) !== 0) {
    throw new DatastoreUnavailableError(
      `the file store directory ${directory} may be written by other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}): hepctl refuses it`,
      `make it private: chmod go-w ${directory}`,
    )
  }
}

/** Enough of a snapshot's start to hold its header line (about 250 bytes). */
const HEADER_BYTES = 4096

/** Up to `length` bytes of the file at `position` (fewer at its end). */
function readAt(handle: StoreFile, position: number, length: number): Buffer {
  const bytes = Buffer.alloc(length)
  let filled = 0
  while (filled < length) {
    const {bytesRead} = handle.read(bytes, filled, length - filled, position + filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return bytes.subarray(0, filled)
}

function journalExists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/**
 * The embedded datastore: a directory holding a snapshot and an append-only journal (store-format.ts)
 * with etcd's revision model. One store-wide revision counter; each successful op takes the next
 * revision; a list's revision is the store's.
 *
 * Writes take an inter-process lock, bring the in-memory state up to date (reading only what the
 * journal gained), apply the ops, then persist the whole batch with ONE append + fsync, or, when the
 * journal would outgrow half the snapshot (and 1 MiB), ONE snapshot rewrite (temp + fsync + rename).
 * Reads take no lock: a snapshot replaced while being read makes them start over.
 *
 * Loading is one read and a line scan: objects stay JSON text until asked for (each get/list parses a
 * fresh copy), and text not yet parsed is checked before it is used or folded into a new snapshot, so
 * a damaged resource is reported (DatastoreUnavailableError naming the file) and never rewritten. A
 * write that needs no object (creates and updates: only names and revisions) reads only the snapshot's
 * header and names index, so its cost does not grow with the objects stored; the objects are read when
 * a delete, a compaction or a get/list needs them.
 *
 * History is not kept: `get` with a revision returns the object only when its last write is at or
 * before that revision (then it is what the store held at that revision); otherwise undefined.
 * `list` ignores `revision` and returns the current state.
 */
export class FileStore implements Datastore {
  readonly type = 'file' as const
  readonly location: string
  private readonly snapshotPath: string
  private readonly journalPath: string
  private readonly lockPath: string
  private state: StoreState = {revision: 0, resources: new Map()}
  private loadedSnapshot: string | undefined
  private snapshotBytes = 0
  /** Whether every entry's object is in memory (false: the snapshot's came from its names index only). */
  private objectsRead = true
  /** Whether the loaded snapshot has a names index (false: an earlier format, rewritten by the next write). */
  private indexed = true
  /** Journal bytes already applied (up to the end of the last commit line). */
  private journalOffset = 0
  private journalLines = 0
  /** The last refresh or write of this instance; the next one starts after it (see serially). */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    directory: string,
    private readonly options: FileStoreOptions = {},
  ) {
    this.location = directory
    this.snapshotPath = join(directory, SNAPSHOT_FILE)
    this.journalPath = join(directory, JOURNAL_FILE)
    this.lockPath = join(directory, LOCK_FILE)
  }

  async get(name: string, options: {revision?: string} = {}): Promise<HostEndpoint | undefined> {
    if (!isResourceName(name)) return undefined
    await this.serially(() => this.refresh(true))
    const entry = this.state.resources.get(name)
    if (!entry) return undefined
    if (options.revision !== undefined) {
      const wanted = /^\d+$/.test(options.revision) ? Number(options.revision) : Number.NaN
      if (!(entry.revision <= wanted && wanted <= this.state.revision)) return undefined
    }
    return this.view(name, entry)
  }

  async list(options: {selector?: LabelSelector; revision?: string} = {}): Promise<{items: HostEndpoint[]; revision: string}> {
    await this.serially(() => this.refresh(true))
    const names = [...this.state.resources.keys()].sort()
    const items: HostEndpoint[] = []
    for (const name of names) {
      const entry = this.state.resources.get(name)!
      const object = this.view(name, entry)
      if (options.selector && !options.selector.matches(object.metadata.labels)) continue
      items.push(object)
    }
    return {items, revision: String(this.state.revision)}
  }

  async write(ops: readonly WriteOp[], options: WriteOptions = {}): Promise<WriteResult[]> {
    if (ops.length === 0) return []
    await this.ensureDirectory()
    await checkDirectoryOwnership(this.location)
    // Pre-read, before the lock: the snapshot (which may be tens of MiB) and the journal are loaded while
    // other writers work. Under the lock, refresh() re-checks cheaply: the same snapshot identity (inode,
    // size, mtime) and a journal that only grew mean the pre-read state is current but for the journal's
    // new tail, which is all it reads; anything else (a compaction, a shrunk journal) reads everything again.
    // So a small write holds the lock for a stat, a tail read and one synced append.
    // Creates and updates need only names and revisions, which the snapshot's names index holds; a delete
    // returns the object it deleted, so it reads the objects too.
    // A pre-read that fails (damage, permissions) is not reported here: the read under the lock starts
    // from nothing and reports it as a write always has.
    const objects = ops.some(op => op.op === 'delete')
    await this.serially(() => this.refresh(objects)).catch(() => { this.loadedSnapshot = undefined })
    await this.options.afterPreRead?.()
    const lock = await acquireStoreLock(this.lockPath, this.options.lockTimeoutMs ?? 30_000)
    try {
      const results = await this.serially(async () => {
        const {tailBytes, tailLines} = await this.refresh(objects)
        if (tailBytes > 0) await this.moveTornTailAside()
        // The torn batch's revisions may have been seen (by a reader of an unsynced page): never reuse them.
        return this.applyAndPersist(ops, tailLines)
      })
      options.onProgress?.(ops.length, ops.length)
      await this.removeStaleTemps()
      return results
    } finally {
      await lock.release()
    }
  }

  /**
   * Runs `step` once this instance's earlier refreshes and writes have finished. They move the in-memory
   * state and the journal position: two at once (parallel gets, say) would apply the same journal bytes twice.
   */
  private serially<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step)
    this.queue = run.catch(() => undefined)
    return run
  }

  async close(): Promise<void> {
    this.state = {revision: 0, resources: new Map()}
    this.loadedSnapshot = undefined
    this.journalOffset = 0
    this.objectsRead = true
  }

  /** A caller's copy of an entry, with resourceVersion (name first, as stored). */
  private view(name: string, entry: StoredEntry): HostEndpoint {
    let object: HostEndpoint
    const source = entry.unchecked
    try {
      object = parseEntry(name, entry)
    } catch (error) {
      if (error instanceof DamagedStoreError) throw this.damaged(source ? join(this.location, source) : this.location, error)
      throw error
    }
    object.metadata.resourceVersion = String(entry.revision)
    return object
  }

  private damaged(file: string, error: unknown): DatastoreUnavailableError {
    return new DatastoreUnavailableError(
      `the file store is damaged: ${file}: ${(error as Error).message}; it was left untouched`,
      'restore it from a backup, or move the store directory aside to start an empty one',
    )
  }

  private unusable(action: string, error: unknown): DatastoreUnavailableError {
    if (errnoCode(error) === 'ELOOP') {
      return new DatastoreUnavailableError(`cannot ${action} the file store at ${this.location}: one of its files is a symbolic link, which hepctl never follows`)
    }
    return new DatastoreUnavailableError(`cannot ${action} the file store at ${this.location}: ${osReason(error)}`)
  }

  private async ensureDirectory(): Promise<void> {
    try {
      await fs.mkdir(this.location, {recursive: true, mode: 0o700})
    } catch (error) {
      throw this.unusable('create', error)
    }
  }

  /**
   * Brings the in-memory state up to date with the files: a full load when the snapshot changed, else
   * only the journal bytes added since the last refresh. Consistent without a lock: if the snapshot was
   * replaced while reading, it starts over. Returns how many uncommitted bytes trail the journal. With
   * `objects` false, the snapshot's objects may be left unread (see loadSnapshotIfChanged).
   */
  private async refresh(objects: boolean): Promise<{tailBytes: number; tailLines: number}> {
    for (let attempt = 0; ; attempt++) {
      const identity = await this.loadSnapshotIfChanged(objects)
      const tail = await this.readJournal()
      const after = this.statSnapshot()
      // Unchanged snapshot and a journal that only grew: consistent. Otherwise read everything again.
      if (snapshotIdentity(after) === identity && this.loadedSnapshot === identity) return tail
      this.loadedSnapshot = undefined
      if (attempt > 20) throw new DatastoreUnavailableError(`the file store at ${this.location} keeps changing while being read`)
    }
  }

  /** The snapshot's stat (for its identity), or undefined when there is none. */
  private statSnapshot(): {ino: bigint; size: bigint; mtimeNs: bigint} | undefined {
    try {
      return statSync(this.snapshotPath, {bigint: true})
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined
      throw this.unusable('read', error)
    }
  }

  /**
   * Loads the snapshot when its identity differs from the loaded one; returns the identity read. With
   * `objects` false, a snapshot with a names index is known from its header and index alone (its entries'
   * objects unread); with `objects` true, objects left unread before are read from the same snapshot.
   */
  private async loadSnapshotIfChanged(objects: boolean): Promise<string> {
    let handle: StoreFile
    try {
      handle = StoreFile.open(this.snapshotPath, READ)
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw this.unusable('read', error)
      if (this.loadedSnapshot !== 'none') this.reset('none', 0, {revision: 0, resources: new Map()}, true, true)
      return 'none'
    }
    try {
      const stat = await handle.stat({bigint: true})
      const identity = snapshotIdentity(stat)
      const size = Number(stat.size)
      if (identity === this.loadedSnapshot && (this.objectsRead || !objects)) return identity
      try {
        const index = objects ? undefined : await this.readIndex(handle, size)
        if (index) {
          this.reset(identity, size, index, false, true)
        } else {
          const {state, indexed} = parseSnapshot(await readAt(handle, 0, size))
          if (identity === this.loadedSnapshot) this.fillObjects(state)
          else this.reset(identity, size, state, true, indexed)
        }
      } catch (error) {
        if (error instanceof DamagedStoreError) throw this.damaged(this.snapshotPath, error)
        throw error
      }
      return identity
    } catch (error) {
      if (error instanceof DatastoreUnavailableError) throw error
      throw this.unusable('read', error)
    } finally {
      await handle.close()
    }
  }

  /** A snapshot's names and revisions from its header and names index; undefined if it has none (version 1). */
  private async readIndex(handle: StoreFile, size: number): Promise<StoreState | undefined> {
    const head = await readAt(handle, 0, Math.min(size, HEADER_BYTES))
    const end = head.indexOf(10)
    const header = end < 0 ? undefined : indexedHeader(head.toString('latin1', 0, end))
    if (!header) return undefined
    return readSnapshotIndex(header, await readAt(handle, header.length + 1, header.indexBytes))
  }

  /**
   * Gives the entries known from the names index their objects: the snapshot read whole, with what the
   * journal (and a write under way) changed since taken over onto it.
   */
  private fillObjects(whole: StoreState): void {
    const {resources} = this.state
    if (resources instanceof IndexedResources) {
      const {written, deleted} = resources.changes()
      for (const [name, entry] of written) whole.resources.set(name, entry)
      for (const name of deleted) whole.resources.delete(name)
      this.state = {revision: this.state.revision, resources: whole.resources}
    }
    this.objectsRead = true
  }

  /** Under the lock, before a compaction: reads the objects the names index stood in for. */
  private async readObjects(): Promise<void> {
    if (this.objectsRead) return
    const loaded = this.loadedSnapshot
    if ((await this.loadSnapshotIfChanged(true)) !== loaded) {
      throw new DatastoreUnavailableError(`the file store at ${this.location} was rewritten by another process while this one held its lock`)
    }
  }

  private reset(identity: string, snapshotBytes: number, state: StoreState, objectsRead: boolean, indexed: boolean): void {
    this.loadedSnapshot = identity
    this.snapshotBytes = snapshotBytes
    this.state = state
    this.objectsRead = objectsRead
    this.indexed = indexed
    this.journalOffset = 0
    this.journalLines = 0
  }

  /** Applies committed journal batches beyond journalOffset; returns the size of the uncommitted tail. */
  private async readJournal(): Promise<{tailBytes: number; tailLines: number}> {
    let handle: StoreFile
    try {
      handle = StoreFile.open(this.journalPath, READ)
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') {
        if (this.journalOffset > 0) this.loadedSnapshot = undefined
        return {tailBytes: 0, tailLines: 0}
      }
      throw this.unusable('read', error)
    }
    try {
      const size = (await handle.stat()).size
      if (size < this.journalOffset) {
        // Compacted since we read it; the snapshot check in refresh() starts over.
        this.loadedSnapshot = undefined
        return {tailBytes: 0, tailLines: 0}
      }
      if (size === this.journalOffset) return {tailBytes: 0, tailLines: 0}
      const bytes = await readAt(handle, this.journalOffset, size - this.journalOffset)
      const filled = bytes.length
      let applied
      try {
        applied = applyJournal(this.state, bytes, this.journalLines + 1, this.journalOffset)
      } catch (error) {
        if (error instanceof DamagedStoreError) {
          this.loadedSnapshot = undefined
          throw this.damaged(this.journalPath, error)
        }
        throw error
      }
      this.journalOffset += applied.consumed
      this.journalLines += applied.lines
      return {tailBytes: filled - applied.consumed, tailLines: applied.tailLines}
    } catch (error) {
      if (error instanceof DatastoreUnavailableError) throw error
      throw this.unusable('read', error)
    } finally {
      await handle.close()
    }
  }

  /**
   * Under the lock: moves an uncommitted tail a crashed writer left into a file of its own (nothing is cut
   * silently), then cuts it off the journal so appends start on a line.
   */
  private async moveTornTailAside(): Promise<void> {
    try {
      const handle = StoreFile.open(this.journalPath, READ_WRITE)
      try {
        const size = (await handle.stat()).size
        const tail = Buffer.alloc(size - this.journalOffset)
        await handle.read(tail, 0, tail.length, this.journalOffset)
        const aside = StoreFile.open(join(this.location, `${JOURNAL_FILE}.torn-${this.journalOffset}-${randomUUID()}`), CREATE_NEW, 0o600)
        try {
          await aside.writeFile(tail)
          await aside.sync()
        } finally {
          await aside.close()
        }
        await handle.truncate(this.journalOffset)
        await handle.sync()
      } finally {
        await handle.close()
      }
    } catch (error) {
      throw this.unusable('write', error)
    }
  }

  /** Applies the ops with compare-and-swap rules, then persists all changes at once. Rolls back on failure. */
  private async applyAndPersist(ops: readonly WriteOp[], skipRevisions = 0): Promise<WriteResult[]> {
    const {resources} = this.state
    const undo: [string, StoredEntry | undefined][] = []
    /** The batch's changes, written as journal lines only if the batch goes to the journal. */
    const changes: JournalChange[] = []
    const results: WriteResult[] = []
    let revision = this.state.revision + skipRevisions

    const put = (object: HostEndpoint, name: string): WriteResult => {
      revision++
      // Name first: the snapshot scanner reads it without parsing (store-format.ts).
      const {resourceVersion: _ignored, name: _name, ...rest} = object.metadata
      const metadata = {name, ...rest}
      const stored = {apiVersion: API_VERSION, kind: KIND, metadata, spec: object.spec ?? {}}
      const json = JSON.stringify(stored)
      undo.push([name, resources.get(name)])
      resources.set(name, {revision, json})
      changes.push({revision, name, json})
      return {ok: true, object: {...object, apiVersion: API_VERSION, kind: KIND, metadata: {...metadata, resourceVersion: String(revision)}}}
    }

    const previousRevision = this.state.revision
    try {
      for (const op of ops) {
        if (op.op === 'delete') {
          const entry = isResourceName(op.name) ? resources.get(op.name) : undefined
          if (!entry) {
            results.push({ok: false, error: ResourceError.notFound(displayName(op.name))})
          } else if (op.revision !== undefined && op.revision !== String(entry.revision)) {
            results.push({ok: false, error: ResourceError.conflict(op.name)})
          } else {
            const deleted = this.view(op.name, entry) // a damaged entry fails the whole batch: nothing written
            revision++
            undo.push([op.name, entry])
            resources.delete(op.name)
            changes.push({revision, delete: op.name})
            results.push({ok: true, object: deleted})
          }
          continue
        }
        const name = op.object?.metadata?.name
        if (!isResourceName(name)) {
          results.push({ok: false, error: invalidNameError(name)})
          continue
        }
        const entry = resources.get(name)
        if (op.op === 'create') {
          results.push(entry ? {ok: false, error: ResourceError.alreadyExists(name)} : put(op.object, name))
        } else if (!entry) {
          results.push({ok: false, error: ResourceError.notFound(name)})
        } else if (op.object.metadata.resourceVersion !== String(entry.revision)) {
          results.push({ok: false, error: ResourceError.conflict(name)})
        } else {
          results.push(put(op.object, name))
        }
      }
      if (changes.length === 0) return results
      this.state.revision = revision
      await this.persist(changes, revision)
    } catch (error) {
      for (const [name, entry] of undo.reverse()) {
        if (entry) resources.set(name, entry)
        else resources.delete(name)
      }
      this.state.revision = previousRevision
      // What is on disk is unknown now: read it again next time.
      this.loadedSnapshot = undefined
      throw error instanceof DatastoreUnavailableError ? error : this.unusable('write', error)
    }
    return results
  }

  /** Appends one batch to the journal, or rewrites the snapshot when the journal would outgrow it. */
  private async persist(changes: readonly JournalChange[], revision: number): Promise<void> {
    // The journal stays under half the snapshot, so loading it never costs more than the snapshot itself.
    // The batch's size is estimated from its objects' JSON: a large batch is never turned into journal text.
    const threshold = Math.max(this.options.minCompactBytes ?? 1 << 20, this.snapshotBytes / 2)
    let estimate = 0
    for (const change of changes) estimate += 'json' in change ? change.json.length + 32 : change.delete.length + 40
    // A snapshot of the earlier format (or edited by hand) is rewritten in this one, so that the next writes
    // read only its names index; unless a resource in it is damaged: that is never folded into a new one.
    if (this.journalOffset + estimate > threshold || (!this.indexed && this.loadedSnapshot !== 'none' && this.allObjectsValid())) {
      await this.readObjects()
      await this.writeSnapshot()
      return
    }
    const lines = changes.map(c => ('json' in c ? journalPutLine(c.revision, c.json) : journalDeleteLine(c.revision, c.delete))).join('')
    const batch = lines + journalCommitLine(revision, lines)
    const batchBytes = Buffer.byteLength(batch)
    const existed = this.journalOffset > 0 || journalExists(this.journalPath)
    const handle = StoreFile.open(this.journalPath, APPEND, 0o600)
    try {
      try {
        await handle.writeFile(batch)
        await handle.sync()
      } catch (error) {
        await this.cutFailedBatch(handle, error)
      }
    } finally {
      await handle.close()
    }
    // The batch is committed once its bytes are synced: what follows must not make it look failed.
    if (!existed) await this.syncDirectory().catch(() => undefined)
    this.journalOffset += batchBytes
    this.journalLines += changes.length + 1 // one line per change (JSON has no raw newline), then the commit
  }

  /**
   * A batch whose append or sync failed must not become visible: its bytes are cut off the journal (and that
   * synced) so that what later runs read agrees with the failure reported. If even that fails, the batch may
   * or may not be there: the error says so and what to check.
   */
  private async cutFailedBatch(handle: StoreFile, failure: unknown): Promise<never> {
    try {
      await handle.truncate(this.journalOffset)
      await handle.sync()
    } catch (error) {
      throw new DatastoreUnavailableError(
        `the outcome of this write to the file store at ${this.location} is unknown: ${osReason(failure)}, and removing it failed: ${osReason(error)}`,
        'check with `hepctl get` whether the changes are there before writing again',
      )
    }
    throw new DatastoreUnavailableError(`cannot write the file store at ${this.location}: ${osReason(failure)}; nothing was written`)
  }

  /** Whether every object read without parsing parses as a HostEndpoint (each is checked once). */
  private allObjectsValid(): boolean {
    for (const [name, entry] of this.state.resources) {
      if (!entry.unchecked) continue
      try {
        parseEntry(name, entry)
      } catch (error) {
        if (error instanceof DamagedStoreError) return false
        throw error
      }
    }
    return true
  }

  /** Compaction: the whole state to a temp file, fsync, rename over the snapshot, then empty the journal. */
  private async writeSnapshot(): Promise<void> {
    // Never fold a damaged entry into a new snapshot: check what was loaded without parsing.
    for (const [name, entry] of this.state.resources) {
      if (entry.unchecked) this.view(name, entry)
    }
    const text = serializeSnapshot(this.state)
    const temp = join(this.location, `${SNAPSHOT_FILE}.${process.pid}.${randomUUID()}.tmp`)
    const handle = StoreFile.open(temp, CREATE_NEW, 0o600)
    let stat
    try {
      await handle.writeFile(text)
      await handle.sync()
      stat = await handle.stat({bigint: true})
    } catch (error) {
      await handle.close()
      await fs.unlink(temp).catch(() => undefined)
      throw error
    }
    await handle.close()
    await fs.rename(temp, this.snapshotPath)
    // The rename is the commit point: what follows is housekeeping, and its failure must not make the batch
    // look failed. Journal lines at or below the snapshot's revision are skipped by readers, so an old
    // journal left behind is harmless.
    await this.syncDirectory().catch(() => undefined)
    await this.emptyJournal().catch(() => undefined)
    this.loadedSnapshot = snapshotIdentity(stat)
    this.indexed = true
    this.snapshotBytes = text.length
    this.journalOffset = 0
    this.journalLines = 0
  }

  /**
   * After each write, under the lock: removes what killed writers left behind: temp snapshots (none is in use,
   * as they are made only under the lock) and lock staging and takeover-claim files whose writer is gone.
   */
  private async removeStaleTemps(): Promise<void> {
    let entries: string[] = []
    try {
      entries = readdirSync(this.location)
    } catch {
      // nothing to clean up
    }
    const remove = (entry: string) => fs.unlink(join(this.location, entry)).catch(() => undefined)
    await Promise.all(entries.filter(e => e.startsWith(`${SNAPSHOT_FILE}.`) && e.endsWith('.tmp')).map(remove))
    const staging = entries.filter(e => e.startsWith(`${LOCK_FILE}.`) && (e.endsWith('.new') || e.startsWith(`${LOCK_FILE}.takeover-`)))
    for (const entry of staging) {
      if (await isAbandonedLockFile(join(this.location, entry))) await remove(entry)
    }
  }

  /** Empties the journal through a handle (a path-based truncate would follow a symlink). */
  private async emptyJournal(): Promise<void> {
    const handle = StoreFile.open(this.journalPath, READ_WRITE)
    try {
      await handle.truncate(0)
    } finally {
      await handle.close()
    }
  }

  private async syncDirectory(): Promise<void> {
    const handle = StoreFile.open(this.location, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY)
    try {
      await handle.sync()
    } catch (error) {
      // Some filesystems refuse fsync on directories; the rename itself is still atomic.
      if (errnoCode(error) !== 'EINVAL' && errnoCode(error) !== 'EISDIR') throw error
    } finally {
      await handle.close()
    }
  }

  /** The file store holds HostEndpoints only: no policy context. */
  async readPolicyContext(): Promise<import('../datastore.js').PolicyContext> {
    return {resources: [], source: `file store ${this.location}`, holdsContext: false}
  }
}

/**
 * Opens the file store in `config.path` (created with mode 0700 by the first write). Nothing is read until the
 * first get, list or write. Throws DatastoreUnavailableError if the path exists but is not a directory.
 */
export async function openFileStore(config: FileStoreConfig, options: FileStoreOptions = {}): Promise<FileStore> {
  const directory = resolve(config.path)
  try {
    const stat = await fs.stat(directory)
    if (!stat.isDirectory()) throw new DatastoreUnavailableError(`the file store path is not a directory: ${directory}`)
    await checkDirectoryOwnership(directory)
  } catch (error) {
    if (error instanceof DatastoreUnavailableError) throw error
    if (errnoCode(error) !== 'ENOENT') throw new DatastoreUnavailableError(`cannot open the file store at ${directory}: ${osReason(error)}`)
    // A store that does not exist yet is empty; the first write creates it (get, diff and --dry-run write nothing).
  }
  return new FileStore(directory, options)
}
