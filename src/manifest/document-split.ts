/**
 * Splitting a YAML stream into documents at `---` lines, as calicoctl does (at every line that starts with
 * `---`, except the very first line, where `---` is YAML's own marker), while keeping each document's
 * offset and starting line so that positions can be computed later without re-reading the whole file.
 *
 * A UTF-8 BOM at the start of a later document (files joined with `cat`) is not part of that document: calicoctl
 * hands go-yaml each document without its `---` line, and go-yaml drops a BOM at the start of its input.
 */

export interface DocumentChunk {
  /** Offsets of the document's text in the source text (`end` exclusive). */
  start: number
  end: number
  /** 1-based line of `start`. */
  line: number
  /** True when the chunk holds nothing but comments, blank lines and its `---` marker. */
  empty: boolean
}

/** True when the character after `---` makes the line a document marker (space, tab, line break, end). */
function endsMarker(c: number): boolean {
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13
}

/** True when the line from `from` to `eol` holds something other than blanks and a comment. */
function hasContent(text: string, from: number, eol: number): boolean {
  for (let i = from; i < eol; i++) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 9 || c === 13) continue
    return c !== 35 /* # */
  }
  return false
}

/** Offset just after a BOM at `at`, else `at`. */
function pastBom(text: string, at: number): number {
  return text.charCodeAt(at) === 0xfeff ? at + 1 : at
}

/**
 * Documents of a stream. Comments and directives before the first `---` belong to the first document; a
 * comment-only prelude followed by `---` is not a document of its own (as YAML sees it). A chunk with a
 * directive is never empty, even with no content: calicoctl refuses it (go-yaml finds no document), so it is read.
 */
export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = []
  const n = text.length
  let start = 0
  let startLine = 1
  let marked = false
  let content = false
  let directive = false
  let pos = 0
  let line = 1
  while (pos < n) {
    let eol = text.indexOf('\n', pos)
    if (eol === -1) eol = n
    let next = eol + 1
    const c = text.charCodeAt(pos)
    const dashes = c === 45 && text.charCodeAt(pos + 1) === 45 && text.charCodeAt(pos + 2) === 45
    if (dashes && pos > 0 && !endsMarker(text.charCodeAt(pos + 3))) {
      // calicoctl splits at any line that starts with `---` (`----------`, `---x`) and drops the rest of it.
      if (content || marked || directive) chunks.push({start, end: pos, line: startLine, empty: !content && !directive})
      next = pastBom(text, next)
      start = Math.min(next, n)
      startLine = line + 1
      marked = true
      directive = false
      content = false
    } else if (dashes && endsMarker(text.charCodeAt(pos + 3))) {
      if (content || marked) {
        chunks.push({start, end: pos, line: startLine, empty: !content && !directive})
        start = pos
        startLine = line
        directive = false
      } else if (!directive) {
        // A prelude of comments only: not a document.
        start = pos
        startLine = line
      }
      marked = true
      content = hasContent(text, pos + 3, eol)
      if (pos > 0 && start === pos && !content && pastBom(text, next) > next) {
        // The document starts after its `---` line, as calicoctl cuts it, and after the BOM.
        next = start = pastBom(text, next)
        startLine = line + 1
      }
    } else if (!content) {
      if (c === 37 /* % */ && !marked) directive = true
      else if (hasContent(text, pos, eol)) content = true
    }
    pos = next
    line++
  }
  if (content || marked || directive) chunks.push({start, end: n, line: startLine, empty: !content && !directive})
  return chunks
}
