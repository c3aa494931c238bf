import {describe, expect, it} from 'vitest'

import {mergeContext} from '../../src/lifecycle/read-context.js'
import type {PolicyResource} from '../../src/policy/types.js'

const r = (kind: string, name: string, tag: string, namespace?: string) =>
  ({apiVersion: 'projectcalico.org/v3', kind, metadata: {name, ...(namespace ? {namespace} : {})}, spec: {tag}}) as unknown as PolicyResource
const tags = (list: PolicyResource[]) => list.map(x => `${x.kind}/${x.metadata.namespace ?? ''}/${x.metadata.name}=${(x.spec as {tag: string}).tag}`)

describe('mergeContext: the input laid over the stored context', () => {
  it('replaces a stored object of the same kind and name in place, keeps the rest, appends new ones', () => {
    const stored = [r('Tier', 'platform', 'stored'), r('GlobalNetworkPolicy', 'a', 'stored'), r('GlobalNetworkPolicy', 'b', 'stored')]
    const input = [r('GlobalNetworkPolicy', 'new', 'input'), r('GlobalNetworkPolicy', 'a', 'input')]
    expect(tags(mergeContext(input, stored))).toEqual([
      'Tier//platform=stored', 'GlobalNetworkPolicy//a=input', 'GlobalNetworkPolicy//b=stored', 'GlobalNetworkPolicy//new=input',
    ])
  })

  it('matches on kind: a GlobalNetworkPolicy does not replace a staged one of the same name', () => {
    const merged = mergeContext([r('GlobalNetworkPolicy', 'x', 'input')], [r('StagedGlobalNetworkPolicy', 'x', 'stored')])
    expect(tags(merged)).toEqual(['StagedGlobalNetworkPolicy//x=stored', 'GlobalNetworkPolicy//x=input'])
  })

  it('matches a NetworkPolicy on its namespace, default when the manifest leaves it out', () => {
    const stored = [r('NetworkPolicy', 'p', 'stored', 'default'), r('NetworkPolicy', 'p', 'stored', 'prod')]
    expect(tags(mergeContext([r('NetworkPolicy', 'p', 'input')], stored))).toEqual(['NetworkPolicy//p=input', 'NetworkPolicy/prod/p=stored'])
  })

  it('the last of two input objects with one identity wins, and nothing is duplicated', () => {
    const merged = mergeContext([r('Tier', 't', 'first'), r('Tier', 't', 'second')], [r('Tier', 't', 'stored')])
    expect(tags(merged)).toEqual(['Tier//t=second'])
  })
})
