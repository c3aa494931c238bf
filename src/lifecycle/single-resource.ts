import {type Datastore, ResourceError} from '../datastore/datastore.js'
import {type HostEndpoint, metadataText} from '../model/hostendpoint.js'
import {isJsonObject} from '../json/json-object.js'
import {setOwn} from '../json/own-property.js'
import {hasErrors} from '../problem/problem.js'
import {executeBulk, failedStep, type Step} from './bulk-execution.js'
import {applyJsonPatch, JsonPatchError, type JsonPatchOperation} from './json-patch.js'
import {applyMergePatch} from './merge-patch.js'
import {objectForUpdate, sameContent} from './metadata.js'
import type {BulkOptions, LabelEdit, Refusal, ResourceResult, ValidateResource} from './resource-result.js'

/**
 * label and patch of one stored resource (reference §4.4.6, §4.4.7), run on the bulk engine like every other
 * write: read, plan, one write at the revision that was read, and a lost race re-read and re-planned.
 * Results are data (the label's key and values, why a change was refused); src/output words them.
 */

export interface LabelChange {
  key: string
  value?: string
  remove?: boolean
  overwrite?: boolean
}

export interface SingleOptions extends Pick<BulkOptions, 'dryRun' | 'force' | 'onCalicoOwned'> {
  validate: ValidateResource
}

const refused = (name: string, refusal: Refusal, more: Partial<ResourceResult> = {}): Step => ({
  result: {name, action: 'failed', refusal, ...more},
})

/** Plans one resource's change; `retryable` says which lost races are re-planned on a fresh read. */
async function changeOne(
  store: Datastore,
  name: string,
  plan: (current: HostEndpoint) => Step,
  retryable: (error: ResourceError) => boolean,
  options: SingleOptions,
): Promise<ResourceResult> {
  const [result] = await executeBulk(
    store,
    {
      names: [name],
      needsState: true,
      plan(_index, state) {
        const current = state.get(name)
        return current ? plan(current) : failedStep(name, ResourceError.notFound(name))
      },
      retryable: (_index, error) => retryable(error),
    },
    {dryRun: options.dryRun, force: options.force, onCalicoOwned: options.onCalicoOwned},
  )
  return result
}

/** Set or remove one label. A lost race is retried: the change is re-applied to the fresh object. */
export async function labelResource(
  store: Datastore,
  name: string,
  change: LabelChange,
  options: SingleOptions,
): Promise<ResourceResult> {
  const {key} = change
  const plan = (current: HostEndpoint): Step => {
    const labels: Record<string, string> = {...current.metadata.labels}
    const has = Object.prototype.hasOwnProperty.call(labels, key)
    const label: LabelEdit = {key, ...(has ? {from: labels[key]} : {}), ...(change.remove ? {} : {to: change.value ?? ''})}
    if (change.remove) {
      if (!has) return refused(name, {reason: 'label-absent'}, {label})
      delete labels[key]
    } else {
      if (has && labels[key] !== label.to && !change.overwrite) return refused(name, {reason: 'label-present'}, {label})
      setOwn(labels, key, label.to)
    }
    const input: HostEndpoint = {...current, metadata: {...current.metadata, labels}}
    const {problems} = options.validate(input)
    if (hasErrors(problems)) return refused(name, {reason: 'invalid'}, {label, problems})
    const next = objectForUpdate(input, current)
    if (sameContent(next, current)) return {result: {name, action: 'unchanged', object: current, label}}
    return {op: {op: 'update', object: next}, action: 'labeled', detail: {label}}
  }
  return changeOne(store, name, plan, error => error.reason === 'conflict', options)
}

/**
 * A patch of the stored object, validated, then written at the stored revision (or at the revision the patch
 * pins, which then is an optimistic lock). `merge` (the default) is an RFC 7386 merge patch, the patch an object;
 * `json` is an RFC 6902 JSON Patch, the patch its operations (parseJsonPatch). The name cannot change; uid and
 * creationTimestamp are kept. Lost races without a pinned revision are retried: the patch is applied again to
 * the fresh object.
 */
export async function patchResource(
  store: Datastore,
  name: string,
  patch: unknown,
  options: SingleOptions & {type?: 'merge' | 'json'},
): Promise<ResourceResult> {
  const json = options.type === 'json'
  const operations = json ? (patch as readonly JsonPatchOperation[]) : []
  const pinned = json ? undefined : metadataText(patch, 'resourceVersion')
  const pinsRevision = json ? operations.some(writesRevision) : pinned !== undefined
  const plan = (current: HostEndpoint): Step => {
    if (pinned !== undefined && pinned !== current.metadata.resourceVersion) return failedStep(name, ResourceError.conflict(name))
    let patched: unknown
    if (json) {
      try {
        patched = applyJsonPatch(current, operations)
      } catch (error) {
        if (!(error instanceof JsonPatchError)) throw error
        return refused(name, {reason: 'json-patch', message: error.message})
      }
      const revision = metadataText(patched, 'resourceVersion')
      if (revision !== undefined && revision !== current.metadata.resourceVersion) return failedStep(name, ResourceError.conflict(name))
    } else {
      patched = applyMergePatch(structuredClone(current), patch)
    }
    if (!isJsonObject(patched)) return refused(name, {reason: 'not-an-object'})
    const patchedName = (patched as {metadata?: {name?: unknown}}).metadata?.name
    if (patchedName !== name) return refused(name, {reason: 'renamed', to: patchedName})
    const {object, problems} = options.validate(patched)
    if (hasErrors(problems) || !object) return refused(name, {reason: 'invalid'}, {problems})
    const next = objectForUpdate(object, current)
    if (sameContent(next, current)) return {result: {name, action: 'unchanged', object: current}}
    return {op: {op: 'update', object: next}, action: 'patched'}
  }
  return changeOne(store, name, plan, error => error.reason === 'conflict' && !pinsRevision, options)
}

/** Whether a JSON Patch operation can set metadata.resourceVersion (then the patch is an optimistic lock). */
function writesRevision(operation: JsonPatchOperation): boolean {
  if (operation.op === 'test' || operation.op === 'remove') return false
  return ['', '/metadata', '/metadata/resourceVersion'].includes(operation.path)
}
