import type {Problem} from '../problem/problem.js'

export type {PathSegment} from '../problem/problem.js'

import type {ManifestResource} from '../problem/source.js'

export type {LocateRequest, ManifestResource, Origin, Position} from '../problem/source.js'

export interface ReadOptions {
  /** Walk directories recursively (-R). */
  recursive?: boolean
  /** Where `-` reads from (default: process.stdin). */
  stdin?: NodeJS.ReadableStream
}

export interface ReadResult {
  resources: ManifestResource[]
  /**
   * Problems found while reading: unreadable input (codes in INPUT_PROBLEM_CODES), YAML syntax errors,
   * duplicate keys, a wrong apiVersion or kind. A document with a problem yields no resource.
   */
  problems: Problem[]
  /** Every file read, in order. */
  files: string[]
  /**
   * Text of one 1-based line of a source read (`-` for stdin), without its line break, for code frames in
   * reports; undefined for an unknown file or line.
   */
  sourceLine(file: string, line: number): string | undefined
}
