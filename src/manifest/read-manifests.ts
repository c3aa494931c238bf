import {createReadStream, readFileSync, statSync} from 'node:fs'
import type {Problem, ProblemCode} from '../problem/problem.js'
import {DocumentLocator} from './document-locator.js'
import {documentResources, nameOf} from './document-resources.js'
import {type DocumentChunk, splitDocuments} from './document-split.js'
import {forgetRecentText, readFast} from './fast-block-reader.js'
import type {FastDocument} from './fast-result.js'
import {type FullDocument, readFull} from './full-yaml-reader.js'
import {findKind} from '../model/kinds.js'
import {osReason} from '../os/os-error.js'
import {inputFiles} from './input-files.js'
import {checkDecodedText, decodeSource, type DecodeResult, LineIndex} from './source-text.js'
import type {LocateRequest, ManifestResource, Origin, PathSegment, Position, ReadOptions, ReadResult} from './types.js'

/**
 * Largest document accepted. calicoctl stops at 10 MiB; hepctl allows more so that a HostEndpointList that
 * `get -o yaml` printed for tens of thousands of objects reads back.
 */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
/** Largest input read at all (about the longest string Node can hold). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024 - 64

const NO_PREFIX: PathSegment[] = []

/**
 * One resource of a manifest. Positions are computed (by re-parsing its document) only when asked; resources
 * of one document (List items, sequence elements) share one locator so that the document is parsed once.
 */
/**
 * Where character `offset` of `value` is, given `at`, the position of the scalar that holds it: undefined unless
 * the text there is `value` written plainly or in quotes on one line, unchanged up to that character.
 */
export function charPosition(text: string, docStart: number, firstLine: number, at: Position, value: string, offset: number): Position | undefined {
  let i = text.lastIndexOf('\n', docStart - 1) + 1
  for (let line = firstLine; line < at.line; line++) {
    i = text.indexOf('\n', i)
    if (i < 0) return undefined
    i++
  }
  i += at.column - 1
  const quote = text[i] === '"' || text[i] === "'" ? 1 : 0
  const written = text.slice(i + quote, i + quote + offset)
  if (written !== value.slice(0, offset) || written.includes('\n')) return undefined
  if (quote === 1 && text[i] === '"' && written.includes('\\')) return undefined
  return {line: at.line, column: at.column + quote + offset}
}

class ReadResource implements ManifestResource {
  constructor(
    readonly value: Record<string, unknown>,
    readonly origin: Origin,
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly firstLine: number,
    private readonly prefix: PathSegment[],
    private locator: DocumentLocator | undefined,
  ) {}

  locate(path: readonly PathSegment[], target: 'key' | 'value' = 'value'): Position {
    if (this.prefix.length > 0 && path.length === 0) return {line: this.origin.line, column: this.origin.column}
    return this.documentLocator().locate(this.prefix.length === 0 ? path : [...this.prefix, ...path], target)
  }

  locateAll(requests: readonly LocateRequest[]): Position[] {
    if (this.prefix.length === 0) return this.documentLocator().locateAll(requests)
    // As in `locate`: the start of a List item or sequence element is its origin, found without reading.
    const asked = requests.filter(r => r.path.length > 0).map(r => ({path: [...this.prefix, ...r.path], target: r.target}))
    const found = asked.length === 0 ? [] : this.documentLocator().locateAll(asked)
    let next = 0
    return requests.map(r => (r.path.length === 0 ? {line: this.origin.line, column: this.origin.column} : found[next++]))
  }

  locateChar(path: readonly PathSegment[], value: string, offset: number): Position {
    const at = this.locate(path, 'value')
    return charPosition(this.text, this.start, this.firstLine, at, value, offset) ?? at
  }

  private documentLocator(): DocumentLocator {
    this.locator ??= new DocumentLocator(this.text, this.start, this.end, this.firstLine, 0, this.origin)
    return this.locator
  }
}

/**
 * Decode a source's text as calicoctl decodes it, before any question of kinds: split into documents where
 * calicoctl splits, each read by the fast readers or, when they give up, by the full reader. `each` gets every
 * document that is not only comments and markers, with its index in the source; `doc` is undefined for one
 * larger than MAX_DOCUMENT_BYTES.
 */
