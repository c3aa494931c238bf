/**
 * Whether one rule of a policy or profile matches a packet (reference §2.3 and §4). Rule selectors see host
 * endpoints only through their expectedIPs, and global network sets through their nets; named ports resolve
 * through endpoints' spec.ports crossed with their expectedIPs.
 */
import {type Address, inAnyNet} from './net.js'
import {type EndpointInfo, NAMESPACE_LABEL, type PolicyModel, selectorTree} from './model.js'
import {compileTree, type LabelMap, type Matcher, prefixTree, type SelectorNode} from './selector/index.js'
import type {EntityRule, ICMPFields, Rule} from './types.js'

const PROTOCOL_NUMBERS: Record<string, number> = {TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136}

/** A protocol name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite, any case) or number as a number; NaN when unknown. */
export function protocolNumber(p: string | number | undefined): number {
  if (typeof p === 'number') return p
  if (p === undefined) return NaN
  if (/^\d+$/.test(p)) return Number(p)
  const key = Object.keys(PROTOCOL_NUMBERS).find((k) => k.toLowerCase() === p.toLowerCase())
  return key ? PROTOCOL_NUMBERS[key] : NaN
}

export function protocolName(n: number): string {
  return Object.keys(PROTOCOL_NUMBERS).find((k) => PROTOCOL_NUMBERS[k] === n) ?? String(n)
}

const hasPorts = (proto: number) => proto === 6 || proto === 17 || proto === 132

export interface PacketView {
  protocol: number
  src: Address
  dst: Address
  srcPort?: number
  dstPort?: number
  icmpType?: number
  icmpCode?: number
}

export interface RuleMatch {
  matched: boolean
  /** Why it did not match (the first criterion that failed), or what made it match. */
  reason: string
  /** Facts the outcome rests on that the reference marks as inference. */
  inference?: string
}

/**
 * Who owns an address, as rule selectors see it: the host endpoints (on any node) that list it in expectedIPs,
 * and the global network sets whose nets hold it. Indexed once, so that a rule selector is evaluated only
 * against the owners of the packet's address, never against every endpoint.
 */
export class SelectorMembers {
  private readonly byAddress = new Map<string, EndpointInfo[]>()
  private readonly setCache = new Map<string, LabelMap[]>()
  constructor(private readonly model: PolicyModel) {
    for (const e of model.endpoints) {
      for (const ip of e.expectedIPs) {
        const k = `${ip.family}:${ip.value}`
        const list = this.byAddress.get(k)
        if (list) list.push(e)
        else this.byAddress.set(k, [e])
      }
    }
  }

  /** Host endpoints whose expectedIPs include the address. */
  endpointsAt(addr: Address): readonly EndpointInfo[] {
    return this.byAddress.get(`${addr.family}:${addr.value}`) ?? []
  }

  /** Labels of the global network sets whose nets hold the address. */
  networkSetsAt(addr: Address): readonly LabelMap[] {
    const k = `${addr.family}:${addr.value}`
    let l = this.setCache.get(k)
    if (!l) {
      l = this.model.networkSets.filter((s) => inAnyNet(addr, s.nets)).map((s) => s.labels)
      this.setCache.set(k, l)
    }
    return l
  }

  /** True when the address belongs to an endpoint or network set the selector selects. */
  contains(matcher: Matcher, addr: Address): boolean {
    for (const e of this.endpointsAt(addr)) if (matcher(e.labels)) return true
    for (const l of this.networkSetsAt(addr)) if (matcher(l)) return true
    return false
  }
}

interface SideSelectors {
  /** The positive side condition (selector, with namespaceSelector folded in); undefined = any address. */
  positive?: {key: string; matcher: Matcher}
  negative?: {key: string; matcher: Matcher}
  problem?: string
}

const sideCache = new WeakMap<EntityRule, SideSelectors>()

/** The side's selectors, parsed and compiled once per rule object. */
function sideSelectors(side: EntityRule): SideSelectors {
  let s = sideCache.get(side)
  if (!s) sideCache.set(side, (s = compileSide(side)))
  return s
}

