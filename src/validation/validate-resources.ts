/**
 * Validation of resources of the kinds in src/model/kinds.ts: calicoctl's lenient decoding (normalize.ts) and
 * the JSON Schema (src/schema), both from the kind's schema file, Calico's own rules (calico-rules.ts), and the
 * kind's rules and safety lints (kind-checks.ts).
 * Bad input gives problems, never an exception. Positions are looked up only for resources with problems.
 */
import type {LocateRequest, ManifestResource, Position} from '../problem/source.js'
import {type HostEndpoint, metadataText} from '../model/hostendpoint.js'
import {checkObjectMeta} from './calico-rules.js'
import {KIND_CHECKS} from './kind-checks.js'
import {isJsonObject} from '../json/json-object.js'
import {findKind, HOST_ENDPOINT, type Kind} from '../model/kinds.js'
import type {Finding} from './finding.js'
import {normalize, sourcePathOf, type Renames} from './normalize.js'
import type {PathSegment, Problem, ProblemCode} from '../problem/problem.js'
import {annotationDisables} from './lint-disable.js'
import {resourceShape, schemaValidator} from '../schema/schema-check.js'
import {schemaFindings} from './schema-problems.js'

export {DEFAULT_ALLOW_PROFILE} from './safety-lints.js'

export interface ValidatedResource {
  /** The kind it was checked as (src/model/kinds.ts). */
  kind: Kind
  /** Absent when validating an object that came from the datastore or a patch. */
  source?: ManifestResource
  name?: string
  /**
   * The normalized, calicoctl-form object; present when there are no errors. When the input needed no
   * normalizing this is the input value itself, not a copy.
   */
  object?: HostEndpoint
  /** With file, line and column filled from `source.locate(...)` when there is a source. */
  problems: Problem[]
  /** The lint codes turned off for this resource: by --disable and by its hepctl.io/disable annotation. */
  disabled?: ReadonlySet<ProblemCode>
}

export interface ValidateOptions {
  /** Make every warning an error. */
  strict?: boolean
  /** Lint codes turned off for every resource (--disable); errors are never dropped. */
  disable?: ReadonlySet<ProblemCode>
}

interface Checked {
  result: ValidatedResource
  normalized: unknown
  renames?: Renames
}

function position(source: ManifestResource, path: readonly PathSegment[], target: 'key' | 'value'): Position {
  try {
    return source.locate(path, target)
  } catch {
    return {line: source.origin.line, column: source.origin.column}
  }
}

/**
 * The positions of several paths of one resource, in order: its document is read once for all of them when the
 * source can do that, else (or should that fail) each is located on its own.
 */
function positions(source: ManifestResource, requests: readonly LocateRequest[]): Position[] {
  if (source.locateAll) {
    try {
      return source.locateAll(requests)
    } catch {
      // Located one by one below, each falling back to the origin on its own.
    }
  }
  return requests.map(r => position(source, r.path, r.target))
}

function toProblem(f: Finding, source: ManifestResource | undefined, at: Position | undefined, name: string | undefined, strict: boolean): Problem {
  const problem: Problem = {severity: strict ? 'error' : f.severity, code: f.code, message: f.message, path: f.path}
  if (source && at) {
    problem.file = source.origin.file
    problem.line = at.line
    problem.column = at.column
    problem.document = source.origin.document
  }
  if (name !== undefined) problem.resource = name
  return problem
}

function byPosition(a: Problem, b: Problem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}

/** The kind a value says it is; a value of no known kind is checked as a HostEndpoint (whose schema refuses its kind). */
function kindOf(value: unknown): Kind {
  return (isJsonObject(value) ? findKind(value.apiVersion, value.kind) : undefined) ?? HOST_ENDPOINT
}

