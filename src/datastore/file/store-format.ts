import {isUtf8} from 'node:buffer'
import {createHash} from 'node:crypto'

import type {HostEndpoint} from '../../model/hostendpoint.js'
import {isJsonObject} from '../../json/json-object.js'

/**
 * The file store's on-disk format, version 2. Two human-readable UTF-8 files in the store directory:
 *
 * - `hostendpoints.json`, the snapshot: one JSON document, in three parts, one line each:
 *   the header `{"format":"hepctl-file-store","version":2,"revision":12,"index":{"bytes":B,"sha256":"<hex>"},`
 *   `"sha256":"<hex>","names":[`; the names index, one `["name",3],` per resource (sorted by name), ending
 *   in the line `],"resources":[`; then the resources, one `{"revision":3,"object":{...}},` per line in the
 *   same order, and `]}`. The index's `bytes` is its length (from after the header's newline up to and
 *   including the newline of `],"resources":[`) and its `sha256` that of the header without either checksum
 *   field followed by those bytes: a write reads and checks only the header and the index (it needs the
 *   names and the revisions, not the objects). The outer `sha256` is the SHA-256 of every byte after the
 *   first line, preceded by the header without that field; a full read checks both, and that the index
 *   and the resources agree. A snapshot edited by hand must drop its `sha256` and `index` fields; it is
 *   then read whole, and the next write rewrites it in this format. Replaced only by write-to-temp + fsync
 *   + rename. Version 1 (an earlier hepctl's: the same without `index` and `names`) is read as well, and
 *   rewritten as version 2 by the next write.
 * - `hostendpoints.journal`, changes since the snapshot, one JSON object per line:
 *   `{"revision":13,"put":{...}}`, `{"revision":14,"delete":"name"}`, then `{"commit":14,"sha256":"<hex>"}`,
 *   the SHA-256 of the batch's lines before it. A batch counts only once its commit line is complete and its
 *   checksum matches. A crash can leave only a torn tail after the last commit line: complete change lines
 *   and one incomplete last line. That is ignored by readers, and the next writer moves it aside (to
 *   `hostendpoints.journal.torn-<offset>`) and numbers its changes after the revisions the tail held. Any
 *   other damage (a complete line that is not a record, a checksum mismatch, invalid UTF-8) makes the store
 *   "damaged": reported with the file and byte offset, and left untouched. Lines at or below the snapshot's
 *   revision were already folded into the snapshot (a crash between compaction and truncation) and are
 *   skipped.
 *
 * Objects are stored without `resourceVersion`: it is the decimal `revision` of the entry, as in etcd.
 */
export const FORMAT_NAME = 'hepctl-file-store'
export const FORMAT_VERSION = 2
/** The version before the names index; read, and rewritten as FORMAT_VERSION by the next write. */
const PREVIOUS_VERSION = 1
export const SNAPSHOT_FILE = 'hostendpoints.json'
export const JOURNAL_FILE = 'hostendpoints.journal'
export const LOCK_FILE = 'lock'

export interface StoredEntry {
  revision: number
  /**
   * The object without resourceVersion, as JSON text: parsed only when asked for (a fresh copy each
   * time), so loading a large store is one read and a line scan, and a write re-parses nothing.
   * Undefined for a snapshot entry known only from the names index (names-index.ts): not read yet.
   */
  json: string | undefined
  /** The file the text was taken from without parsing: it is checked when first used or rewritten. */
  unchecked?: string
}

export interface StoreState {
  revision: number
  resources: Map<string, StoredEntry>
}

/** Thrown by the parsers; the store turns it into a DatastoreUnavailableError naming the file. */
export class DamagedStoreError extends Error {}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function checkObject(value: unknown, where: string): HostEndpoint {
  if (!isJsonObject(value) || !isJsonObject(value.metadata) || typeof value.metadata.name !== 'string' || !isJsonObject(value.spec)) {
    throw new DamagedStoreError(`${where}: not a HostEndpoint with metadata.name and spec`)
  }
  return value as unknown as HostEndpoint
}