function compileSide(side: EntityRule): SideSelectors {
  const parts: SelectorNode[] = []
  const keys: string[] = []
  const out: SideSelectors = {}
  if (side.selector !== undefined && side.selector.trim() !== '') {
    const s = selectorTree(side.selector)
    if (s.problem) return {problem: `selector: ${s.problem}`}
    parts.push(s.tree!)
    keys.push(`sel:${side.selector}`)
  }
  if (side.namespaceSelector !== undefined && side.namespaceSelector.trim() !== '') {
    const s = selectorTree(side.namespaceSelector)
    if (s.problem) return {problem: `namespaceSelector: ${s.problem}`}
    const tree = s.tree!
    if (tree.type === 'global') parts.push({type: 'not', operand: {type: 'has', label: NAMESPACE_LABEL}})
    else parts.push(prefixTree(tree, 'pcns.', NAMESPACE_LABEL))
    keys.push(`ns:${side.namespaceSelector}`)
  }
  if (parts.length > 0) {
    out.positive = {key: keys.join('|'), matcher: compileTree(parts.length === 1 ? parts[0] : {type: 'and', operands: parts})}
  }
  if (side.notSelector !== undefined && side.notSelector.trim() !== '') {
    const s = selectorTree(side.notSelector)
    if (s.problem) return {problem: `notSelector: ${s.problem}`}
    out.negative = {key: `not:${side.notSelector}`, matcher: compileTree(s.tree!)}
  }
  return out
}

const RANGE = /^(\d+):(\d+)$/

interface PortSpec {
  numeric: [number, number][]
  named: string[]
}

function splitPorts(ports: readonly (number | string)[]): PortSpec {
  const numeric: [number, number][] = []
  const named: string[] = []
  for (const p of ports) {
    if (typeof p === 'number') numeric.push([p, p])
    else if (/^\d+$/.test(p)) numeric.push([Number(p), Number(p)])
    else {
      const m = RANGE.exec(p)
      if (m) numeric.push([Number(m[1]), Number(m[2])])
      else named.push(p)
    }
  }
  return {numeric, named}
}

const inRanges = (port: number, ranges: [number, number][]) => ranges.some(([a, b]) => port >= a && port <= b)

/** True when (addr, protocol, port) is a member of the named-port set built from `endpoints` (reference §4.2). */
function namedPortMember(
  endpoints: readonly EndpointInfo[],
  names: readonly string[],
  ruleProtocol: number | undefined,
  packet: {protocol: number; port: number},
): boolean {
  for (const e of endpoints) {
    for (const p of e.ports) {
      if (!names.includes(p.name)) continue
      const proto = protocolNumber(p.protocol)
      if (ruleProtocol !== undefined ? proto !== ruleProtocol : !hasPorts(proto)) continue
      if (proto === packet.protocol && p.port === packet.port) return true
    }
  }
  return false
}

