/** The stored context objects, checked as the same objects in a manifest would be. */
import type {CheckedContext, ContextCheck} from '../lifecycle/read-context.js'
import {contextKey} from '../lifecycle/read-context.js'
import type {PolicyResource} from '../policy/types.js'
import type {Problem} from '../problem/problem.js'
import {validateObject} from './validate-resources.js'

/** Runs every stored object through the validation its kind has in a manifest; keeps the valid ones. */
export const checkStored: ContextCheck = context => {
  const resources: PolicyResource[] = []
  const invalid = new Map<string, Problem[]>()
  for (const resource of context.resources) {
    const errors = validateObject(resource).problems.filter(p => p.severity === 'error')
    if (errors.length === 0) {
      resources.push(resource)
      continue
    }
    const {namespace, name} = resource.metadata
    const what = `${resource.kind} ${namespace ? `${namespace}/` : ''}${name} (stored in ${context.source})`
    invalid.set(contextKey(resource), errors.map(p => ({severity: 'error', code: p.code, path: p.path, resource: name, message: `${what}: ${p.message}`})))
  }
  return {...context, resources, invalid}
}