/** A version 1 header, as an earlier hepctl wrote it. */
const HEADER_V1 = new RegExp(`^\\{"format":"${FORMAT_NAME}","version":${PREVIOUS_VERSION},"revision":(\\d+)(?:,"sha256":"([0-9a-f]{64})")?,"resources":\\[$`)
/** A version 2 header as this writer makes it: revision, the index's length and checksum, the file's checksum. */
const HEADER = new RegExp(
  `^\\{"format":"${FORMAT_NAME}","version":${FORMAT_VERSION},"revision":(\\d+),"index":\\{"bytes":(\\d+),"sha256":"([0-9a-f]{64})"\\},"sha256":"([0-9a-f]{64})","names":\\[$`,
)
/** A version 2 header as the scanner takes it: also with its checksums or index dropped (edited by hand). */
const HEADER_SCAN = new RegExp(
  `^\\{"format":"${FORMAT_NAME}","version":${FORMAT_VERSION},"revision":(\\d+)(?:,"index":\\{"bytes":\\d+(?:,"sha256":"[0-9a-f]{64}")?\\})?(?:,"sha256":"[0-9a-f]{64}")?,"names":\\[$`,
)
/** The line that ends the names index and opens the resources. */
const INDEX_END = '],"resources":['

/** The file's checksum field in a header (not the index's, which follows `"bytes":B`). */
const SUM_FIELD = /(?<!"bytes":\d+),"sha256":"([0-9a-f]{64})"/
/** The index's checksum field. */
const INDEX_SUM_FIELD = /(?<="bytes":\d+),"sha256":"[0-9a-f]{64}"/

/** The snapshot's header, if it is a version 2 header with its names index (as this writer makes it). */
export interface IndexedHeader {
  revision: number
  /** The header line's length in bytes (ASCII), without its newline: the index starts one byte after it. */
  length: number
  /** The index's length in bytes. */
  indexBytes: number
  indexSum: string
  line: string
}

/** Reads a version 2 header with its index from a snapshot's first line; undefined for any other first line. */
export function indexedHeader(firstLine: string): IndexedHeader | undefined {
  const match = HEADER.exec(firstLine)
  if (!match) return undefined
  return {revision: Number(match[1]), length: firstLine.length, indexBytes: Number(match[2]), indexSum: match[3], line: firstLine}
}

/** The index's checksum: of the header without either checksum field, then the index's bytes. */
function indexSum(headerLine: string, index: Buffer | string): string {
  return createHash('sha256').update(headerLine.replace(SUM_FIELD, '').replace(INDEX_SUM_FIELD, '')).update(index).digest('hex')
}

/** A snapshot's checksum: of the whole file as it would be without the checksum field. */
function snapshotSum(headerWithoutSum: string, rest: Buffer | string): string {
  return createHash('sha256').update(headerWithoutSum).update(rest).digest('hex')
}

