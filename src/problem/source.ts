/**
 * Where things come from in the input: a position, the origin of a resource, and a resource read with its
 * positions. The manifest reader makes these; validation and the reporters read them.
 */
import type {PathSegment} from './problem.js'

/** 1-based line and column. */
export interface Position {
  line: number
  column: number
}

/** Where a resource came from. */
export interface Origin {
  /** The path as the user gave it (or found in a directory); `-` for stdin. */
  file: string
  /** 0-based index of the YAML document within the file. */
  document: number
  /** Position of the start of the resource (the document, or the list item). */
  line: number
  column: number
}

/** One resource read from a manifest: a document, a List item, or an element of a top-level sequence. */
export interface ManifestResource {
  /**
   * The parsed value: plain data (objects, arrays, strings, numbers, booleans, null). Objects have no
   * prototype tricks: `__proto__` and `constructor` are ordinary own keys. YAML 1.1 booleans
   * (`yes`, `off`, ...) written as plain scalars are booleans here, as calicoctl's parser sees them.
   */
  value: unknown
  origin: Origin
  /**
   * Position of the value at `path` (relative to this resource), or of its key with `target: 'key'`.
   * Falls back to the nearest ancestor that exists. May re-parse the document (positions are computed
   * only when a problem needs them).
   */
  locate(path: readonly PathSegment[], target?: 'key' | 'value'): Position
  /**
   * The positions `locate` gives for several paths, in order, the document being read once for all of them.
   * Optional: without it, `locate` is called for each path.
   */
  locateAll?(requests: readonly LocateRequest[]): Position[]
  /**
   * Position of character `offset` (in UTF-16 units) of the string `value` found at `path`, when the scalar is
   * written on one line, plain or quoted, without escapes before that character; else `locate(path)`.
   * Optional: without it, problems inside a string point at the string.
   */
  locateChar?(path: readonly PathSegment[], value: string, offset: number): Position
}

/** One question for `ManifestResource.locateAll`: the arguments of one `locate` call. */
export interface LocateRequest {
  path: readonly PathSegment[]
  target: 'key' | 'value'
}
