/**
 * Turning lints off: per run (`--disable CODE,...`) and per object (the `hepctl.io/disable` annotation, which
 * hepctl reads and Calico stores as any other annotation). Only lints (warning codes) can be turned off; an
 * error (a schema problem, a Calico rule, a lock-out) cannot.
 */
import {nearest} from '../problem/nearest-name.js'
import {PROBLEM_CODES} from '../problem/problem-codes.js'
import type {ProblemCode} from '../problem/problem.js'
import {isJsonObject} from '../json/json-object.js'
import type {Finding} from './finding.js'

export const DISABLE_ANNOTATION = 'hepctl.io/disable'

const CODES = Object.keys(PROBLEM_CODES) as ProblemCode[]

/** Why `code` cannot be disabled, or undefined when it is a lint that can. */
export function disableRefusal(code: string): string | undefined {
  const info = (PROBLEM_CODES as Record<string, {severity: string} | undefined>)[code]
  if (!info) {
    const near = nearest(code, CODES)
    return `unknown problem code ${JSON.stringify(code)}${near ? ` (did you mean ${near}?)` : ''}`
  }
  if (info.severity === 'error') return `${code} is an error, not a lint: it cannot be disabled`
  return undefined
}

/** The codes of `--disable` values (repeatable, comma-separated); throws an Error naming the first bad code. */
export function parseDisableFlag(values: readonly string[] | undefined): Set<ProblemCode> {
  const out = new Set<ProblemCode>()
  for (const code of (values ?? []).flatMap(v => v.split(',')).map(s => s.trim()).filter(s => s !== '')) {
    const refusal = disableRefusal(code)
    if (refusal) throw new Error(`--disable: ${refusal}`)
    out.add(code as ProblemCode)
  }
  return out
}

/**
 * The codes a normalized object's `hepctl.io/disable` annotation turns off; each code it cannot turn off is a
 * warning (`invalid-disable-annotation`) in `findings`, and the others still apply.
 */
export function annotationDisables(object: unknown, findings: Finding[]): Set<ProblemCode> {
  const out = new Set<ProblemCode>()
  const metadata = isJsonObject(object) ? object.metadata : undefined
  const annotations = isJsonObject(metadata) ? metadata.annotations : undefined
  const value = isJsonObject(annotations) ? annotations[DISABLE_ANNOTATION] : undefined
  if (typeof value !== 'string') return out
  for (const code of value.split(',').map(s => s.trim()).filter(s => s !== '')) {
    const refusal = disableRefusal(code)
    if (refusal) {
      findings.push({severity: 'warning', code: 'invalid-disable-annotation', path: ['metadata', 'annotations', DISABLE_ANNOTATION], message: `${DISABLE_ANNOTATION}: ${refusal}`})
    } else {
      out.add(code as ProblemCode)
    }
  }
  return out
}
