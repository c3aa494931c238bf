/**
 * Failsafe ports in force on a node (reference §2.8): Felix's defaults unless a FelixConfiguration sets the list;
 * a list replaces the defaults, [] disables them; `node.<name>` overrides `default`, per field.
 */
import {type Address, cidrContains, parseCidr} from './net.js'
import type {PolicyModel} from './model.js'
import type {FieldPath, ProtoPort, ResourceRef} from './types.js'

export interface FailsafeEntry {
  protocol: 'tcp' | 'udp'
  port: number
  net?: string
}

export interface FailsafeList {
  entries: FailsafeEntry[]
  /** Where the list comes from: Felix's built-in defaults, or the FelixConfiguration field that set it. */
  source: {kind: 'default'} | {kind: 'resource'; resource: ResourceRef; path: FieldPath}
  /** Set when the configured list is one Felix refuses (it then keeps its defaults). */
  refused?: string
}

export interface Failsafes {
  inbound: FailsafeList
  outbound: FailsafeList
}

const tcp = (port: number): FailsafeEntry => ({protocol: 'tcp', port})
const udp = (port: number): FailsafeEntry => ({protocol: 'udp', port})

export const DEFAULT_INBOUND: readonly FailsafeEntry[] = [tcp(22), udp(68), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667)]
export const DEFAULT_OUTBOUND: readonly FailsafeEntry[] = [udp(53), udp(67), tcp(179), tcp(2379), tcp(2380), tcp(5473), tcp(6443), tcp(6666), tcp(6667)]

type Field = 'failsafeInboundHostPorts' | 'failsafeOutboundHostPorts'

function listFor(model: PolicyModel, node: string, field: Field, defaults: readonly FailsafeEntry[]): FailsafeList {
  for (const name of [`node.${node}`, 'default']) {
    const fc = model.felixConfigurations.get(name)
    const value = fc?.spec?.[field]
    if (value === undefined || value === null) continue
    const resource: ResourceRef = {kind: 'FelixConfiguration', name}
    const path: FieldPath = ['spec', field]
    const bad = (value as ProtoPort[]).find((e) => !/^(tcp|udp)$/i.test(String(e.protocol)))
    if (bad) {
      return {
        entries: [...defaults],
        source: {kind: 'default'},
        refused: `${name} sets ${field} with protocol ${JSON.stringify(bad.protocol)}; Felix's parser accepts only tcp and udp, refuses the value and keeps its defaults (and retries start-up until it is fixed)`,
      }
    }
    return {
      entries: (value as ProtoPort[]).map((e) => ({
        protocol: String(e.protocol).toLowerCase() as 'tcp' | 'udp',
        port: e.port,
        ...(e.net ? {net: e.net} : {}),
      })),
      source: {kind: 'resource', resource, path},
    }
  }
  return {entries: [...defaults], source: {kind: 'default'}}
}

export function failsafesFor(model: PolicyModel, node: string): Failsafes {
  return {
    inbound: listFor(model, node, 'failsafeInboundHostPorts', DEFAULT_INBOUND),
    outbound: listFor(model, node, 'failsafeOutboundHostPorts', DEFAULT_OUTBOUND),
  }
}

/** Felix's text of an entry: proto:port or proto:net:port (IPv6 nets in brackets). */
export function failsafeText(e: FailsafeEntry): string {
  if (!e.net) return `${e.protocol}:${e.port}`
  return `${e.protocol}:${e.net.includes(':') ? `[${e.net}]` : e.net}:${e.port}`
}

/** The first entry the packet matches: protocol, port, and (if the entry has a net) `peer` inside it. */
export function matchFailsafe(
  list: readonly FailsafeEntry[],
  protocol: number,
  port: number | undefined,
  peer: Address | undefined,
): FailsafeEntry | undefined {
  if (port === undefined) return undefined
  const proto = protocol === 6 ? 'tcp' : protocol === 17 ? 'udp' : undefined
  if (!proto) return undefined
  return list.find((e) => {
    if (e.protocol !== proto || e.port !== port) return false
    if (!e.net) return true
    const c = parseCidr(e.net)
    return !!c && !!peer && cidrContains(c, peer)
  })
}
