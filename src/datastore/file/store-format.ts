import type {HostEndpoint} from '../../model/hostendpoint.js'
import {isJsonObject} from '../../model/json-object.js'

/**
 * The file store's on-disk format, version 1. Two human-readable files in the store directory:
 *
 * - `hostendpoints.json`, the snapshot: one JSON document, one resource per line, sorted by name:
 *   `{"format":"hepctl-file-store","version":1,"revision":12,"resources":[` /
 *   `{"revision":3,"object":{...}},` ... `]}`. Replaced only by write-to-temp + fsync + rename.
 * - `hostendpoints.journal`, changes since the snapshot, one JSON object per line:
 *   `{"revision":13,"put":{...}}`, `{"revision":14,"delete":"name"}`, then `{"commit":14}`. A batch counts
 *   only once its commit line is complete; anything after the last commit line is a torn tail left by a
 *   crash, ignored by readers and cut off by the next writer. Lines at or below the snapshot's revision
 *   were already folded into the snapshot (a crash between compaction and truncation) and are skipped.
 *
 * Objects are stored without `resourceVersion`: it is the decimal `revision` of the entry, as in etcd.
 */
export const FORMAT_NAME = 'hepctl-file-store'
export const FORMAT_VERSION = 1
export const SNAPSHOT_FILE = 'hostendpoints.json'
export const JOURNAL_FILE = 'hostendpoints.journal'
export const LOCK_FILE = 'lock'

export interface StoredEntry {
  revision: number
  /**
   * The object without resourceVersion, as JSON text: parsed only when asked for (a fresh copy each
   * time), so loading a large store is one read and a line scan, and a write re-parses nothing.
   */
  json: string
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

const HEADER = new RegExp(`^\\{"format":"${FORMAT_NAME}","version":(\\d+),"revision":(\\d+),"resources":\\[$`)
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

/**
 * Parses a snapshot file's text into a state. The file as this store writes it (one resource per line)
 * is scanned line by line without parsing the objects; anything else (say, reformatted by hand) is
 * parsed as a whole, which is slower but equally correct.
 */
export function parseSnapshot(text: string): StoreState {
  return scanSnapshot(text) ?? parseWholeSnapshot(text)
}

function scanSnapshot(text: string): StoreState | undefined {
  const lines = text.split('\n')
  const header = HEADER.exec(lines[0])
  if (!header || Number(header[1]) !== FORMAT_VERSION) return undefined
  const revision = Number(header[2])
  let last = lines.length - 1
  while (last > 0 && lines[last] === '') last--
  if (lines[last] !== ']}') return undefined
  const resources = new Map<string, StoredEntry>()
  for (let i = 1; i < last; i++) {
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
  if (document.version !== FORMAT_VERSION) {
    throw new DamagedStoreError(`format version ${JSON.stringify(document.version)}, but this hepctl reads version ${FORMAT_VERSION}`)
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

/** Serialises a state as a snapshot (resources sorted by name, one per line). */
export function serializeSnapshot(state: StoreState): string {
  const names = [...state.resources.keys()].sort()
  const lines = names.map(name => {
    const entry = state.resources.get(name)!
    return `{"revision":${entry.revision},"object":${entry.json}}`
  })
  const body = lines.length > 0 ? `${lines.join(',\n')}\n` : ''
  return `{"format":"${FORMAT_NAME}","version":${FORMAT_VERSION},"revision":${state.revision},"resources":[\n${body}]}\n`
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

export function journalCommitLine(revision: number): string {
  return `{"commit":${revision}}\n`
}

/** Parses an entry's object, checking it is one; throws DamagedStoreError naming the resource otherwise. */
export function parseEntry(name: string, entry: StoredEntry): HostEndpoint {
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
 * Applies the committed batches in `bytes` (journal bytes starting at a line start) to `state`.
 * Returns how many bytes were consumed (up to and including the last complete commit line).
 * `firstLine` numbers lines in error messages.
 */
export function applyJournal(state: StoreState, bytes: Buffer, firstLine: number): {consumed: number; lines: number} {
  let pending: JournalChange[] = []
  let position = 0
  let consumed = 0
  let line = firstLine
  let consumedLines = 0
  let lineCount = 0
  while (position < bytes.length) {
    const end = bytes.indexOf(10, position)
    if (end < 0) break // torn tail: an incomplete last line
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
      // A damaged line is tolerated only in the uncommitted tail (nothing committed after it).
      if (bytes.includes('{"commit":', end + 1)) {
        throw new DamagedStoreError(`line ${line}: not valid JSON`)
      }
      break
    }
    if (!isJsonObject(record)) throw new DamagedStoreError(`line ${line}: not a journal record`)
    if (isRevision(record.commit)) {
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
      consumedLines = lineCount
    } else if (isRevision(record.revision) && 'put' in record) {
      const object = checkObject(record.put, `line ${line}`)
      // Our writer's lines end in the object: take its text as is rather than serialising it again.
      const prefix = `{"revision":${record.revision},"put":`
      const exact = Object.keys(record).length === 2 && raw.startsWith(prefix) && raw.endsWith('}')
      const json = exact ? raw.slice(prefix.length, -1) : JSON.stringify(object)
      pending.push({revision: record.revision, name: object.metadata.name, json})
    } else if (isRevision(record.revision) && typeof record.delete === 'string') {
      pending.push({revision: record.revision, delete: record.delete})
    } else {
      throw new DamagedStoreError(`line ${line}: not a journal record`)
    }
    position = end + 1
    line++
  }
  return {consumed, lines: consumedLines}
}
