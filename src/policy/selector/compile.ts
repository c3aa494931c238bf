/**
 * Selectors precompiled into closures over a label Map: the fast path used by the engine and the bench.
 */
import type {SelectorNode} from './parser.js'

export type LabelMap = ReadonlyMap<string, string>
export type Matcher = (labels: LabelMap) => boolean

const ALWAYS: Matcher = () => true

/** Turns a tree into a closure; `in` sets of more than a few values use a Set. */
export function compileTree(node: SelectorNode): Matcher {
  switch (node.type) {
    case 'all':
    case 'global':
      return ALWAYS
    case 'has': {
      const k = node.label
      return (l) => l.has(k)
    }
    case 'eq': {
      const k = node.label
      const v = node.value
      return (l) => l.get(k) === v
    }
    case 'ne': {
      const k = node.label
      const v = node.value
      return (l) => l.get(k) !== v
    }
    case 'contains': {
      const k = node.label
      const v = node.value
      return (l) => {
        const x = l.get(k)
        return x !== undefined && x.includes(v)
      }
    }
    case 'startswith': {
      const k = node.label
      const v = node.value
      return (l) => {
        const x = l.get(k)
        return x !== undefined && x.startsWith(v)
      }
    }
    case 'endswith': {
      const k = node.label
      const v = node.value
      return (l) => {
        const x = l.get(k)
        return x !== undefined && x.endsWith(v)
      }
    }
    case 'in':
    case 'notin': {
      const k = node.label
      const set = new Set(node.values)
      if (node.type === 'in') {
        return (l) => {
          const x = l.get(k)
          return x !== undefined && set.has(x)
        }
      }
      return (l) => {
        const x = l.get(k)
        return x === undefined || !set.has(x)
      }
    }
    case 'not': {
      const inner = compileTree(node.operand)
      return (l) => !inner(l)
    }
    case 'and': {
      const parts = node.operands.map(compileTree)
      if (parts.length === 2) {
        const [a, b] = parts
        return (l) => a(l) && b(l)
      }
      return (l) => {
        for (const p of parts) if (!p(l)) return false
        return true
      }
    }
    case 'or': {
      const parts = node.operands.map(compileTree)
      if (parts.length === 2) {
        const [a, b] = parts
        return (l) => a(l) || b(l)
      }
      return (l) => {
        for (const p of parts) if (p(l)) return true
        return false
      }
    }
  }
}

/**
 * Rewrites a tree as Calico's policy conversion does for namespaceSelector / serviceAccountSelector: every label
 * gets `prefix`, and all() becomes has(`allBecomes`).
 */
export function prefixTree(node: SelectorNode, prefix: string, allBecomes: string): SelectorNode {
  switch (node.type) {
    case 'all':
      return {type: 'has', label: allBecomes}
    case 'global':
      return node
    case 'has':
      return {type: 'has', label: prefix + node.label}
    case 'eq':
    case 'ne':
    case 'contains':
    case 'startswith':
    case 'endswith':
      return {...node, label: prefix + node.label}
    case 'in':
    case 'notin':
      return {...node, label: prefix + node.label}
    case 'not':
      return {type: 'not', operand: prefixTree(node.operand, prefix, allBecomes)}
    case 'and':
    case 'or':
      return {type: node.type, operands: node.operands.map((n) => prefixTree(n, prefix, allBecomes))}
  }
}