/** A batch's checksum: of its change lines, then its commit line as it would be without the checksum. */
function batchSum(lines: Buffer | string, revision: number): string {
  return createHash('sha256').update(lines).update(`{"commit":${revision}}`).digest('hex')
}
const ENTRY_PREFIX = /^\{"revision":(\d+),"object":/
/** How our own writer starts every object: the name can be read without parsing. */
const NAME_PREFIX = `{"apiVersion":"projectcalico.org/v3","kind":"HostEndpoint","metadata":{"name":"`

/** The name of an object as our writer serialises it (name first), read without parsing; else undefined. */
function nameOf(json: string): string | undefined {
  if (!json.startsWith(NAME_PREFIX)) return undefined
  const end = json.indexOf('"', NAME_PREFIX.length)
  const name = end < 0 ? '' : json.slice(NAME_PREFIX.length, end)
  return /^[a-z0-9.-]+$/.test(name) ? name : undefined
}

/** A parsed snapshot: its state, and whether it holds a names index a write can read instead (version 2). */
export interface ParsedSnapshot {
  state: StoreState
  indexed: boolean
}

/**
 * Parses a snapshot file's bytes into a state. The file as this store writes it (one resource per line)
 * is scanned line by line without parsing the objects; anything else (say, reformatted by hand) is
 * parsed as a whole, which is slower but equally correct. A names index is checked against its checksum
 * and against the resources.
 */
export function parseSnapshot(bytes: Buffer): ParsedSnapshot {
  if (!isUtf8(bytes)) throw new DamagedStoreError(`byte offset ${firstInvalidUtf8(bytes)}: not valid UTF-8`)
  const firstLineEnd = bytes.indexOf(10)
  const firstLine = bytes.toString('utf8', 0, firstLineEnd < 0 ? bytes.length : firstLineEnd)
  if (firstLine.includes('"sha256":')) {
    const sum = SUM_FIELD.exec(firstLine)
    if (!sum) throw new DamagedStoreError('byte offset 0: the first line holds no valid sha256 checksum')
    const rest = firstLineEnd < 0 ? Buffer.alloc(0) : bytes.subarray(firstLineEnd)
    if (snapshotSum(firstLine.replace(SUM_FIELD, ''), rest) !== sum[1]) {
      throw new DamagedStoreError('byte offset 0 to the end: the content does not match the snapshot\'s sha256 checksum')
    }
  }
  const header = indexedHeader(firstLine)
  let index: [string, number][] | undefined
  if (header) index = parseIndex(header, bytes.subarray(header.length + 1, header.length + 1 + header.indexBytes))
  const text = bytes.toString('utf8')
  const state = scanSnapshot(text) ?? parseWholeSnapshot(text)
  if (index) {
    // Both checksums hold, so this is what a writer made: the two lists can differ only by a bug or a forgery.
    const mismatch = index.findIndex(([name, revision]) => state.resources.get(name)?.revision !== revision)
    if (mismatch >= 0 || index.length !== state.resources.size || header!.revision !== state.revision) {
      const what = mismatch >= 0 ? `entry ${mismatch} (${JSON.stringify(index[mismatch][0])})` : 'its length or revision'
      throw new DamagedStoreError(`byte offset ${header!.length + 1}: the names index does not match the resources: ${what}`)
    }
  }
  return {state, indexed: index !== undefined}
}

/**
 * Checks a names index (the `indexBytes` bytes after the header line) against its length and checksum, and
 * that it ends in the line that opens the resources; returns its entry lines (each line `["name",3],` but
 * the last, which has no comma, each with its newline). Throws DamagedStoreError naming the byte offset.
 */
export function checkIndex(header: IndexedHeader, bytes: Buffer): Buffer {
  const start = header.length + 1
  if (bytes.length < header.indexBytes) throw new DamagedStoreError(`byte offset ${start}: the names index runs past the end of the file`)
  if (indexSum(header.line, bytes) !== header.indexSum) {
    throw new DamagedStoreError(`byte offset ${start} to ${start + bytes.length}: the names index does not match its sha256 checksum`)
  }
  if (!isUtf8(bytes)) throw new DamagedStoreError(`byte offset ${start + firstInvalidUtf8(bytes)}: not valid UTF-8`)
  const last = `${INDEX_END}\n`
  const lastStart = bytes.length - last.length
  if (bytes.toString('utf8', lastStart) !== last || (lastStart > 0 && bytes[lastStart - 1] !== 10)) {
    throw new DamagedStoreError(`byte offset ${start}: the names index does not end in ${INDEX_END}`)
  }
  return bytes.subarray(0, lastStart)
}

/** A names index's entries, all checked: [name, revision], sorted by name. */
function parseIndex(header: IndexedHeader, bytes: Buffer): [string, number][] {
  const start = header.length + 1
  let entries: unknown
  try {
    entries = JSON.parse(`[${checkIndex(header, bytes).toString('utf8')}]`)
  } catch (error) {
    if (error instanceof DamagedStoreError) throw error
  }
  if (!Array.isArray(entries)) throw new DamagedStoreError(`byte offset ${start}: the names index is not a list of names and revisions`)
  for (const [i, entry] of entries.entries()) {
    // Sorted and unique, as the resources are.
    if (!isIndexEntry(entry, header.revision) || (i > 0 && !(entries[i - 1][0] < entry[0]))) {
      throw new DamagedStoreError(`byte offset ${start}: the names index's entry ${i} is not a name and revision in order`)
    }
  }
  return entries as [string, number][]
}

/** Whether `entry` is a names index entry: [name, revision] with the revision at most the snapshot's. */
export function isIndexEntry(entry: unknown, snapshotRevision: number): entry is [string, number] {
  return Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && isRevision(entry[1]) && entry[1] <= snapshotRevision
}

/** The offset of the first byte that makes `bytes` (which fail isUtf8) invalid UTF-8. */
function firstInvalidUtf8(bytes: Buffer): number {
  // The longest prefix that decodes (an unfinished character at its end allowed), by halving.
  const decodes = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', {fatal: true}).decode(bytes.subarray(0, length), {stream: true})
      return true
    } catch {
      return false
    }
  }
  let low = 0
  let high = bytes.length
  if (decodes(high)) return high // valid but for an unfinished last character
  while (high - low > 1) {
    const middle = (low + high) >> 1
    if (decodes(middle)) low = middle
    else high = middle
  }
  return low
}

