/** Shared by the reliability workers and tests (no vitest import: workers run under plain node + tsx). */
import type {HostEndpoint} from '../../src/model/hostendpoint.js'

export function hostEndpoint(name: string, labels: Record<string, string>, node = 'node1'): HostEndpoint {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: {name, labels},
    spec: {node, interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow']},
  }
}

export const bulkName = (i: number): string => `bulk-${String(i).padStart(5, '0')}`