export function decodeDocuments(text: string, each: (chunk: DocumentChunk, index: number, doc: FastDocument | FullDocument | undefined) => void): void {
  let document = 0
  for (const chunk of splitDocuments(text)) {
    const index = document++
    if (chunk.empty) continue
    const length = chunk.end - chunk.start
    if (length * 3 > MAX_DOCUMENT_BYTES && Buffer.byteLength(text.slice(chunk.start, chunk.end)) > MAX_DOCUMENT_BYTES) {
      each(chunk, index, undefined)
      continue
    }
    const fast = readFast(text, chunk.start, chunk.end, chunk.line)
    if (fast) {
      each(chunk, index, fast)
      continue
    }
    const full = readFull(text, chunk.start, chunk.end, chunk.line)
    full.forEach((doc, k) => each(chunk, index + k, doc))
    if (full.length > 1) document += full.length - 1
  }
}

/** Collects what every source yields. */
class Reading {
  readonly resources: ManifestResource[] = []
  readonly problems: Problem[] = []
  readonly files: string[] = []
  readonly sources = new Map<string, LineIndex>()

  inputProblem(code: ProblemCode, file: string, message: string, line?: number): void {
    this.problems.push({severity: 'error', code, message, path: [], file, ...(line === undefined ? {} : {line, column: 1})})
  }

  /**
   * Read every document of one source. It takes the decoded text rather than the bytes, so that the bytes
   * are garbage before parsing starts (the peak memory holds one copy of the input, not two).
   */
  addSource(file: string, decoded: DecodeResult): void {
    this.files.push(file)
    if (!decoded.ok) {
      this.inputProblem(decoded.code, file, `${file}: ${decoded.message}`, decoded.line)
      return
    }
    const text = decoded.text
    this.sources.set(file, new LineIndex(text))
    decodeDocuments(text, (chunk, index, doc) => {
      if (doc) {
        this.addDocument(file, text, chunk, index, doc)
        return
      }
      this.problems.push({
        severity: 'error', code: 'input-too-large', path: [], file, document: index, line: chunk.line, column: 1,
        message: `document ${index} of ${file} is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`,
      })
    })
  }

  private addDocument(file: string, text: string, chunk: DocumentChunk, index: number, doc: FastDocument | FullDocument): void {
    if ('problems' in doc && doc.problems.length > 0) {
      const resource = nameOf(doc.value)
      for (const p of doc.problems) {
        this.problems.push({
          severity: 'error', code: p.code, message: p.message, path: p.path,
          file, line: p.line, column: p.column, document: index, ...(resource === undefined ? {} : {resource}),
        })
      }
      return
    }
    if (doc.empty) return
    const value = doc.value as Record<string, unknown> | null
    const sub = 'index' in doc ? doc.index : 0
    if (sub === 0 && value !== null && typeof value === 'object' && !Array.isArray(value) && findKind(value.apiVersion, value.kind) !== undefined) {
      // The common case: one resource of a known kind.
      const origin: Origin = {file, document: index, line: doc.line, column: doc.column}
      this.resources.push(new ReadResource(value, origin, text, chunk.start, chunk.end, chunk.line, NO_PREFIX, undefined))
      return
    }
    const whole = new DocumentLocator(text, chunk.start, chunk.end, chunk.line, sub, {line: doc.line, column: doc.column})
    const itemLocators = new Map<number, DocumentLocator>()
    /**
     * Where a path of the document is: a locator for the List item or sequence element it is in (parsing
     * only that item's text when a position is needed), or for the whole document; and the path inside it.
     */
    const place = (path: PathSegment[]): {locator: DocumentLocator; rest: PathSegment[]; start?: Position} => {
      const inList = path[0] === 'items' && typeof path[1] === 'number' ? doc.listItems : undefined
      const spans = inList ?? (typeof path[0] === 'number' ? doc.rootItems : undefined)
      const i = (inList ? path[1] : path[0]) as number
      if (!spans || spans.length < 4 * i + 4) return {locator: whole, rest: path}
      const [line, column, start, end] = spans.slice(4 * i, 4 * i + 4)
      let locator = itemLocators.get(i)
      if (!locator) {
        locator = new DocumentLocator(text, start, end, line, 0, {line, column}, column - 1)
        itemLocators.set(i, locator)
      }
      const rest = path.slice(inList ? 2 : 1)
      return {locator, rest, start: rest.length === 0 ? {line, column} : undefined}
    }
    const found = documentResources(doc.value)
    if (found.problems.length > 0) {
      for (const p of found.problems) {
        const {locator, rest} = place(p.path)
        const at = locator.locate(rest, 'value')
        this.problems.push({
          severity: 'error', code: p.code, message: p.message, path: p.resourcePath,
          file, line: at.line, column: at.column, document: index,
          ...(p.resource === undefined ? {} : {resource: p.resource}),
        })
      }
      return
    }
    for (const r of found.resources) {
      const {locator, rest, start = locator.locate(rest)} = place(r.prefix)
      const origin: Origin = {file, document: index, line: start.line, column: start.column}
      this.resources.push(new ReadResource(r.value, origin, text, chunk.start, chunk.end, chunk.line, rest, locator))
    }
  }
}