function scanSnapshot(text: string): StoreState | undefined {
  const lines = text.split('\n')
  const v1 = HEADER_V1.exec(lines[0])
  const v2 = v1 ? undefined : HEADER_SCAN.exec(lines[0])
  if (!v1 && !v2) return undefined
  const revision = Number((v1 ?? v2)![1])
  // Version 2: the names index (checked by parseSnapshot when it has its checksum) comes before the resources.
  const first = v1 ? 1 : lines.indexOf(INDEX_END, 1) + 1
  if (first === 0) return undefined
  let last = lines.length - 1
  while (last > 0 && lines[last] === '') last--
  if (lines[last] !== ']}' || last < first) return undefined
  const resources = new Map<string, StoredEntry>()
  for (let i = first; i < last; i++) {
    let line = lines[i]
    if (line.endsWith(',')) {
      if (i === last - 1) return undefined
      line = line.slice(0, -1)
    } else if (i !== last - 1) {
      return undefined
    }
    const entry = ENTRY_PREFIX.exec(line)
    if (!entry || !line.endsWith('}')) return undefined
    const json = line.slice(entry[0].length, -1)
    const name = nameOf(json)
    const entryRevision = Number(entry[1])
    if (name === undefined || resources.has(name) || entryRevision > revision) return undefined
    resources.set(name, {revision: entryRevision, json, unchecked: SNAPSHOT_FILE})
  }
  return {revision, resources}
}

function parseWholeSnapshot(text: string): StoreState {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new DamagedStoreError(`not valid JSON (${(error as Error).message})`)
  }
  if (!isJsonObject(document) || document.format !== FORMAT_NAME) throw new DamagedStoreError(`not a ${FORMAT_NAME} snapshot`)
  // The index is not read here: a snapshot read whole may have been edited by hand (parseSnapshot checks an
  // index that has its checksums against the resources read here).
  const unknown = Object.keys(document).filter(key => !['format', 'version', 'revision', 'sha256', 'index', 'names', 'resources'].includes(key))
  if (unknown.length > 0) throw new DamagedStoreError(`unknown field ${JSON.stringify(unknown[0])}`)
  if (document.version !== FORMAT_VERSION && document.version !== PREVIOUS_VERSION) {
    throw new DamagedStoreError(`format version ${JSON.stringify(document.version)}, but this hepctl reads versions ${PREVIOUS_VERSION} and ${FORMAT_VERSION}`)
  }
  if (!isRevision(document.revision) || !Array.isArray(document.resources)) {
    throw new DamagedStoreError('missing "revision" or "resources"')
  }
  const resources = new Map<string, StoredEntry>()
  for (const [i, entry] of document.resources.entries()) {
    if (!isJsonObject(entry) || !isRevision(entry.revision) || entry.revision > document.revision) {
      throw new DamagedStoreError(`resources[${i}]: missing or impossible "revision"`)
    }
    const object = checkObject(entry.object, `resources[${i}]`)
    if (resources.has(object.metadata.name)) throw new DamagedStoreError(`resources[${i}]: duplicate name ${JSON.stringify(object.metadata.name)}`)
    resources.set(object.metadata.name, {revision: entry.revision, json: JSON.stringify(object)})
  }
  return {revision: document.revision, resources}
}

