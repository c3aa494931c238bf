/**
 * Calico's rules that JSON Schema cannot state, or cannot state well (reference §2): for the metadata of every
 * kind (names, labels, annotations, timestamps), and for a HostEndpoint's spec (node, interface, addresses,
 * profiles and ports). Each rule has a stable code and a
 * message that states the rule and the offending value. Works on the normalized object and checks types
 * itself, so it never throws on bad input (the schema check reports wrong types).
 */
import type {PathSegment, ProblemCode} from '../problem/problem.js'
import type {Finding} from './finding.js'
import {parseGoIP} from './ip-address.js'
import {
  DNS1123_RULE, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX, byteLength, isLabelValue, isPortName, isQualifiedName, labelValueReasons,
  portNameReasons, qualifiedNameReasons,
} from '../model/kubernetes-names.js'
import {formatPath} from '../problem/path-text.js'
import {isJsonObject} from '../json/json-object.js'
import type {KindInfo} from '../model/kinds.js'

const INTERFACE_NAME = /^[a-zA-Z0-9_.-]{1,15}$/
/** Go's time.RFC3339 as metav1.Time reads it. */
const RFC3339 = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/
const ANNOTATIONS_MAX_BYTES = 256 * 1024
const PORT_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP'])
const PORT_PROTOCOL_NUMBERS = new Set([6, 17, 132])
/** Valid Calico protocols that have no ports. */
const PORTLESS_PROTOCOLS = new Set(['ICMP', 'ICMPv6', 'UDPLite'])
const PROTOCOL_RULE = 'a port needs TCP, UDP or SCTP (case-sensitive), or the number 6, 17 or 132'

type Obj = Record<string, unknown>

function quote(v: string): string {
  return JSON.stringify(v.length > 80 ? v.slice(0, 80) + '…' : v)
}

class RuleRun {
  constructor(readonly findings: Finding[]) {}

  error(code: ProblemCode, path: PathSegment[], message: string, target: 'key' | 'value' = 'value'): void {
    this.findings.push({severity: 'error', code, message, path, target})
  }

  metadata(meta: Obj, kind: KindInfo): void {
    const name = meta.name
    if (typeof name === 'string') this.name(name)
    if (!kind.namespaced && typeof meta.namespace === 'string' && meta.namespace !== '') {
      this.error('namespace-not-allowed', ['metadata', 'namespace'],
        `metadata.namespace must not be set: ${kind.kind} is cluster-scoped (found ${quote(meta.namespace)})`)
    }
    if (isJsonObject(meta.labels)) this.labels(meta.labels)
    if (isJsonObject(meta.annotations)) this.annotations(meta.annotations)
    if (meta.creationTimestamp !== undefined) this.timestamp(meta.creationTimestamp, ['metadata', 'creationTimestamp'])
    if (meta.deletionTimestamp !== undefined) this.timestamp(meta.deletionTimestamp, ['metadata', 'deletionTimestamp'])
    if (Array.isArray(meta.managedFields)) {
      meta.managedFields.forEach((entry: unknown, i) => {
        if (isJsonObject(entry) && entry.time !== undefined) this.timestamp(entry.time, ['metadata', 'managedFields', i, 'time'])
      })
    }
  }

  timestamp(value: unknown, path: PathSegment[]): void {
    if (typeof value === 'string' && !RFC3339.test(value)) {
      this.error('invalid-timestamp', path, `${formatPath(path)} ${quote(value)} is not an RFC 3339 time such as 2006-01-02T15:04:05Z`)
    }
  }

  name(name: string): void {
    const path = ['metadata', 'name']
    if (name === '') {
      this.error('invalid-name', path, `metadata.name must not be empty; it must be ${DNS1123_RULE}`)
      return
    }
    if (!DNS1123_SUBDOMAIN.test(name)) this.error('invalid-name', path, `metadata.name ${quote(name)} is not valid: it must be ${DNS1123_RULE}`)
    // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the name could be too long.
    if (name.length > DNS1123_SUBDOMAIN_MAX / 3) {
      const bytes = byteLength(name)
      if (bytes > DNS1123_SUBDOMAIN_MAX) {
        this.error('name-too-long', path, `metadata.name is too long by ${bytes - DNS1123_SUBDOMAIN_MAX} bytes: it has ${bytes}, at most ${DNS1123_SUBDOMAIN_MAX} are allowed`)
      }
    }
  }

