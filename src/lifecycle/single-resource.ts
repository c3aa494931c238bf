import {type Datastore, ResourceError} from '../datastore/datastore.js'
import {type HostEndpoint, metadataText} from '../model/hostendpoint.js'
import {isJsonObject} from '../model/json-object.js'
import {hasErrors, type Problem} from '../problem/problem.js'
import {MAX_ATTEMPTS} from './bulk-execution.js'
import {applyMergePatch} from './merge-patch.js'
import {objectForUpdate, sameContent} from './metadata.js'
import type {ResourceResult, ValidateResource} from './results.js'
import {setOwn} from '../model/own-property.js'

/** label and patch of one stored resource (reference §4.4.6, §4.4.7). */

export interface LabelChange {
  key: string
  value?: string
  remove?: boolean
  overwrite?: boolean
}

export interface SingleOptions {
  validate: ValidateResource
  dryRun?: boolean
  /** The kind as the user typed it, echoed in label messages as calicoctl does. */
  kind?: string
}

function errorText(problems: readonly Problem[]): string {
  return problems
    .filter(p => p.severity === 'error')
    .map(p => p.message)
    .join('; ')
}

function failure(name: string, error: ResourceError, problems?: Problem[]): ResourceResult {
  return {name, action: 'failed', error, message: error.message, ...(problems ? {problems} : {})}
}

/**
 * Set or remove one label. Messages are calicoctl's, but a failed update also says why. A lost race
 * is retried: the change is re-applied to the fresh object.
 */
export async function labelResource(
  store: Datastore,
  name: string,
  change: LabelChange,
  options: SingleOptions,
): Promise<ResourceResult> {
  const kind = options.kind ?? 'hostendpoint'
  const {key} = change
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(name)
    if (!current) return failure(name, new ResourceError('not-found', name, `${kind} ${name} not found`))
    const labels: Record<string, string> = {...current.metadata.labels}
    const has = Object.prototype.hasOwnProperty.call(labels, key)
    let message: string
    if (change.remove) {
      if (!has) {
        return failure(name, new ResourceError('failed', name, `cannot remove label of ${kind} ${name}, key ${key} does not exist`))
      }
      delete labels[key]
      message = `Successfully removed label ${key} from ${kind} ${name}`
    } else {
      const value = change.value ?? ''
      if (has && labels[key] !== value && !change.overwrite) {
        return failure(
          name,
          new ResourceError(
            'failed',
            name,
            `failed to update label of ${kind} ${name}, key ${key} is already present. please use '--overwrite' to set a new value`,
          ),
        )
      }
      setOwn(labels, key, value)
      message = has ? `Successfully updated label ${key} on ${kind} ${name}` : `Successfully set label ${key} on ${kind} ${name}`
    }
    const input: HostEndpoint = {...current, metadata: {...current.metadata, labels}}
    const {problems} = options.validate(input)
    if (hasErrors(problems)) {
      return failure(
        name,
        new ResourceError('invalid', name, `failed to update ${kind} ${name}, label not changed: ${errorText(problems)}`),
        problems,
      )
    }
    const next = objectForUpdate(input, current)
    if (sameContent(next, current)) return {name, action: 'unchanged', object: current, message}
    if (options.dryRun) return {name, action: 'labeled', object: next, message}
    const [written] = await store.write([{op: 'update', object: next}])
    if (written.ok) return {name, action: 'labeled', object: written.object, message}
    if (written.error.reason === 'conflict' && attempt < MAX_ATTEMPTS) continue
    if (written.error.reason === 'not-found') {
      return failure(name, new ResourceError('not-found', name, `${kind} ${name} not found`))
    }
    return failure(
      name,
      new ResourceError(written.error.reason, name, `failed to update ${kind} ${name}, label not changed: ${written.error.message}`),
    )
  }
}

/**
 * RFC 7386 merge patch of the stored object, validated, then written at the stored revision (or at
 * `metadata.resourceVersion` when the patch sets one, which then is an optimistic lock). The name
 * cannot change; uid and creationTimestamp are kept. Lost races without a pinned revision are retried.
 */
export async function patchResource(
  store: Datastore,
  name: string,
  mergePatch: unknown,
  options: SingleOptions,
): Promise<ResourceResult> {
  const pinned = metadataText(mergePatch, 'resourceVersion')
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(name)
    if (!current) return failure(name, ResourceError.notFound(name))
    if (pinned !== undefined && pinned !== current.metadata.resourceVersion) return failure(name, ResourceError.conflict(name))
    const patched = applyMergePatch(structuredClone(current), mergePatch)
    if (!isJsonObject(patched)) {
      return failure(name, new ResourceError('invalid', name, 'creating resource from patched data: the patched resource is not an object'))
    }
    const patchedName = (patched as {metadata?: {name?: unknown}}).metadata?.name
    if (patchedName !== name) {
      return failure(
        name,
        new ResourceError('invalid', name, `creating resource from patched data: metadata.name cannot be changed by a patch (from ${JSON.stringify(name)} to ${JSON.stringify(patchedName ?? null)})`),
      )
    }
    const {object, problems} = options.validate(patched)
    if (hasErrors(problems) || !object) {
      return failure(name, new ResourceError('invalid', name, `updating existing resource: ${errorText(problems) || 'the patched resource is not valid'}`), problems)
    }
    const next = objectForUpdate(object, current)
    if (sameContent(next, current)) return {name, action: 'unchanged', object: current}
    if (options.dryRun) return {name, action: 'patched', object: next}
    const [written] = await store.write([{op: 'update', object: next}])
    if (written.ok) return {name, action: 'patched', object: written.object}
    if (written.error.reason === 'conflict' && pinned === undefined && attempt < MAX_ATTEMPTS) continue
    return failure(name, written.error)
  }
}
