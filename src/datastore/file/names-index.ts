import {checkIndex, DamagedStoreError, type IndexedHeader, isIndexEntry, type StoredEntry, type StoreState} from './store-format.js'

/**
 * A snapshot's names index (store-format.ts), searched where it lies: the names are sorted, one per line, so
 * a name is found by halving the text, in about 18 line reads for 200,000 names, and nothing is built for
 * the names a write does not ask about. Its checksum is checked once, when it is read.
 */
class NamesIndex {
  /**
   * @param lines the entry lines (checkIndex), each ending in a newline
   * @param start the byte offset of the index in the snapshot, for messages
   */
  constructor(
    private readonly lines: Buffer,
    private readonly start: number,
    private readonly snapshotRevision: number,
  ) {}

  /** The revision `name` has in the index, or undefined when it is not there. */
  revision(name: string): number | undefined {
    // [low, high) is a run of whole lines: low at a line's start, high after a line's newline. Names are
    // compared as strings, in the order the writer sorted them.
    let low = 0
    let high = this.lines.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const lineStart = middle === 0 ? 0 : Math.max(low, this.lines.lastIndexOf(10, middle - 1) + 1)
      const lineEnd = this.lines.indexOf(10, lineStart)
      const [found, revision] = this.entry(lineStart, lineEnd)
      if (found === name) return revision
      if (found < name) low = lineEnd + 1
      else high = lineStart
    }
    return undefined
  }

  private entry(lineStart: number, lineEnd: number): [string, number] {
    const end = this.lines[lineEnd - 1] === 0x2c ? lineEnd - 1 : lineEnd // without the comma
    let entry: unknown
    try {
      entry = JSON.parse(this.lines.toString('utf8', lineStart, end))
    } catch {
      // reported below
    }
    // The checksum held, so only a writer's bug or a forgery gets here: damage all the same.
    if (!isIndexEntry(entry, this.snapshotRevision)) {
      throw new DamagedStoreError(`byte offset ${this.start + lineStart}: the names index holds a line that is not a name and revision`)
    }
    return entry
  }
}

/**
 * The resources of a snapshot of which only the names index was read, as a write sees them: an entry is
 * taken from the index when first asked for (its object unread: json undefined), and what the journal and
 * the write change is kept here. It cannot be listed (that needs the objects: FileStore reads them and
 * takes `changes()` over onto them).
 */
export class IndexedResources extends Map<string, StoredEntry> {
  private readonly deleted = new Set<string>()

  constructor(private readonly index: NamesIndex) {
    super()
  }

  override get(name: string): StoredEntry | undefined {
    const held = super.get(name)
    if (held || this.deleted.has(name)) return held
    const revision = this.index.revision(name)
    if (revision === undefined) return undefined
    const entry: StoredEntry = {revision, json: undefined}
    super.set(name, entry)
    return entry
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined
  }

  override set(name: string, entry: StoredEntry): this {
    this.deleted.delete(name)
    return super.set(name, entry)
  }

  override delete(name: string): boolean {
    const had = this.has(name)
    super.delete(name)
    this.deleted.add(name)
    return had
  }

  /** What changed since the index: entries written (with their objects) and names deleted. */
  changes(): {written: [string, StoredEntry][]; deleted: string[]} {
    const written = [...super.entries()].filter(([, entry]) => entry.json !== undefined)
    return {written, deleted: [...this.deleted]}
  }

  override get size(): number {
    throw unlisted()
  }

  override entries(): MapIterator<[string, StoredEntry]> {
    throw unlisted()
  }

  override keys(): MapIterator<string> {
    throw unlisted()
  }

  override values(): MapIterator<StoredEntry> {
    throw unlisted()
  }

  override forEach(): void {
    throw unlisted()
  }

  override [Symbol.iterator](): MapIterator<[string, StoredEntry]> {
    throw unlisted()
  }
}

function unlisted(): Error {
  return new Error('internal error: the store was read from its names index only, which cannot be listed')
}

/**
 * The state a write needs from a version 2 snapshot: its revision, and its resources' names and revisions
 * from the names index (`index`: the `header.indexBytes` bytes after the header line), the objects unread.
 * Throws DamagedStoreError when the index does not match its checksum.
 */
export function readSnapshotIndex(header: IndexedHeader, index: Buffer): StoreState {
  const names = new NamesIndex(checkIndex(header, index), header.length + 1, header.revision)
  return {revision: header.revision, resources: new IndexedResources(names)}
}
