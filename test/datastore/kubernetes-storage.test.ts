// Calico's KDD storage layout (reference §5.1): pure conversions, no server.
import {describe, expect, it} from 'vitest'

import {
  convertUid,
  encodeMetadataAnnotation,
  fromCalicoStorage,
  METADATA_ANNOTATION,
  toCalicoStorage,
  type StoredObject,
} from '../../src/datastore/kubernetes/calico-storage.js'
import type {HostEndpoint} from '../../src/model/hostendpoint.js'

const object: HostEndpoint = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'HostEndpoint',
  metadata: {
    name: 'web-1',
    uid: '01234567-89ab-4def-8123-456789abcdef',
    resourceVersion: '42',
    creationTimestamp: '2026-01-02T03:04:05Z',
    labels: {tier: 'web', 'projectcalico.org/created-by': 'me', 'x.operator.tigera.io/owner': 'op'},
    annotations: {note: 'n', 'projectcalico.org/extra': 'e'},
  },
  spec: {node: 'node1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], ports: [{name: 'http', protocol: 'TCP', port: 80}]},
}

describe('convertUid', () => {
  it('reverses the bits of each byte except bytes 6 and 8', () => {
    expect(convertUid('01234567-89ab-4def-8123-456789abcdef')).toBe('80c4a2e6-91d5-4df7-81c4-a2e691d5b3f7')
  })

  it('is its own inverse and keeps version and variant', () => {
    const uid = 'a7d7f3c1-6a3e-4b2a-9a51-0c1f2e3d4b5a'
    const converted = convertUid(uid)!
    expect(converted).not.toBe(uid)
    expect(converted.slice(14, 15)).toBe('4')
    expect(converted.slice(19, 20)).toBe('9')
    expect(convertUid(converted)).toBe(uid)
  })

  it('leaves absent and non-UUID values alone', () => {
    expect(convertUid(undefined)).toBeUndefined()
    expect(convertUid('')).toBeUndefined()
    expect(convertUid('not-a-uuid')).toBe('not-a-uuid')
  })
})

describe('toCalicoStorage (crd.projectcalico.org/v1)', () => {
  const stored = toCalicoStorage(object, 'crd.projectcalico.org/v1')

  it('sends the CRD group, the spec as it is, and only Calico-owned labels and annotations at the top', () => {
    expect(stored.apiVersion).toBe('crd.projectcalico.org/v1')
    expect(stored.kind).toBe('HostEndpoint')
    expect(stored.spec).toEqual(object.spec)
    expect(stored.metadata.name).toBe('web-1')
    expect(stored.metadata.resourceVersion).toBe('42')
    expect(stored.metadata.uid).toBe('80c4a2e6-91d5-4df7-81c4-a2e691d5b3f7')
    expect(stored.metadata.labels).toEqual({'projectcalico.org/created-by': 'me', 'x.operator.tigera.io/owner': 'op'})
    expect(Object.keys(stored.metadata.annotations!).sort()).toEqual(['projectcalico.org/extra', METADATA_ANNOTATION])
    expect(stored.metadata.creationTimestamp).toBeUndefined()
  })

  it('encodes the rest of the metadata in the annotation as Go does (sorted maps, no name/uid/resourceVersion)', () => {
    expect(stored.metadata.annotations![METADATA_ANNOTATION]).toBe(
      '{"creationTimestamp":"2026-01-02T03:04:05Z",' +
        '"labels":{"projectcalico.org/created-by":"me","tier":"web","x.operator.tigera.io/owner":"op"},' +
        '"annotations":{"note":"n","projectcalico.org/extra":"e"}}',
    )
  })

  it('writes a zero creation time as null, as Go does', () => {
    expect(encodeMetadataAnnotation({name: 'x'})).toBe('{"creationTimestamp":null}')
  })

  it('does not share structure with the input', () => {
    const copy = toCalicoStorage(object, 'crd.projectcalico.org/v1')
    ;(copy.spec!.expectedIPs as string[]).push('10.9.9.9')
    expect(object.spec.expectedIPs).toEqual(['10.0.0.1'])
  })
})

describe('fromCalicoStorage (crd.projectcalico.org/v1)', () => {
  it('round-trips: what is sent comes back as the v3 object, with the server uid converted', () => {
    const sent = toCalicoStorage(object, 'crd.projectcalico.org/v1')
    const back = fromCalicoStorage(sent, 'crd.projectcalico.org/v1')
    expect(back).toEqual(object)
  })

  it('reads an object Calico wrote: annotation parsed and removed, its values win, CR fields for name/RV/uid', () => {
    const cr: StoredObject = {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'HostEndpoint',
      metadata: {
        name: 'h',
        uid: '80c4a2e6-91d5-4df7-81c4-a2e691d5b3f7',
        resourceVersion: '7',
        creationTimestamp: '2026-05-05T05:05:05Z',
        generation: 1,
        labels: {'projectcalico.org/created-by': 'calico-kube-controllers', 'projectcalico.org/x': 'top'},
        annotations: {
          [METADATA_ANNOTATION]: '{"creationTimestamp":"2026-01-01T00:00:00Z","labels":{"projectcalico.org/x":"saved","env":"prod"}}',
          'projectcalico.org/top': 'a',
        },
      },
      spec: {node: 'n', interfaceName: '*'},
    }
    const v3 = fromCalicoStorage(cr, 'crd.projectcalico.org/v1')
    expect(v3).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'HostEndpoint',
      metadata: {
        name: 'h',
        uid: '01234567-89ab-4def-8123-456789abcdef',
        resourceVersion: '7',
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: {'projectcalico.org/created-by': 'calico-kube-controllers', 'projectcalico.org/x': 'saved', env: 'prod'},
        annotations: {'projectcalico.org/top': 'a'},
      },
      spec: {node: 'n', interfaceName: '*'},
    })
  })

  it('falls back to the CR creation time when the annotation has none, and hides server metadata', () => {
    const v3 = fromCalicoStorage(
      {metadata: {name: 'plain', resourceVersion: '3', creationTimestamp: '2026-02-02T02:02:02Z', generation: 1, managedFields: []}, spec: {node: 'n'}},
      'crd.projectcalico.org/v1',
    )
    expect(v3.metadata).toEqual({name: 'plain', resourceVersion: '3', creationTimestamp: '2026-02-02T02:02:02Z'})
  })

  it('refuses an annotation that is not JSON, naming the object', () => {
    expect(() =>
      fromCalicoStorage({metadata: {name: 'bad', annotations: {[METADATA_ANNOTATION]: '{oops'}}}, 'crd.projectcalico.org/v1'),
    ).toThrow(/HostEndpoint\(bad\).*not valid JSON/)
  })
})

describe('projectcalico.org/v3 storage', () => {
  it('stores the object as it is and reads it back with the server metadata', () => {
    const sent = toCalicoStorage(object, 'projectcalico.org/v3')
    expect(sent.apiVersion).toBe('projectcalico.org/v3')
    expect(sent.metadata.labels).toEqual(object.metadata.labels)
    expect(sent.metadata.uid).toBe(object.metadata.uid)
    expect(sent.metadata.annotations?.[METADATA_ANNOTATION]).toBeUndefined()
    const back = fromCalicoStorage({...sent, metadata: {...sent.metadata, generation: 1}}, 'projectcalico.org/v3')
    expect(back.metadata.generation).toBe(1)
    expect(back.spec).toEqual(object.spec)
  })
})
