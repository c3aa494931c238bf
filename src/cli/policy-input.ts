/**
 * The input of `trace` and `describe`: the resources, from manifests (validated first, as every command that
 * reads -f does) or from the configured datastore, and where each resource and field was written, so that a
 * step of the analysis can name the file and line it came from.
 */
import {readContextUnder, readPolicyContext} from '../lifecycle/policy-context.js'
import type {ManifestResource} from '../manifest/types.js'
import {isJsonObject} from '../json/json-object.js'
import type {FieldPath, PolicyResource, ResourceRef} from '../policy/types.js'
import type {Problem} from '../problem/problem.js'
import {problemText} from '../output/report-text.js'
import {datastoreContextNote} from '../output/trace-input.js'
import {contextObject} from '../validation/context-lints.js'
import {checkStored} from '../validation/stored-context.js'
import type {ValidatedResource} from '../validation/validate-resources.js'
import {withDatastore} from './datastore-session.js'
import {ExitCode, UserFacingError} from './exit-codes.js'
import {writeError} from './io.js'
import {loadValidResources} from './load-manifests.js'
import type {GlobalFlagValues} from './verb.js'

/** A place in the input: the file as the user named it (`-` for stdin), 1-based line and column. */
export interface SourceLocation {
  file: string
  line: number
  column: number
}

export interface PolicyInput {
  resources: PolicyResource[]
  /** Where a resource (or a field of it) was written; undefined for resources not read from a file. */
  locate(ref: ResourceRef, path?: FieldPath): SourceLocation | undefined
  /** The profiles Calico derives from Kubernetes were read with the resources (buildModel's option). */
  derivedProfilesRead?: boolean
}

/** The flags of `trace` and `describe` that choose their input. */
export interface PolicyInputFlags extends GlobalFlagValues {
  filename?: string[]
  recursive?: boolean
  'context-from-datastore'?: boolean
}

/** The flag of `trace` and `describe` (as of `validate`) that lays the stored context under the input. */
export const CONTEXT_FROM_DATASTORE_FLAG = {
  type: 'boolean',
  description: 'with -f: also read the policies, profiles, tiers and Felix settings from the configured datastore (read-only); objects in the input replace stored ones of the same kind and name',
} as const

/**
 * Reads the resources: from -f when given (every resource valid, else the problems are printed as validate
 * words them and the command stops with `refusal`, exit 3), with --context-from-datastore over the stored
 * context; else from the datastore (its endpoints and stored context), with a note on stderr when the
 * store holds no context (the file store).
 */
export async function readPolicyInput(flags: PolicyInputFlags, refusal: string): Promise<PolicyInput> {
  if (flags.filename) {
    const validated = await loadValidResources(flags.filename, {
      recursive: Boolean(flags.recursive),
      strict: false,
      skipEmpty: false,
      refusal,
      invalidExitCode: ExitCode.ENVIRONMENT,
      readOnly: true,
    })
    const input = fromManifests(validated)
    if (!flags['context-from-datastore']) return input
    const {resources, problems, derivedProfilesRead} = await withDatastore(flags, store => readContextUnder(store, input.resources, checkStored))
    refuseInvalidStored(problems, refusal)
    return {resources, locate: input.locate, derivedProfilesRead}
  }
  const context = await withDatastore(flags, store => readPolicyContext(store, checkStored))
  refuseInvalidStored(context.problems, refusal)
  if (context.kindsRead.length === 1) writeError(datastoreContextNote(context.kindsRead))
  return {resources: context.resources, locate: () => undefined, derivedProfilesRead: context.derivedProfilesRead}
}

/** Stored objects that fail their kind's validation: the analysis would guess, so it stops (exit 3), naming each. */
function refuseInvalidStored(problems: readonly Problem[], refusal: string): void {
  if (problems.length === 0) return
  throw new UserFacingError(`${problems.map(p => problemText(p)).join('\n')}\n` +
    `stored objects fail Calico's validation (fix them in the datastore, or give corrected ones with -f --context-from-datastore); ${refusal}`, ExitCode.ENVIRONMENT)
}

const refKey = (kind: string, name: string, namespace: string | undefined) => `${kind}/${namespace ?? ''}/${name}`

function fromManifests(validated: readonly ValidatedResource[]): PolicyInput {
  const byRef = new Map<string, ValidatedResource>()
  const resources: PolicyResource[] = []
  for (const v of validated) {
    // As validate's context lints read it: an empty failsafe list is a setting, not an omitted field.
    const object = contextObject(v)
    resources.push(object)
    // A NetworkPolicy without a namespace is in `default`, as the engine reads it.
    const namespace = object.kind === 'NetworkPolicy' ? (object.metadata.namespace ?? 'default') : undefined
    byRef.set(refKey(object.kind, object.metadata.name, namespace), v)
  }
  return {
    resources,
    locate(ref, path) {
      const source = byRef.get(refKey(ref.kind, ref.name, ref.namespace))?.source
      return source ? locateIn(source, path ?? []) : undefined
    },
  }
}

/** The position of `path` (a path in the validated object) in the source; the resource's start when not found. */
function locateIn(source: ManifestResource, path: FieldPath): SourceLocation {
  const file = source.origin.file
  if (path.length === 0) return {file, line: source.origin.line, column: source.origin.column}
  try {
    const at = source.locate(writtenPath(source.value, path), 'value')
    return {file, line: at.line, column: at.column}
  } catch {
    return {file, line: source.origin.line, column: source.origin.column}
  }
}

/**
 * The path as written: validation matches field names case-insensitively (as calicoctl does), so `Spec.Ingress`
 * in a file is `spec.ingress` in the object the engine reads.
 */
function writtenPath(value: unknown, path: FieldPath): FieldPath {
  const out: FieldPath = []
  let node = value
  for (const segment of path) {
    let key: string | number = segment
    if (typeof segment === 'string' && isJsonObject(node) && !Object.hasOwn(node, segment)) {
      key = Object.keys(node).find(k => k.toLowerCase() === segment.toLowerCase()) ?? segment
    }
    out.push(key)
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined
  }
  return out
}
