/**
 * Calico selectors: parse once, then evaluate, print canonically or match fast.
 */
import {compileTree, type LabelMap, type Matcher} from './compile.js'
import {canonicalText, evaluateTree, type Labels, parseSelectorTree, type SelectorNode, uniqueIdOf} from './parser.js'

export {compileTree, prefixTree, type LabelMap, type Matcher} from './compile.js'
export {canonicalText, compareBytes, evaluateTree, type Labels, parseSelectorTree, type SelectorNode} from './parser.js'
export {MAX_LABEL_LENGTH, SelectorSyntaxError, type Token, type TokenKind, tokenize} from './tokenizer.js'

export interface Selector {
  /** The text as written. */
  readonly source: string
  readonly tree: SelectorNode
  /** Calico's canonical form (Selector.String()). */
  readonly canonical: string
  /** Calico's UniqueID. */
  readonly uniqueId: string
  /** Walks the tree against labels (object or Map). */
  evaluate(labels: Labels): boolean
  /** The compiled closure: labels must be a Map. */
  readonly matches: Matcher
}

/** Parses a selector; throws SelectorSyntaxError (with `offset` into `source`) when it is invalid. */
export function parseSelector(source: string): Selector {
  const tree = parseSelectorTree(source)
  const canonical = canonicalText(tree)
  let uid: string | undefined
  return {
    source,
    tree,
    canonical,
    get uniqueId() {
      return (uid ??= uniqueIdOf(canonical))
    },
    evaluate: (labels: Labels) => evaluateTree(tree, labels),
    matches: compileTree(tree),
  }
}

/** The reason a selector is invalid and where, or undefined when it is valid (Calico's Validate). */
export function selectorProblem(source: string): {reason: string; offset: number} | undefined {
  try {
    parseSelectorTree(source)
    return undefined
  } catch (e) {
    if (e instanceof Error && e.name === 'SelectorSyntaxError') {
      const err = e as Error & {reason: string; offset: number}
      return {reason: err.reason, offset: err.offset}
    }
    throw e
  }
}

/** Labels as a Map, for `matches`. */
export function labelMap(labels: Labels | undefined): LabelMap {
  if (!labels) return new Map()
  if (labels instanceof Map) return labels
  return new Map(Object.entries(labels))
}
export {EMPTY_SELECTOR_MEANING, globalPlacementProblem, type SelectorPlace} from './places.js'