function check(value: unknown, source: ManifestResource | undefined, strict: boolean, disable?: ReadonlySet<ProblemCode>): Checked {
  const findings: Finding[] = []
  const kind = kindOf(value)
  const checks = KIND_CHECKS[kind.kind]
  const shape = resourceShape(kind)
  const {value: normalized, renames} = normalize(value, shape, findings)
  const rulesFrom = findings.length
  checkObjectMeta(normalized, kind, findings)
  checks.rules(normalized, findings)
  const errors = schemaValidator(kind)(normalized)
  if (errors) {
    const covered = findings.slice(rulesFrom).map(f => f.path)
    for (const f of schemaFindings(errors, normalized, shape, covered)) findings.push(f)
  }
  checks.lints(normalized, findings)
  const name = metadataText(normalized, 'name')

  const result: ValidatedResource = {kind, problems: []}
  const fromAnnotation = annotationDisables(normalized, findings)
  const disabled = fromAnnotation.size === 0 ? disable : new Set([...(disable ?? []), ...fromAnnotation])
  if (disabled && disabled.size > 0) {
    result.disabled = disabled
    dropDisabled(findings, disabled)
  }
  if (source) result.source = source
  if (name !== undefined) result.name = name
  const checked: Checked = {result, normalized, renames}
  if (findings.length === 0) {
    result.object = normalized as HostEndpoint
    return checked
  }
  addProblems(checked, findings, strict)
  return checked
}

/** Drops, in place, the lint findings whose code is disabled; an error is never dropped. */
function dropDisabled(findings: Finding[], disabled: ReadonlySet<ProblemCode>): void {
  let kept = 0
  for (const f of findings) if (f.severity === 'error' || !disabled.has(f.code)) findings[kept++] = f
  findings.length = kept
}

/** Turns findings into positioned problems of `checked`, keeping `object` only while there is no error. */
function addProblems(checked: Checked, findings: readonly Finding[], strict: boolean): void {
  const {result, normalized, renames} = checked
  if (result.disabled) {
    const kept = [...findings]
    dropDisabled(kept, result.disabled)
    findings = kept
  }
  const source = result.source
  const at = source && positions(source, findings.map(f => ({path: f.sourcePath ?? sourcePathOf(f.path, normalized, renames), target: f.target ?? 'value'})))
  findings.forEach((f, i) => result.problems.push(toProblem(f, source, inStringAt(source, f, at?.[i], normalized, renames), result.name, strict)))
  if (result.source) result.problems.sort(byPosition)
  if (result.problems.some(p => p.severity === 'error')) delete result.object
  else result.object = normalized as HostEndpoint
}

/** The position of a finding inside a string value when the source can find it, else `at`. */
function inStringAt(source: ManifestResource | undefined, f: Finding, at: Position | undefined, normalized: unknown, renames: Renames | undefined): Position | undefined {
  if (!source?.locateChar || !f.inString) return at
  try {
    return source.locateChar(f.sourcePath ?? sourcePathOf(f.path, normalized, renames), f.inString.value, f.inString.offset)
  } catch {
    return at
  }
}

/** Validates one HostEndpoint that has no source position (from the datastore, or after a patch). */
export function validateObject(value: unknown, options: ValidateOptions = {}): ValidatedResource {
  return check(value, undefined, options.strict === true, options.disable).result
}

function where(source: ManifestResource, normalized: unknown, renames: Renames | undefined): string {
  const at = position(source, sourcePathOf(['metadata', 'name'], normalized, renames), 'value')
  return `${source.origin.file}:${at.line}:${at.column} (document ${source.origin.document + 1})`
}

/**
 * Validates resources read from manifests, in order. Every problem of every resource is reported; a name used
 * twice in one run is reported on the later resource, with the position of the earlier one.
 */
export function validateResources(resources: readonly ManifestResource[], options: ValidateOptions = {}): ValidatedResource[] {
  const strict = options.strict === true
  const firstByName = new Map<string, Checked>()
  const out: ValidatedResource[] = []
  for (const source of resources) {
    const checked = check(source.value, source, strict, options.disable)
    const name = checked.result.name
    if (name !== undefined) {
      // Names are unique per kind (and namespace, for a namespaced kind).
      const kind = checked.result.kind
      const namespace = kind.namespaced ? metadataText(checked.normalized, 'namespace') ?? '' : ''
      const key = `${kind.kind}/${namespace}/${name}`
      const first = firstByName.get(key)
      if (first === undefined) {
        firstByName.set(key, checked)
      } else {
        addProblems(checked, [{
          severity: 'warning',
          code: 'duplicate-name',
          path: ['metadata', 'name'],
          message: `metadata.name "${name}" is also used by the ${kind.kind} at ${where(first.result.source!, first.normalized, first.renames)}; ` +
            'both are processed in order, so this one replaces the earlier one (apply, replace) or fails as already existing (create)',
        }], strict)
      }
    }
    out.push(checked.result)
  }
  return out
}