function matchSide(
  which: 'source' | 'destination',
  side: EntityRule | undefined,
  ruleProtocol: number | undefined,
  pkt: PacketView,
  members: SelectorMembers,
): RuleMatch {
  if (!side) return {matched: true, reason: ''}
  const addr = which === 'source' ? pkt.src : pkt.dst
  const port = which === 'source' ? pkt.srcPort : pkt.dstPort
  if (side.nets && side.nets.length > 0 && !inAnyNet(addr, side.nets)) {
    return {matched: false, reason: `${which} address is not in ${which}.nets`}
  }
  if (side.notNets && side.notNets.length > 0 && inAnyNet(addr, side.notNets)) {
    return {matched: false, reason: `${which} address is in ${which}.notNets`}
  }
  if (side.serviceAccounts && (side.serviceAccounts.names?.length || side.serviceAccounts.selector !== undefined)) {
    return {matched: false, reason: `${which}.serviceAccounts matches only workload endpoints, never a host endpoint (no workloads are modelled)`}
  }
  if (side.services) {
    return {matched: false, reason: `${which}.services matches Kubernetes Service endpoints, which are not modelled`}
  }
  const sel = sideSelectors(side)
  if (sel.problem) return {matched: false, reason: `${which}.${sel.problem}`}
  let inference: string | undefined
  if (sel.negative) {
    if (members.contains(sel.negative.matcher, addr)) return {matched: false, reason: `${which} address belongs to an endpoint or network set selected by ${which}.notSelector`}
    inference = `${which}.notSelector matches every address outside its selected set, outside addresses included (an empty set matches everything: inference from the iptables match semantics)`
  }
  const selectorOk = (): boolean => !sel.positive || members.contains(sel.positive.matcher, addr)
  // Named-port members: the endpoints at this address that the side's positive selector selects (all when none).
  const positiveEndpoints = () => members.endpointsAt(addr).filter((e) => !sel.positive || sel.positive.matcher(e.labels))
  if (side.ports && side.ports.length > 0) {
    if (port === undefined || !hasPorts(pkt.protocol)) return {matched: false, reason: `${which}.ports needs a TCP, UDP or SCTP packet with a port`}
    const spec = splitPorts(side.ports)
    const numericHit = spec.numeric.length > 0 && inRanges(port, spec.numeric) && selectorOk()
    const namedHit =
      !numericHit && spec.named.length > 0 && namedPortMember(positiveEndpoints(), spec.named, ruleProtocol, {protocol: pkt.protocol, port})
    if (!numericHit && !namedHit) {
      if (spec.named.length > 0) {
        return {
          matched: false,
          reason: `${which} port ${port} is not in ${which}.ports, and no endpoint's expectedIPs and spec.ports give the named port(s) ${spec.named.join(', ')} at this address`,
        }
      }
      if (!inRanges(port, spec.numeric)) return {matched: false, reason: `${which} port ${port} is not in ${which}.ports`}
      return selectorFail(which, sel)
    }
  } else if (!selectorOk()) {
    return selectorFail(which, sel)
  }
  if (side.notPorts && side.notPorts.length > 0 && port !== undefined) {
    const spec = splitPorts(side.notPorts)
    if (inRanges(port, spec.numeric)) return {matched: false, reason: `${which} port ${port} is in ${which}.notPorts`}
    if (spec.named.length > 0 && namedPortMember(positiveEndpoints(), spec.named, ruleProtocol, {protocol: pkt.protocol, port})) {
      return {matched: false, reason: `${which} port ${port} is a named port listed in ${which}.notPorts`}
    }
  }
  return {matched: true, reason: '', inference}
}

function selectorFail(which: string, sel: SideSelectors): RuleMatch {
  return {
    matched: false,
    reason: `${which} address is not an expectedIP of a host endpoint, nor in a network set, selected by ${which}.selector${
      sel.positive?.key.includes('ns:') ? '/namespaceSelector' : ''
    } (rule selectors see host endpoints only through expectedIPs)`,
  }
}

function icmpMatches(f: ICMPFields, pkt: PacketView): boolean {
  if (f.type !== undefined && pkt.icmpType !== f.type) return false
  if (f.code !== undefined && pkt.icmpCode !== f.code) return false
  return true
}

/** Matches one rule against the packet. */
export function matchRule(rule: Rule, pkt: PacketView, members: SelectorMembers): RuleMatch {
  const ruleProto = rule.protocol === undefined ? undefined : protocolNumber(rule.protocol)
  if (ruleProto !== undefined && ruleProto !== pkt.protocol) return {matched: false, reason: `protocol is ${protocolName(pkt.protocol)}, the rule wants ${rule.protocol}`}
  if (rule.notProtocol !== undefined && protocolNumber(rule.notProtocol) === pkt.protocol) return {matched: false, reason: `protocol ${protocolName(pkt.protocol)} is the rule's notProtocol`}
  if (rule.ipVersion !== undefined && rule.ipVersion !== pkt.src.family) return {matched: false, reason: `the packet is IPv${pkt.src.family}, the rule wants IPv${rule.ipVersion}`}
  if (rule.icmp && !icmpMatches(rule.icmp, pkt)) return {matched: false, reason: 'ICMP type/code differ from the rule\'s icmp'}
  if (rule.notICMP && (rule.notICMP.type !== undefined || rule.notICMP.code !== undefined) && icmpMatches(rule.notICMP, pkt)) {
    return {matched: false, reason: 'ICMP type/code match the rule\'s notICMP'}
  }
  const src = matchSide('source', rule.source, ruleProto, pkt, members)
  if (!src.matched) return src
  const dst = matchSide('destination', rule.destination, ruleProto, pkt, members)
  if (!dst.matched) return dst
  const notes = [src.inference, dst.inference]
  if (rule.http !== undefined) notes.push('the rule\'s http match is ignored by the iptables dataplane, so it matches as if http were absent (inference)')
  const inference = notes.filter(Boolean).join('; ') || undefined
  return {matched: true, reason: 'all of the rule\'s criteria match', ...(inference ? {inference} : {})}
}
