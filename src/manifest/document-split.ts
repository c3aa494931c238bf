/**
 * Splitting a YAML stream into documents at `---` lines, as calicoctl does (at every line that starts with
 * `---`, except the very first line, where `---` is YAML's own marker), while keeping each document's
 * offset and starting line so that positions can be computed later without re-reading the whole file.
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

/**
 * Documents of a stream. Comments and directives before the first `---` belong to the first document; a
 * comment-only prelude followed by `---` is not a document of its own (as YAML sees it).
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
    const c = text.charCodeAt(pos)
    const dashes = c === 45 && text.charCodeAt(pos + 1) === 45 && text.charCodeAt(pos + 2) === 45
    if (dashes && pos > 0 && !endsMarker(text.charCodeAt(pos + 3))) {
      // calicoctl splits at any line that starts with `---` (`----------`, `---x`) and drops the rest of it.
      if (content || marked) chunks.push({start, end: pos, line: startLine, empty: !content})
      start = Math.min(eol + 1, n)
      startLine = line + 1
      marked = true
      directive = false
      content = false
    } else if (dashes && endsMarker(text.charCodeAt(pos + 3))) {
      if (content || marked) {
        chunks.push({start, end: pos, line: startLine, empty: !content})
        start = pos
        startLine = line
      } else if (!directive) {
        // A prelude of comments only: not a document.
        start = pos
        startLine = line
      }
      marked = true
      directive = false
      content = hasContent(text, pos + 3, eol)
    } else if (!content) {
      if (c === 37 /* % */ && !marked) directive = true
      else if (hasContent(text, pos, eol)) content = true
    }
    pos = eol + 1
    line++
  }
  if (content || marked) chunks.push({start, end: n, line: startLine, empty: !content})
  return chunks
}
