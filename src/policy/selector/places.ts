/**
 * Where selectors appear in policy resources, what an empty one means there (reference §1.5), and Calico's
 * rule on where global() may appear (reference §1.6).
 */
import {tokenize} from './tokenizer.js'

export type SelectorPlace =
  | 'policy.selector'
  | 'policy.namespaceSelector'
  | 'policy.serviceAccountSelector'
  | 'rule.selector'
  | 'rule.notSelector'
  | 'rule.namespaceSelector'

/** What an empty (or absent) selector means in each place, for a GlobalNetworkPolicy and a NetworkPolicy. */
export const EMPTY_SELECTOR_MEANING: Readonly<Record<SelectorPlace, {global: string; namespaced: string}>> = {
  'policy.selector': {global: 'all(): every host endpoint and every workload endpoint', namespaced: 'every endpoint of the namespace (never a host endpoint)'},
  'policy.namespaceSelector': {global: 'no extra condition', namespaced: 'not a NetworkPolicy field'},
  'policy.serviceAccountSelector': {global: 'no extra condition', namespaced: 'no extra condition'},
  'rule.selector': {global: 'no endpoint condition: any address', namespaced: 'no endpoint condition: any address (limited to the namespace when notSelector or namespaceSelector is set)'},
  'rule.notSelector': {global: 'no condition', namespaced: 'no condition'},
  'rule.namespaceSelector': {global: 'no namespace condition', namespaced: "the policy's own namespace"},
}

/**
 * Calico's placement rule for global(): allowed only in a rule's namespaceSelector, and only on its own.
 * Returns the problem, or undefined. Selector syntax errors are left to selectorProblem.
 */
export function globalPlacementProblem(place: SelectorPlace, text: string | undefined): string | undefined {
  if (text === undefined || !text.includes('global(')) return undefined
  if (place === 'rule.namespaceSelector') {
    try {
      const kinds = tokenize(text).map((t) => t.kind)
      if (kinds.length === 2 && kinds[0] === 'global') return undefined
    } catch {
      return undefined
    }
    return 'global() cannot be combined with other selectors'
  }
  if (place === 'rule.notSelector') return undefined
  return 'global() can only be used in an EntityRule namespaceSelector'
}
