import {buildModel, type WritePath} from '../../src/policy/model.js'
import {type Packet, trace, type TraceResult} from '../../src/policy/engine.js'
import type {PolicyResource} from '../../src/policy/types.js'

type Obj = Record<string, unknown>

export const hep = (name: string, spec: Obj, labels: Record<string, string> = {}): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name, labels}, spec: {node: 'n1', ...spec}}) as PolicyResource

export const gnp = (name: string, spec: Obj): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: {name}, spec}) as PolicyResource

export const sgnp = (name: string, spec: Obj): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'StagedGlobalNetworkPolicy', metadata: {name}, spec}) as PolicyResource

export const np = (name: string, namespace: string, spec: Obj): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: {name, namespace}, spec}) as PolicyResource

export const tier = (name: string, spec: Obj): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: {name}, spec}) as PolicyResource

export const profile = (name: string, spec: Obj): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: {name}, spec}) as PolicyResource

export const felix = (name: string, spec: Obj): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: {name}, spec}) as PolicyResource

export const netset = (name: string, nets: string[], labels: Record<string, string>): PolicyResource =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkSet', metadata: {name, labels}, spec: {nets}}) as PolicyResource

export const allowTcp = (port: number | string, extra: Obj = {}): Obj => ({action: 'Allow', protocol: 'TCP', destination: {ports: [port]}, ...extra})

/** The usual host: eth0 at 10.0.0.1, labelled role=web. */
export const ETH0 = hep('eth0-hep', {interfaceName: 'eth0', expectedIPs: ['10.0.0.1']}, {role: 'web'})

export function run(resources: PolicyResource[], packet: Partial<Packet>, writePath?: WritePath): TraceResult {
  const model = buildModel(resources, writePath ? {writePath} : {})
  return trace(model, {
    direction: 'ingress',
    protocol: 'TCP',
    src: '192.168.1.5',
    dst: '10.0.0.1',
    srcPort: 40000,
    dstPort: 8080,
    hep: 'eth0-hep',
    ...packet,
  } as Packet)
}
