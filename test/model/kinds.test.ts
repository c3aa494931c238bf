import {existsSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {findKind, findListKind, HOST_ENDPOINT, KINDS, kindNamed} from '../../src/model/kinds.js'
import {KIND_CHECKS} from '../../src/validation/kind-checks.js'

describe('the kind registry', () => {
  it('finds a kind by apiVersion and kind, and by its list kind', () => {
    expect(findKind('projectcalico.org/v3', 'HostEndpoint')).toBe(HOST_ENDPOINT)
    expect(findKind('projectcalico.org/v1', 'HostEndpoint')).toBeUndefined()
    expect(findKind('projectcalico.org/v3', 'HostEndpointList')).toBeUndefined()
    expect(findKind('projectcalico.org/v3', 'hostendpoint')).toBeUndefined()
    expect(findListKind('HostEndpointList')).toBe(HOST_ENDPOINT)
    expect(findListKind('HostEndpoint')).toBeUndefined()
    expect(kindNamed('HostEndpoint')).toBe(HOST_ENDPOINT)
    expect(kindNamed('toString')).toBeUndefined()
  })

  it('names, for every kind, a schema file that holds its definition, and its checks', () => {
    for (const kind of KINDS) {
      const file = new URL(`../../schemas/${kind.schema.file}`, import.meta.url)
      expect(existsSync(file), kind.schema.file).toBe(true)
      const schema = JSON.parse(readFileSync(file, 'utf8')) as {definitions: Record<string, {properties?: {kind?: {const?: string}}}>}
      expect(schema.definitions[kind.schema.definition]?.properties?.kind?.const, kind.kind).toBe(kind.kind)
      expect(Object.keys(KIND_CHECKS)).toContain(kind.kind)
    }
    expect(Object.keys(KIND_CHECKS)).toEqual(KINDS.map(k => k.kind))
  })
})
