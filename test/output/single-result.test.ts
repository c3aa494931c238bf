import {describe, expect, it} from 'vitest'

import {ResourceError} from '../../src/datastore/datastore.js'
import type {DryRun, ResourceResult} from '../../src/lifecycle/resource-result.js'
import {renderSingleResult} from '../../src/output/single-result.js'
import type {Problem} from '../../src/problem/problem.js'

const label = (result: ResourceResult, dryRun?: DryRun) => renderSingleResult({name: 'label', kind: 'hep'}, result, dryRun)
const patch = (result: ResourceResult, dryRun?: DryRun) => renderSingleResult({name: 'patch'}, result, dryRun)
const badValue: Problem = {severity: 'error', code: 'invalid-label-value', message: 'label value "not valid!" is not valid', path: ['metadata', 'labels', 'tier']}
const otherProblem: Problem = {severity: 'error', code: 'invalid-label-key', message: 'another rule', path: []}

describe('label results', () => {
  it('says set, updated or removed from the key and its values, with the kind as typed', () => {
    expect(label({name: 'a', action: 'labeled', label: {key: 'k', to: 'v'}})).toEqual({stdout: 'Successfully set label k on hep a\n', stderr: ''})
    expect(label({name: 'a', action: 'unchanged', label: {key: 'k', from: 'v', to: 'v'}})).toEqual({stdout: 'Successfully updated label k on hep a\n', stderr: ''})
    expect(label({name: 'a', action: 'labeled', label: {key: 'k', from: 'v'}}, 'client')).toEqual({stdout: 'Successfully removed label k from hep a (dry run)\n', stderr: ''})
    expect(label({name: 'a', action: 'labeled', label: {key: 'k', to: 'v'}}, 'server')).toEqual({stdout: 'Successfully set label k on hep a (server dry run)\n', stderr: ''})
  })

  it('words each refusal and failure as calicoctl does, on stderr', () => {
    const refused = (reason: 'label-absent' | 'label-present') => label({name: 'a', action: 'failed', refusal: {reason}, label: {key: 'k'}}).stderr
    expect(refused('label-absent')).toBe('cannot remove label of hep a, key k does not exist')
    expect(refused('label-present')).toBe("failed to update label of hep a, key k is already present. please use '--overwrite' to set a new value")
    expect(label({name: 'a', action: 'failed', error: ResourceError.notFound('a')})).toEqual({stdout: '', stderr: 'hep a not found'})
    expect(label({name: 'a', action: 'failed', error: ResourceError.conflict('a'), label: {key: 'k'}}).stderr).toBe(
      'failed to update hep a, label not changed: update conflict: HostEndpoint(a)',
    )
  })

  it('adds the problems the sentence does not already state', () => {
    const result: ResourceResult = {name: 'a', action: 'failed', refusal: {reason: 'invalid'}, problems: [badValue], label: {key: 'tier', to: 'not valid!'}}
    expect(label(result).stderr).toBe('failed to update hep a, label not changed: label value "not valid!" is not valid')
    expect(patch({name: 'a', action: 'failed', refusal: {reason: 'invalid'}, problems: [badValue, {...otherProblem, severity: 'warning'}]}).stderr).toBe(
      'hit error: updating existing resource: label value "not valid!" is not valid\n  another rule [invalid-label-key]',
    )
  })
})

describe('patch results', () => {
  it("says calicoctl's one sentence whether or not anything changed", () => {
    expect(patch({name: 'a', action: 'patched'})).toEqual({stdout: "Successfully patched 1 'HostEndpoint' resource\n", stderr: ''})
    expect(patch({name: 'a', action: 'unchanged'}, 'client')).toEqual({stdout: "Successfully patched 1 'HostEndpoint' resource (dry run)\n", stderr: ''})
    expect(patch({name: 'a', action: 'patched'}, 'server')).toEqual({stdout: "Successfully patched 1 'HostEndpoint' resource (server dry run)\n", stderr: ''})
  })

  it('words each refusal, and a store error in its own words', () => {
    expect(patch({name: 'a', action: 'failed', refusal: {reason: 'not-an-object'}}).stderr).toBe(
      'hit error: creating resource from patched data: the patched resource is not an object',
    )
    expect(patch({name: 'a', action: 'failed', refusal: {reason: 'renamed', to: 'b'}}).stderr).toBe(
      'hit error: creating resource from patched data: metadata.name cannot be changed by a patch (from "a" to "b")',
    )
    expect(patch({name: 'a', action: 'failed', refusal: {reason: 'renamed', to: undefined}}).stderr).toMatch(/\(from "a" to null\)$/)
    expect(patch({name: 'a', action: 'failed', refusal: {reason: 'invalid'}}).stderr).toBe('hit error: updating existing resource: the patched resource is not valid')
    expect(patch({name: 'a', action: 'failed', error: ResourceError.notFound('a')}).stderr).toBe('hit error: resource does not exist: HostEndpoint(a) with error: <nil>')
  })
})
