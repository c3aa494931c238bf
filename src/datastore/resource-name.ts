import {DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX} from '../model/kubernetes-names.js'
import {ResourceError} from './datastore.js'

/** Whether `name` is a valid resource name; only such names are ever stored or looked up. */
export function isResourceName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(name)
}

/** A name as it may be shown: control characters escaped, long names shortened. */
export function displayName(name: unknown): string {
  const text = typeof name === 'string' ? name : String(name)
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return escaped.length > 80 ? `${escaped.slice(0, 77)}...` : escaped
}

/** The error for a write whose object name is not valid. */
export function invalidNameError(name: unknown): ResourceError {
  const shown = displayName(name)
  return new ResourceError(
    'invalid',
    shown,
    `error with field Metadata.Name = '${shown}' (name must consist of lower case alphanumeric characters, '-' or '.', start and end with an alphanumeric character, and be at most 253 characters)`,
  )
}
