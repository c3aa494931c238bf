import type {HostEndpoint, HostEndpointList} from '../../src/model/hostendpoint.js'

/** calicoctl's rev1 example object (reference §4.4.5). */
export function endpoint1(): HostEndpoint {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: {name: 'endpoint1', labels: {type: 'database'}},
    spec: {node: 'host1', interfaceName: 'eth0', profiles: ['prof1', 'prof2']},
  }
}

export function stored(name: string, extra: Partial<HostEndpoint['spec']> = {}): HostEndpoint {
  return {
    // Deliberately not in struct order, to prove printers reorder.
    spec: {ports: [{port: 443, name: 'https', protocol: 'TCP'}], node: `node-${name}`, interfaceName: 'eth0', expectedIPs: ['10.0.0.1', 'fd00::1'], ...extra},
    metadata: {
      labels: {'example.com/tier': 'web', env: 'prod'},
      creationTimestamp: '2024-05-01T12:00:00Z',
      resourceVersion: '17',
      uid: '6f1c9a52-2b7e-4c1b-9a34-0d6f1e8b7c21',
      name,
    },
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
  } as HostEndpoint
}

export function list(items: HostEndpoint[], resourceVersion = '42'): HostEndpointList {
  return {apiVersion: 'projectcalico.org/v3', kind: 'HostEndpointList', metadata: {resourceVersion}, items}
}