/**
 * Serialises a state as a version 2 snapshot (names index, then resources, both sorted by name, one per
 * line), with both checksums. Every entry's object must have been read (json defined).
 */
export function serializeSnapshot(state: StoreState): Buffer {
  const names = [...state.resources.keys()].sort()
  const indexLines: string[] = []
  const lines: string[] = []
  for (const name of names) {
    const entry = state.resources.get(name)!
    if (entry.json === undefined) throw new Error(`internal error: the object of ${JSON.stringify(name)} was not read`)
    indexLines.push(`[${JSON.stringify(name)},${entry.revision}]`)
    lines.push(`{"revision":${entry.revision},"object":${entry.json}}`)
  }
  const index = `${indexLines.length > 0 ? `${indexLines.join(',\n')}\n` : ''}${INDEX_END}\n`
  const indexBytes = Buffer.byteLength(index)
  const start = `{"format":"${FORMAT_NAME}","version":${FORMAT_VERSION},"revision":${state.revision}`
  const headerWithoutSums = `${start},"index":{"bytes":${indexBytes}},"names":[`
  const indexSha = indexSum(headerWithoutSums, index)
  const withIndexSum = `${start},"index":{"bytes":${indexBytes},"sha256":"${indexSha}"}`
  const rest = `\n${index}${lines.length > 0 ? `${lines.join(',\n')}\n` : ''}]}\n`
  const sum = snapshotSum(`${withIndexSum},"names":[`, rest)
  return Buffer.from(`${withIndexSum},"sha256":"${sum}","names":[${rest}`)
}

export type JournalChange = {revision: number; name: string; json: string; unchecked?: string} | {revision: number; delete: string}