/** All of a stream's bytes. */
async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = []
  let size = 0
  for await (const part of stream) {
    const b = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part as Uint8Array)
    size += b.length
    if (size > MAX_INPUT_BYTES) throw Object.assign(new Error('input is too large'), {code: 'EFBIG'})
    parts.push(b)
  }
  return Buffer.concat(parts)
}

/**
 * Read manifests from files, directories (`.yaml`, `.yml`, `.json`; lexical order; subdirectories when
 * `recursive`) and stdin (`-`, read once). Never throws for bad input: unreadable inputs, syntax errors,
 * duplicate keys and wrong apiVersion/kind are problems, and reading goes on with the other inputs.
 */
export async function readManifests(inputs: string[], options: ReadOptions = {}): Promise<ReadResult> {
  const reading = new Reading()
  let stdinRead = false
  for (const input of inputs) {
    if (input === '-') {
      if (stdinRead) continue
      stdinRead = true
      let decoded: DecodeResult
      try {
        decoded = decodeSource(await readAll(options.stdin ?? process.stdin))
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code === 'EFBIG' ? 'input-too-large' : 'input-unreadable'
        reading.inputProblem(code, '-', code === 'input-too-large' ? 'read -: input is too large' : `read -: ${osReason(e)}`)
        continue
      }
      reading.addSource('-', decoded)
      continue
    }
    const found = await inputFiles(input, options.recursive ?? false)
    if ('error' in found) {
      reading.inputProblem('input-unreadable', input, found.error)
      continue
    }
    for (const file of found.files) {
      let decoded: DecodeResult
      try {
        const info = found.info ?? statSync(file)
        if (info.isFile() && info.size > MAX_INPUT_BYTES) {
          reading.inputProblem('input-too-large', file, `${file}: file is larger than ${Math.floor(MAX_INPUT_BYTES / 1024 / 1024)} MiB`)
          continue
        }
        if (info.isFile()) {
          // Node decodes UTF-8 files without making a Buffer; the bytes are read again only if the text looks wrong.
          decoded = checkDecodedText(readFileSync(file, 'utf8'), () => readFileSync(file))
        } else {
          // A pipe or device (-f /dev/stdin, -f <(...)): read as a stream, with the same size limit as stdin.
          decoded = decodeSource(await readAll(createReadStream(file)))
        }
      } catch (e) {
        const tooLarge = (e as NodeJS.ErrnoException).code === 'EFBIG'
        reading.inputProblem(tooLarge ? 'input-too-large' : 'input-unreadable', file, tooLarge ? `${file}: input is too large` : `open ${file}: ${osReason(e)}`)
        continue
      }
      reading.addSource(file, decoded)
    }
  }
  forgetRecentText()
  const sources = reading.sources
  return {
    resources: reading.resources,
    problems: reading.problems,
    files: reading.files,
    sourceLine: (file: string, line: number) => sources.get(file)?.line(line),
  }
}
