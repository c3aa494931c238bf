/**
 * What label and patch print: calicoctl's sentence, on stdout when the change worked, on stderr (with the
 * validation problems the sentence does not already state) when it did not.
 */
import type {DryRun, ResourceResult} from '../lifecycle/resource-result.js'
import type {Problem} from '../problem/problem.js'
import {formatPath} from '../problem/path-text.js'
import {dryRunSuffix, type RenderedOutput} from './write-results.js'

/** The errors among the problems, as one clause. */
function errorText(problems: readonly Problem[] = []): string {
  return problems
    .filter(p => p.severity === 'error')
    .map(p => p.message)
    .join('; ')
}

/** calicoctl's sentence for a label result; `kind` is the resource type as the user typed it. */
export function labelMessage(result: ResourceResult, kind: string): string {
  const {name} = result
  const key = result.label?.key ?? ''
  if (result.action !== 'failed') {
    if (result.label?.to === undefined) return `Successfully removed label ${key} from ${kind} ${name}`
    return result.label.from === undefined ? `Successfully set label ${key} on ${kind} ${name}` : `Successfully updated label ${key} on ${kind} ${name}`
  }
  switch (result.refusal?.reason) {
    case 'label-absent':
      return `cannot remove label of ${kind} ${name}, key ${key} does not exist`
    case 'label-present':
      return `failed to update label of ${kind} ${name}, key ${key} is already present. please use '--overwrite' to set a new value`
    case 'invalid':
      return `failed to update ${kind} ${name}, label not changed: ${errorText(result.problems)}`
  }
  if (result.error?.reason === 'not-found') return `${kind} ${name} not found`
  return `failed to update ${kind} ${name}, label not changed: ${result.error?.message ?? 'failed'}`
}

/** Why a patch failed, as calicoctl words it. */
export function patchFailure(result: ResourceResult): string {
  const refusal = result.refusal
  switch (refusal?.reason) {
    case 'not-an-object':
      return 'creating resource from patched data: the patched resource is not an object'
    case 'renamed':
      return `creating resource from patched data: metadata.name cannot be changed by a patch (from ${JSON.stringify(result.name)} to ${JSON.stringify(refusal.to ?? null)})`
    case 'json-patch':
      return `performing json patch: ${refusal.message}`
    case 'invalid':
      return `updating existing resource: ${errorText(result.problems) || 'the patched resource is not valid'}`
  }
  return result.error?.message ?? 'failed'
}

/** Everything label or patch prints about its result, split by stream. */
export function renderSingleResult(
  verb: {name: 'label'; kind: string} | {name: 'patch'},
  result: ResourceResult,
  dryRun: DryRun | undefined,
): RenderedOutput {
  if (result.action === 'failed') {
    const message = verb.name === 'patch' ? patchFailure(result) : labelMessage(result, verb.kind)
    const details = (result.problems ?? [])
      .filter(p => !message.includes(p.message))
      .map(p => `  ${p.path.length > 0 ? `${formatPath(p.path)}: ` : ''}${p.message} [${p.code}]`)
    return {stdout: '', stderr: [verb.name === 'patch' ? `hit error: ${message}` : message, ...details].join('\n')}
  }
  const sentence = verb.name === 'patch' ? "Successfully patched 1 'HostEndpoint' resource" : labelMessage(result, verb.kind)
  return {stdout: `${sentence}${dryRunSuffix(dryRun)}\n`, stderr: ''}
}