const PUT_PREFIX = /^\{"revision":(\d+),"put":/

/** One change as a journal line (with its newline). `objectJson` is the object's JSON, already made. */
export function journalPutLine(revision: number, objectJson: string): string {
  return `{"revision":${revision},"put":${objectJson}}\n`
}

export function journalDeleteLine(revision: number, name: string): string {
  return `{"revision":${revision},"delete":${JSON.stringify(name)}}\n`
}

/** The commit line of a batch whose change lines (with their newlines) are `batch`. */
export function journalCommitLine(revision: number, batch: string): string {
  return `{"commit":${revision},"sha256":"${batchSum(batch, revision)}"}\n`
}

/** Parses an entry's object, checking it is one; throws DamagedStoreError naming the resource otherwise. */
export function parseEntry(name: string, entry: StoredEntry): HostEndpoint {
  if (entry.json === undefined) throw new Error(`internal error: the object of ${JSON.stringify(name)} was not read`)
  let value: unknown
  try {
    value = JSON.parse(entry.json)
  } catch {
    throw new DamagedStoreError(`resource ${JSON.stringify(name)}: not valid JSON`)
  }
  const object = checkObject(value, `resource ${JSON.stringify(name)}`)
  if (object.metadata.name !== name) throw new DamagedStoreError(`resource ${JSON.stringify(name)}: holds an object named ${JSON.stringify(object.metadata.name)}`)
  delete entry.unchecked
  return object
}

/**
 * Applies the committed batches in `bytes` (journal bytes starting at a line start, at byte `firstByte` of the
 * file) to `state`. Returns how many bytes were consumed (up to and including the last complete commit line)
 * and how many change lines, complete or not, trail it (a torn tail: each took a revision). Throws
 * DamagedStoreError, naming the line and byte offset, for anything a crash cannot leave.
 */
export function applyJournal(state: StoreState, bytes: Buffer, firstLine: number, firstByte: number): {consumed: number; lines: number; tailLines: number} {
  const complete = bytes.lastIndexOf(10) + 1
  if (!isUtf8(bytes.subarray(0, complete))) {
    throw new DamagedStoreError(`byte offset ${firstByte + firstInvalidUtf8(bytes.subarray(0, complete))}: not valid UTF-8`)
  }
  let pending: JournalChange[] = []
  let batchStart = 0
  let position = 0
  let consumed = 0
  let line = firstLine
  let consumedLines = 0
  let lineCount = 0
  const where = () => `line ${line} (byte offset ${firstByte + position})`
  while (position < complete) {
    const end = bytes.indexOf(10, position)
    const raw = bytes.toString('utf8', position, end)
    lineCount++
    // Puts as our writer makes them are taken without parsing the object (checked when first used).
    const put = PUT_PREFIX.exec(raw)
    const putName = put && raw.endsWith('}}') ? nameOf(raw.slice(put[0].length, -1)) : undefined
    if (put && putName !== undefined) {
      pending.push({revision: Number(put[1]), name: putName, json: raw.slice(put[0].length, -1), unchecked: JOURNAL_FILE})
      position = end + 1
      line++
      continue
    }
    let record: unknown
    try {
      record = JSON.parse(raw)
    } catch {
      // A complete line is never torn by a crash (each batch is appended, then synced, before the next).
      throw new DamagedStoreError(`${where()}: not valid JSON`)
    }
    if (!isJsonObject(record)) throw new DamagedStoreError(`${where()}: not a journal record`)
    if (isRevision(record.commit)) {
      const keys = Object.keys(record)
      const sum = record.sha256
      if (keys.some(key => key !== 'commit' && key !== 'sha256')) throw new DamagedStoreError(`${where()}: not a journal record`)
      // A commit without a checksum is one an earlier hepctl wrote; one with a checksum must match its batch.
      if (sum !== undefined && sum !== batchSum(bytes.subarray(batchStart, position), record.commit)) {
        throw new DamagedStoreError(`${where()}: the batch ending here does not match its sha256 checksum`)
      }
      for (const change of pending) {
        if (change.revision <= state.revision) continue
        if ('json' in change) {
          state.resources.set(change.name, {revision: change.revision, json: change.json, ...(change.unchecked ? {unchecked: change.unchecked} : {})})
        }
        else state.resources.delete(change.delete)
      }
      if (record.commit > state.revision) state.revision = record.commit
      pending = []
      consumed = end + 1
      batchStart = end + 1
      consumedLines = lineCount
    } else if (isRevision(record.revision) && 'put' in record) {
      const object = checkObject(record.put, where())
      // Our writer's lines end in the object: take its text as is rather than serialising it again.
      const prefix = `{"revision":${record.revision},"put":`
      const exact = Object.keys(record).length === 2 && raw.startsWith(prefix) && raw.endsWith('}')
      const json = exact ? raw.slice(prefix.length, -1) : JSON.stringify(object)
      pending.push({revision: record.revision, name: object.metadata.name, json})
    } else if (isRevision(record.revision) && typeof record.delete === 'string') {
      pending.push({revision: record.revision, delete: record.delete})
    } else {
      throw new DamagedStoreError(`${where()}: not a journal record`)
    }
    position = end + 1
    line++
  }
  if (complete < bytes.length) {
    // A crash tears the last line before its end; one that is whole but for its newline was changed.
    let whole = false
    try {
      JSON.parse(bytes.toString('utf8', complete))
      whole = true
    } catch {
      // torn: as a crash leaves it
    }
    if (whole) throw new DamagedStoreError(`line ${line} (byte offset ${firstByte + complete}): a complete record without its newline`)
  }
  const tailLines = lineCount - consumedLines + (complete < bytes.length ? 1 : 0)
  return {consumed, lines: consumedLines, tailLines}
}
