import type {Document} from 'yaml'
import {yamlPackage} from '../json/yaml-package.js'

/**
 * What libyaml's scanner (and so calicoctl's go-yaml v2) reads although the `yaml` package refuses it, rewritten
 * into text both read the same, so that the full reader accepts it with calicoctl's result:
 *
 * - a continuation line of a quoted scalar, or a line inside `[ ]` / `{ }`, indented no deeper than the line
 *   the scalar or collection starts on (libyaml does not check indentation there): indented one deeper;
 * - a comment right after a token (`"eth0"# uplink`, `[a]#c`): a space before the `#`;
 * - the double-quoted escape `\'`: `\x27`.
 *
 * Only edits that change no value are made, only when the `yaml` package reported errors, and only kept when
 * they leave none, so input it reads is never touched and a real error is reported where it is. `original` maps an offset in the rewritten text back to the input.
 */
export interface Rewritten {
  text: string
  original: (offset: number) => number
}

interface Edit {
  at: number
  remove: number
  insert: string
}

/** Rounds of rewriting: each may uncover the next refusal, and each reaches past one unclosed quoted scalar. */
const MAX_ROUNDS = 32

export function rewriteAsLibyamlReads(text: string, docs: readonly Document.Parsed[]): Rewritten | undefined {
  let current: Rewritten = {text, original: offset => offset}
  let errors = docs.flatMap(d => d.errors)
  for (let round = 0; round < MAX_ROUNDS && errors.length > 0; round++) {
    const edits = [...fromErrors(current.text, errors), ...indentEdits(current.text)]
    if (edits.length === 0) break
    const next = applyEdits(current.text, edits)
    const previous = current.original
    current = {text: next.text, original: offset => previous(next.original(offset))}
    errors = yamlPackage().parseAllDocuments(current.text, {version: '1.1', schema: 'failsafe', strict: true, uniqueKeys: false})
      .flatMap(d => (d as Document.Parsed).errors ?? [])
  }
  // A rewrite that leaves errors explains nothing: the input's own errors are reported as they are.
  return current.text === text || errors.length > 0 ? undefined : current
}

/** Edits for the `yaml` package's errors that libyaml does not raise: a comment after a token, `\'`. */
function fromErrors(text: string, errors: ReadonlyArray<{code: string; message: string; pos: [number, number]}>): Edit[] {
  const edits: Edit[] = []
  for (const e of errors) {
    const at = e.pos[0]
    if (e.code === 'MISSING_CHAR' && e.message.startsWith('Comments must be separated') && text[at] === '#') {
      edits.push({at, remove: 0, insert: ' '})
    } else if (e.code === 'BAD_DQ_ESCAPE' && text.startsWith('\\\'', at)) {
      edits.push({at, remove: 2, insert: '\\x27'})
    }
  }
  return edits
}

/** Indentation added to the lines of quoted scalars and flow collections that start no deeper than their first line. */
function indentEdits(text: string): Edit[] {
  const {CST, Lexer} = yamlPackage()
  const edits: Edit[] = []
  const padded = new Set<number>()
  let offset = 0
  let flow = 0
  let flowIndent = 0
  const indentOfLineAt = (at: number) => {
    const start = text.lastIndexOf('\n', at - 1) + 1
    let i = start
    while (text[i] === ' ') i++
    return i - start
  }
  const pad = (lineStart: number, minimum: number) => {
    let i = lineStart
    while (text[i] === ' ') i++
    // A line of its own that is a document marker ends the document for libyaml too: leave it to fail.
    if (lineStart === i && /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(i, i + 4))) return
    if (text[i] === '\n' || text[i] === '\r' || i >= text.length) return
    const have = i - lineStart
    if (have < minimum && !padded.has(lineStart)) {
      padded.add(lineStart)
      edits.push({at: lineStart, remove: 0, insert: ' '.repeat(minimum - have)})
    }
  }
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token)
    const at = offset
    // The lexer's own markers (doc-mode, scalar, ...) are single control characters that are not in the text.
    if (token.length !== 1 || token.charCodeAt(0) >= 0x20 || token === '\n' || token === '\t' || token === '\r') offset += token.length
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (flow++ === 0) flowIndent = indentOfLineAt(at) + 1
    } else if ((type === 'flow-seq-end' || type === 'flow-map-end') && flow > 0) {
      flow--
    } else if (type === 'flow-error-end') {
      // The lexer gave up on the collection at a line indented too little (padded above): lex again.
      break
    } else if (type === 'newline' && flow > 0) {
      pad(at + token.length, flowIndent)
    } else if (type === 'double-quoted-scalar' || type === 'single-quoted-scalar') {
      // The lexer ends a quoted scalar at a line indented too little: find its end as libyaml does.
      const minimum = flow > 0 ? flowIndent : indentOfLineAt(at) + 1
      const end = quotedEnd(text, at)
      for (let i = text.indexOf('\n', at); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) pad(i + 1, minimum)
      // Past a quoted scalar the lexer did not close, its tokens are not libyaml's: the next round lexes again.
      if (end > at + token.length) break
    }
  }
  return edits
}

/** The offset of the quote that closes the quoted scalar starting at `at` (the text's length if none). */
function quotedEnd(text: string, at: number): number {
  const quote = text[at]
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i]
    if (quote === '"' && c === '\\') i++
    else if (c === quote && quote === "'" && text[i + 1] === "'") i++
    else if (c === quote) return i
  }
  return text.length
}

/** The text with the edits made, and the map from its offsets back to the input's. */
function applyEdits(text: string, edits: Edit[]): Rewritten {
  const sorted = [...edits].sort((a, b) => a.at - b.at)
  let out = ''
  let from = 0
  // [offset in the new text where an edit's insertion starts, its length, original offset, removed length]
  const marks: Array<[number, number, number, number]> = []
  for (const e of sorted) {
    if (e.at < from) continue
    out += text.slice(from, e.at)
    marks.push([out.length, e.insert.length, e.at, e.remove])
    out += e.insert
    from = e.at + e.remove
  }
  out += text.slice(from)
  const original = (offset: number): number => {
    let shift = 0
    for (const [newAt, inserted, oldAt, removed] of marks) {
      if (offset < newAt) break
      if (offset < newAt + inserted) return oldAt
      shift = oldAt + removed - (newAt + inserted)
    }
    return offset + shift
  }
  return {text: out, original}
}
