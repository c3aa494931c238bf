import {isUtf8} from 'node:buffer'

/** Turning the bytes of one input into text, refusing binary data and bad encodings with a clear reason. */

export type DecodeResult =
  | {ok: true; text: string}
  | {ok: false; code: 'input-binary' | 'input-encoding'; message: string; line?: number}

/** Offset of the first byte that is not part of valid UTF-8, or -1. Only called once isUtf8 said no. */
function firstInvalidUtf8(buf: Uint8Array): number {
  const n = buf.length
  let i = 0
  while (i < n) {
    const b = buf[i]
    if (b < 0x80) { i++; continue }
    let need: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80 }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800 }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000 }
    else return i
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07)
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}

/** 1-based line of a byte offset (counts LF bytes before it). */
function lineOfByte(buf: Uint8Array, offset: number): number {
  let line = 1
  let i = -1
  for (;;) {
    i = buf.indexOf(10, i + 1)
    if (i === -1 || i >= offset) return line
    line++
  }
}

/** Decode one input: UTF-8 (a leading BOM is dropped); NUL bytes and invalid UTF-8 are refused. */
export function decodeSource(buf: Buffer): DecodeResult {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return {ok: false, code: 'input-encoding', message: 'UTF-16 is not supported: save the file as UTF-8', line: 1}
  }
  const nul = buf.indexOf(0)
  if (nul !== -1) {
    const line = lineOfByte(buf, nul)
    return {ok: false, code: 'input-binary', message: `binary data: NUL byte at byte offset ${nul} (line ${line})`, line}
  }
  if (!isUtf8(buf)) {
    const bad = Math.max(0, firstInvalidUtf8(buf))
    const line = lineOfByte(buf, bad)
    return {ok: false, code: 'input-encoding', message: `invalid UTF-8 at byte offset ${bad} (line ${line})`, line}
  }
  let text = buf.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return {ok: true, text}
}

/**
 * Check text that was decoded without validation (Node's fast UTF-8 file read): when it holds no NUL and no
 * U+FFFD (which is what invalid bytes become), it is exactly the file's text; otherwise the bytes are read
 * and checked properly, to say what is wrong and where.
 */
export function checkDecodedText(text: string, bytes: () => Buffer): DecodeResult {
  if (text.indexOf('\0') !== -1 || text.indexOf('\ufffd') !== -1) return decodeSource(bytes())
  return {ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text}
}

/** Line starts of a text, built once when a caller first asks for a line. */
export class LineIndex {
  private starts: number[] | undefined
  constructor(readonly text: string) {}

  /** Text of a 1-based line without its line break, or undefined past the end. */
  line(n: number): string | undefined {
    const starts = this.lineStarts()
    if (!Number.isInteger(n) || n < 1 || n > starts.length) return undefined
    const start = starts[n - 1]
    let end = n < starts.length ? starts[n] - 1 : this.text.length
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--
    return this.text.slice(start, end)
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts
    const starts = [0]
    let i = this.text.indexOf('\n')
    while (i !== -1) {
      starts.push(i + 1)
      i = this.text.indexOf('\n', i + 1)
    }
    // A final line break does not start another line.
    if (starts.length > 1 && starts[starts.length - 1] === this.text.length) starts.pop()
    this.starts = starts
    return starts
  }
}
