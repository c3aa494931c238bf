import type {PathSegment} from './types.js'

/** Display text of a path inside a resource: `spec.ports[0].port`, `metadata.labels["example.com/tier"]`. */
export function pathText(path: readonly PathSegment[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`
    else out += `[${JSON.stringify(seg)}]`
  }
  return out
}