  labels(labels: Obj): void {
    for (const key of Object.keys(labels)) {
      if (!isQualifiedName(key)) {
        this.error('invalid-label-key', ['metadata', 'labels', key],
          `label key ${quote(key)} is not valid: ${qualifiedNameReasons(key).join('; ')}`, 'key')
      }
      const value = labels[key]
      if (typeof value === 'string' && !isLabelValue(value)) {
        this.error('invalid-label-value', ['metadata', 'labels', key],
          `label value ${quote(value)} of ${quote(key)} is not valid: ${labelValueReasons(value).join('; ')}`)
      }
    }
  }

  annotations(annotations: Obj): void {
    let chars = 0
    for (const key of Object.keys(annotations)) {
      const lower = key.toLowerCase()
      if (!isQualifiedName(lower)) {
        this.error('invalid-annotation-key', ['metadata', 'annotations', key],
          `annotation key ${quote(key)} is not valid (upper case is allowed): ${qualifiedNameReasons(lower).join('; ')}`, 'key')
      }
      const value = annotations[key]
      chars += key.length + (typeof value === 'string' ? value.length : 0)
    }
    // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes only when the total could be too large.
    if (chars * 3 <= ANNOTATIONS_MAX_BYTES) return
    let bytes = 0
    for (const key of Object.keys(annotations)) {
      const value = annotations[key]
      bytes += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0)
    }
    if (bytes > ANNOTATIONS_MAX_BYTES) {
      this.error('annotations-too-large', ['metadata', 'annotations'],
        `metadata.annotations are too large by ${bytes - ANNOTATIONS_MAX_BYTES} bytes: keys and values total ${bytes} bytes, at most ${ANNOTATIONS_MAX_BYTES} (256 KiB) are allowed`)
    }
  }

  spec(spec: Obj): void {
    const node = spec.node
    if (node === undefined || node === '') {
      this.error('missing-node', ['spec', 'node'], 'spec.node is required: the name of the Calico node (host) this endpoint belongs to')
    } else if (typeof node === 'string') {
      if (!DNS1123_SUBDOMAIN.test(node)) this.error('invalid-node', ['spec', 'node'], `spec.node ${quote(node)} is not valid: it must be ${DNS1123_RULE}`)
      if (node.length > DNS1123_SUBDOMAIN_MAX) {
        this.error('node-too-long', ['spec', 'node'], `spec.node is too long by ${node.length - DNS1123_SUBDOMAIN_MAX} characters: it has ${node.length}, at most ${DNS1123_SUBDOMAIN_MAX} are allowed`)
      }
    }

    const iface = spec.interfaceName
    if (typeof iface === 'string' && iface !== '' && iface !== '*' && !INTERFACE_NAME.test(iface)) this.interfaceName(iface)

    const ips = spec.expectedIPs
    const noInterface = iface === undefined || iface === ''
    if (noInterface && (ips === undefined || (Array.isArray(ips) && ips.length === 0))) {
      this.error('missing-interface-and-ips', ['spec'],
        'spec must set interfaceName, expectedIPs or both: with neither, Calico cannot tell which interface this endpoint is')
    }
    if (Array.isArray(ips)) this.expectedIPs(ips)
    if (Array.isArray(spec.profiles)) this.profiles(spec.profiles)
    if (Array.isArray(spec.ports)) {
      for (let i = 0; i < spec.ports.length; i++) {
        const port: unknown = spec.ports[i]
        if (isJsonObject(port)) this.port(port, i)
      }
    }
  }

  interfaceName(iface: string): void {
    const path = ['spec', 'interfaceName']
    const reasons: string[] = []
    if (iface.includes('*')) reasons.push('"*" stands alone for every interface and cannot be part of a name')
    if (iface.length > 15) reasons.push(`a name has at most 15 characters (it has ${iface.length})`)
    if (/[^a-zA-Z0-9_.\-*]/.test(iface)) reasons.push("a name may contain only letters, digits, '_', '.' and '-'")
    this.error('invalid-interface-name', path, `spec.interfaceName ${quote(iface)} is not valid: ${reasons.join('; ')}`)
  }

  expectedIPs(ips: unknown[]): void {
    let seen: Map<string, number> | undefined
    for (let i = 0; i < ips.length; i++) {
      const ip = ips[i]
      if (typeof ip !== 'string') continue
      const parsed = parseGoIP(ip, ips.length > 1)
      if (!parsed.ok) {
        this.error('invalid-ip', ['spec', 'expectedIPs', i], `spec.expectedIPs[${i}] ${quote(ip)} is not a plain IPv4 or IPv6 address: ${parsed.reason}`)
        continue
      }
      if (ips.length === 1) return
      seen ??= new Map()
      const first = seen.get(parsed.key)
      if (first === undefined) {
        seen.set(parsed.key, i)
      } else {
        const same = ips[first] === ip ? '' : ` (${quote(String(ips[first]))} is the same address)`
        this.error('duplicate-ip', ['spec', 'expectedIPs', i], `spec.expectedIPs[${i}] ${quote(ip)} repeats spec.expectedIPs[${first}]${same}; each address may appear once`)
      }
    }
  }

  profiles(profiles: unknown[]): void {
    let seen: Map<string, number> | undefined
    for (let i = 0; i < profiles.length; i++) {
      const profile = profiles[i]
      if (typeof profile !== 'string') continue
      if (!DNS1123_SUBDOMAIN.test(profile)) {
        this.error('invalid-profile-name', ['spec', 'profiles', i], profile === ''
          ? `spec.profiles[${i}] is empty; a profile name must be ${DNS1123_RULE}`
          : `spec.profiles[${i}] ${quote(profile)} is not a valid profile name: it must be ${DNS1123_RULE}`)
        continue
      }
      if (profiles.length === 1) return
      seen ??= new Map()
      const first = seen.get(profile)
      if (first === undefined) seen.set(profile, i)
      else this.error('duplicate-profile', ['spec', 'profiles', i], `spec.profiles[${i}] ${quote(profile)} repeats spec.profiles[${first}]; each profile may appear once`)
    }
  }

  port(port: Obj, i: number): void {
    const name = port.name
    if (typeof name === 'string' && !isPortName(name)) {
      this.error('invalid-port-name', ['spec', 'ports', i, 'name'], `spec.ports[${i}].name ${quote(name)} is not a valid port name: ${portNameReasons(name).join('; ')}`)
    }
    const protocol = port.protocol
    if (!(typeof protocol === 'string' ? PORT_PROTOCOLS.has(protocol) : PORT_PROTOCOL_NUMBERS.has(protocol as number)) && protocol !== undefined) {
      this.protocol(protocol, ['spec', 'ports', i, 'protocol'])
    }
    const number = port.port
    if (typeof number === 'number' && Number.isInteger(number) && (number < 1 || number > 65535)) {
      this.error('invalid-port', ['spec', 'ports', i, 'port'], `spec.ports[${i}].port ${number} is out of range: a port is 1 to 65535`)
    }
  }

  /** Says why `protocol` is not a valid port protocol; called only for one that is not (see `port`). */
  protocol(protocol: unknown, path: PathSegment[]): void {
    const at = formatPath(path)
    if (typeof protocol === 'number') {
      if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) {
        this.error('invalid-protocol', path, `${at} ${protocol} is not a protocol number (0 to 255); ${PROTOCOL_RULE}`)
      } else if (protocol === 0) {
        this.error('invalid-protocol', path, `${at} 0 is not a valid protocol number; ${PROTOCOL_RULE}`)
      } else {
        this.error('protocol-without-ports', path, `${at} ${protocol} is a protocol without ports; ${PROTOCOL_RULE}`)
      }
    } else if (typeof protocol === 'string') {
      const upper = protocol.toUpperCase()
      if (PORT_PROTOCOLS.has(upper)) {
        this.error('invalid-protocol', path, `${at} ${quote(protocol)} is not valid: protocol names are case-sensitive; use ${quote(upper)}`)
      } else if (PORTLESS_PROTOCOLS.has(protocol)) {
        this.error('protocol-without-ports', path, `${at} ${quote(protocol)} is a protocol without ports; ${PROTOCOL_RULE}`)
      } else if (/^[0-9]+$/.test(protocol)) {
        this.error('invalid-protocol', path, `${at} ${quote(protocol)} is not a protocol number (0 to 255); ${PROTOCOL_RULE}`)
      } else {
        this.error('invalid-protocol', path, `${at} ${quote(protocol)} is not a valid protocol; ${PROTOCOL_RULE}`)
      }
    } else if (typeof protocol === 'boolean') {
      this.error('invalid-protocol', path, `${at} is the boolean ${protocol}, not a protocol; ${PROTOCOL_RULE}`)
    }
  }
}

/** Runs Calico's metadata rules on a normalized resource of `kind`, appending findings. */
export function checkObjectMeta(resource: unknown, kind: KindInfo, findings: Finding[]): void {
  if (isJsonObject(resource) && isJsonObject(resource.metadata)) new RuleRun(findings).metadata(resource.metadata, kind)
}

/** Runs Calico's rules for the spec of a normalized HostEndpoint, appending findings. */
export function checkHostEndpointSpec(resource: unknown, findings: Finding[]): void {
  if (isJsonObject(resource) && isJsonObject(resource.spec)) new RuleRun(findings).spec(resource.spec)
}
