/** What the fast readers return, and how they say "not with certainty: let the full YAML parser decide". */

export interface FastDocument {
  /** Plain data, or null for an empty document. */
  value: unknown
  empty: boolean
  /** 1-based position of the document's first content. */
  line: number
  column: number
  /**
   * Where the elements of a top-level sequence are: flat [line, column, start, end] tuples (1-based line and
   * column of the element's first character; offsets in the source text of its text).
   */
  rootItems?: number[]
  /** The same for the elements of a top-level `items` sequence (a List). */
  listItems?: number[]
}

/**
 * Positions of the nodes of one document, by path (segments joined by U+0001, the root being ``):
 * [key line, key column, value line, value column], the key being 0, 0 for sequence items and the root.
 */
export type PositionTrace = Map<string, [number, number, number, number]>

/** Thrown by the fast readers when the input is outside what they handle exactly. Never escapes them. */
export const GIVE_UP: unique symbol = Symbol('give up')

/** Deepest nesting the fast readers handle; deeper documents go to the full parser, which reports them. */
export const FAST_MAX_DEPTH = 64

/** True for characters the fast readers refuse to interpret (YAML line breaks, non-printables, BOM). */
export function isSpecialWide(c: number): boolean {
  return c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe
}
