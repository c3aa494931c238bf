/**
 * Calico's rules for the context kinds (GlobalNetworkPolicy, Tier, FelixConfiguration, ...) that their
 * CRD-derived schemas cannot state, as libcalico-go's validator states them: selectors that parse (a bad one
 * reported at its offending character), the preDNAT / doNotTrack / applyOnForward combinations, policy types,
 * rules (action, protocol with ports and ICMP, ipVersion, nets, port ranges), a Tier's default action,
 * Felix's failsafe ports and a network set's nets. Works on the normalized object and checks types itself, so
 * it never throws on bad input (the schema check reports wrong types).
 */
import type {PathSegment, ProblemCode} from '../problem/problem.js'
import {formatPath} from '../problem/path-text.js'
import {isJsonObject} from '../json/json-object.js'
import {
  DNS1123_LABEL_FORMAT, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_FORMAT, DNS1123_SUBDOMAIN_MAX,
  isLabelValue, isQualifiedName, labelValueReasons, qualifiedNameReasons,
} from '../model/kubernetes-names.js'
import {selectorProblem} from '../policy/selector/index.js'
import {parseCidr} from '../policy/net.js'
import type {Finding} from './finding.js'

type Obj = Record<string, unknown>

const ACTIONS = ['Allow', 'Deny', 'Log', 'Pass']
const POLICY_TYPES = ['Ingress', 'Egress']
const PORT_PROTOCOLS = new Set<unknown>(['TCP', 'UDP', 'SCTP', 6, 17, 132])
const ICMP_PROTOCOLS = new Map<unknown, 4 | 6>([['ICMP', 4], [1, 4], ['ICMPv6', 6], [58, 6]])
const TIER_ACTIONS = ['Deny', 'Pass']
const ENDPOINT_TO_HOST_ACTIONS = ['Drop', 'Accept', 'Return']
const FAILSAFE_PROTOCOLS = ['TCP', 'UDP', 'SCTP']
const PORT_RANGE = /^([0-9]+):([0-9]+)$/
const LABEL = DNS1123_LABEL_FORMAT
/** libcalico-go's name rules for the kinds whose names are narrower than a DNS-1123 subdomain (v3.32). */
const NAME_RULES: Readonly<Record<string, {pattern: RegExp, rule: string, max?: number}>> = {
  GlobalNetworkPolicy: {pattern: new RegExp(`^(${LABEL}\\.)?${LABEL}$`),
    rule: 'a DNS-1123 label (lower-case letters, digits and \'-\'), or two joined by one dot, such as "platform.allow-ssh"'},
  NetworkPolicy: {pattern: new RegExp(`^(${LABEL}(\\.${LABEL})?|(knp|ossg)\\.default\\.${DNS1123_SUBDOMAIN_FORMAT})$`),
    rule: 'a DNS-1123 label (lower-case letters, digits and \'-\'), two joined by one dot, or "knp.default." or "ossg.default." and a DNS-1123 subdomain'},
  Tier: {pattern: new RegExp(`^${LABEL}$`), max: 63,
    rule: 'a DNS-1123 label (lower-case letters, digits and \'-\', no dot: a tier\'s name becomes part of other names)'},
}

function quote(v: string): string {
  return JSON.stringify(v.length > 80 ? v.slice(0, 80) + '…' : v)
}

class ContextRuleRun {
  constructor(readonly findings: Finding[]) {}

  error(code: ProblemCode, path: PathSegment[], message: string): void {
    this.findings.push({severity: 'error', code, message, path, target: 'value'})
  }

  selector(value: unknown, path: PathSegment[]): void {
    if (typeof value !== 'string') return
    const problem = selectorProblem(value)
    if (!problem) return
    this.findings.push({
      severity: 'error', code: 'invalid-selector', path, target: 'value', inString: {value, offset: problem.offset},
      message: `${formatPath(path)} ${quote(value)} is not a valid selector: ${problem.reason} (at character ${problem.offset + 1})`,
    })
  }

  cidr(value: unknown, path: PathSegment[]): 4 | 6 | undefined {
    if (typeof value !== 'string') return undefined
    const cidr = parseCidr(value)
    if (!cidr) this.error('invalid-cidr', path, `${formatPath(path)} ${quote(value)} is not a valid IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/64`)
    return cidr?.family
  }

  nets(values: unknown, path: PathSegment[]): Set<4 | 6> {
    const families = new Set<4 | 6>()
    if (!Array.isArray(values)) return families
    values.forEach((v, i) => {
      const family = this.cidr(v, [...path, i])
      if (family) families.add(family)
    })
    return families
  }

  /** spec fields shared by the policy kinds. */
  policySpec(spec: Obj, global: boolean): void {
    this.selector(spec.selector, ['spec', 'selector'])
    this.selector(spec.serviceAccountSelector, ['spec', 'serviceAccountSelector'])
    if (global) this.selector(spec.namespaceSelector, ['spec', 'namespaceSelector'])
    if (typeof spec.order === 'number' && spec.order < 0) {
      this.error('invalid-value', ['spec', 'order'], `spec.order ${spec.order} is negative; an order is 0 or more`)
    }
    if (Array.isArray(spec.types)) {
      const seen = new Set<unknown>()
      spec.types.forEach((t, i) => {
        const path = ['spec', 'types', i]
        if (typeof t === 'string' && !POLICY_TYPES.includes(t)) {
          this.error('invalid-policy', path, `${formatPath(path)} ${quote(t)} is not a policy type: it must be Ingress or Egress`)
        } else if (seen.has(t)) {
          this.error('invalid-policy', path, `${formatPath(path)} ${quote(String(t))} repeats an earlier type; each type may appear once`)
        }
        seen.add(t)
      })
    }
    if (global) this.forwarding(spec)
    this.rules(spec.ingress, ['spec', 'ingress'])
    this.rules(spec.egress, ['spec', 'egress'])
  }

  /** preDNAT, doNotTrack and applyOnForward (GlobalNetworkPolicy only). */
  forwarding(spec: Obj): void {
    const preDNAT = spec.preDNAT === true
    const doNotTrack = spec.doNotTrack === true
    if (preDNAT && doNotTrack) {
      this.error('invalid-policy', ['spec', 'preDNAT'], 'spec.preDNAT and spec.doNotTrack are both true: preDNAT and doNotTrack cannot both be true')
    }
    if ((preDNAT || doNotTrack) && spec.applyOnForward !== true) {
      const which = preDNAT ? 'preDNAT' : 'doNotTrack'
      this.error('invalid-policy', ['spec', which],
        `spec.${which} is true but spec.applyOnForward is not: applyOnForward must be true if either preDNAT or doNotTrack is true`)
    }
    if (preDNAT) {
      if (Array.isArray(spec.egress) && spec.egress.length > 0) {
        this.error('invalid-policy', ['spec', 'egress'], `spec.egress has ${spec.egress.length} rule(s) in a preDNAT policy: preDNAT policy cannot have any egress rules`)
      }
      if (Array.isArray(spec.types)) {
        const i = spec.types.indexOf('Egress')
        if (i >= 0) this.error('invalid-policy', ['spec', 'types', i], `spec.types[${i}] is "Egress" in a preDNAT policy: preDNAT policy cannot have 'Egress' type`)
      }
    }
  }

  rules(rules: unknown, path: PathSegment[]): void {
    if (!Array.isArray(rules)) return
    rules.forEach((rule, i) => {
      if (isJsonObject(rule)) this.rule(rule, [...path, i])
    })
  }

  rule(rule: Obj, path: PathSegment[]): void {
    const at = formatPath(path)
    if (typeof rule.action === 'string' && !ACTIONS.includes(rule.action)) {
      this.error('invalid-rule', [...path, 'action'], `${at}.action ${quote(rule.action)} is not an action: it must be Allow, Deny, Log or Pass (case-sensitive)`)
    }
    const ipVersion = rule.ipVersion
    if (ipVersion !== undefined && ipVersion !== 4 && ipVersion !== 6) {
      this.error('invalid-rule', [...path, 'ipVersion'], `${at}.ipVersion ${JSON.stringify(ipVersion)} is not an IP version: it must be 4 or 6`)
    }
    const version = ipVersion === 4 || ipVersion === 6 ? ipVersion : undefined
    this.icmp(rule, path, version)
    const ports = PORT_PROTOCOLS.has(rule.protocol)
    for (const side of ['source', 'destination']) {
      const entity = rule[side]
      if (!isJsonObject(entity)) continue
      const ep = [...path, side]
      this.selector(entity.selector, [...ep, 'selector'])
      this.selector(entity.notSelector, [...ep, 'notSelector'])
      this.selector(entity.namespaceSelector, [...ep, 'namespaceSelector'])
      if (isJsonObject(entity.serviceAccounts)) this.selector(entity.serviceAccounts.selector, [...ep, 'serviceAccounts', 'selector'])
      for (const field of ['nets', 'notNets']) {
        for (const family of this.nets(entity[field], [...ep, field])) {
          if (version !== undefined && family !== version) {
            this.error('invalid-rule', [...ep, field], `${formatPath([...ep, field])} has an IPv${family} net in a rule with ipVersion ${version}; nets must match the rule's ipVersion`)
            break
          }
        }
      }
      for (const field of ['ports', 'notPorts']) {
        const list = entity[field]
        if (!Array.isArray(list) || list.length === 0) continue
        if (!ports) {
          const protocol = rule.protocol === undefined ? 'no protocol' : `protocol ${JSON.stringify(rule.protocol)}`
          this.error('invalid-rule', [...ep, field], `${formatPath([...ep, field])} is set in a rule with ${protocol}: ports need protocol TCP, UDP or SCTP (or 6, 17, 132)`)
        }
        list.forEach((p, j) => this.port(p, [...ep, field, j]))
      }
    }
    if (isJsonObject(rule.http) && rule.action !== 'Allow' && typeof rule.action === 'string') {
      this.error('invalid-rule', [...path, 'http'], `${at}.http is set in a rule with action ${quote(rule.action)}: HTTP match criteria are only valid with action Allow`)
    }
  }

  icmp(rule: Obj, path: PathSegment[], version: 4 | 6 | undefined): void {
    const kind = ICMP_PROTOCOLS.get(rule.protocol)
    for (const field of ['icmp', 'notICMP']) {
      const icmp = rule[field]
      if (!isJsonObject(icmp)) continue
      const ip = [...path, field]
      const at = formatPath(ip)
      if (kind === undefined) {
        this.error('invalid-rule', ip, `${at} is set in a rule with ${rule.protocol === undefined ? 'no protocol' : `protocol ${JSON.stringify(rule.protocol)}`}: ICMP fields need protocol ICMP or ICMPv6`)
      }
      const {type, code} = icmp
      if (typeof type === 'number' && (!Number.isInteger(type) || type < 0 || type > 254)) {
        this.error('invalid-rule', [...ip, 'type'], `${at}.type ${type} is out of range: an ICMP type is 0 to 254`)
      }
      if (typeof code === 'number' && (!Number.isInteger(code) || code < 0 || code > 255)) {
        this.error('invalid-rule', [...ip, 'code'], `${at}.code ${code} is out of range: an ICMP code is 0 to 255`)
      }
      if (code !== undefined && type === undefined) {
        this.error('invalid-rule', [...ip, 'code'], `${at}.code is set without ${at}.type: an ICMP code needs a type`)
      }
    }
    if (kind !== undefined && version !== undefined && kind !== version) {
      this.error('invalid-rule', [...path, 'ipVersion'],
        `${formatPath([...path, 'ipVersion'])} is ${version} but the protocol is ${JSON.stringify(rule.protocol)}: ${kind === 4 ? 'ICMP goes with ipVersion 4' : 'ICMPv6 goes with ipVersion 6'}`)
    }
  }

  port(port: unknown, path: PathSegment[]): void {
    const at = formatPath(path)
    if (typeof port === 'number') {
      if (!Number.isInteger(port) || port < 0 || port > 65535) this.error('invalid-port', path, `${at} ${port} is out of range: a port is 0 to 65535`)
      return
    }
    if (typeof port !== 'string') return
    const range = PORT_RANGE.exec(port)
    if (range) {
      const min = Number(range[1])
      const max = Number(range[2])
      if (min > 65535 || max > 65535) this.error('invalid-port', path, `${at} ${quote(port)} is out of range: ports are 0 to 65535`)
      else if (min > max) this.error('invalid-port', path, `${at} ${quote(port)} is not a range: its minimum ${min} is above its maximum ${max}`)
      return
    }
    if (/^[0-9]+$/.test(port)) {
      if (Number(port) > 65535) this.error('invalid-port', path, `${at} ${quote(port)} is out of range: a port is 0 to 65535`)
      return
    }
    if (port.includes(':') || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(port) || port.length > 15) {
      this.error('invalid-port', path, `${at} ${quote(port)} is neither a port, a range "min:max" nor a port name (at most 15 lower-case letters, digits and '-')`)
    }
  }

  tier(spec: Obj): void {
    if (typeof spec.defaultAction === 'string' && !TIER_ACTIONS.includes(spec.defaultAction)) {
      this.error('invalid-value', ['spec', 'defaultAction'], `spec.defaultAction ${quote(spec.defaultAction)} is not valid: a tier's default action is Deny or Pass`)
    }
    if (typeof spec.order === 'number' && spec.order < 0) {
      this.error('invalid-value', ['spec', 'order'], `spec.order ${spec.order} is negative; an order is 0 or more`)
    }
  }

  profile(spec: Obj): void {
    const labels = spec.labelsToApply
    if (isJsonObject(labels)) {
      for (const key of Object.keys(labels)) {
        const path = ['spec', 'labelsToApply', key]
        if (!isQualifiedName(key)) {
          this.findings.push({severity: 'error', code: 'invalid-label-key', path, target: 'key',
            message: `spec.labelsToApply key ${quote(key)} is not valid: ${qualifiedNameReasons(key).join('; ')}`})
        }
        const value = labels[key]
        if (typeof value === 'string' && !isLabelValue(value)) {
          this.error('invalid-label-value', path, `spec.labelsToApply value ${quote(value)} of ${quote(key)} is not valid: ${labelValueReasons(value).join('; ')}`)
        }
      }
    }
    this.rules(spec.ingress, ['spec', 'ingress'])
    this.rules(spec.egress, ['spec', 'egress'])
  }

  felix(spec: Obj): void {
    const action = spec.defaultEndpointToHostAction
    if (typeof action === 'string' && !ENDPOINT_TO_HOST_ACTIONS.includes(action)) {
      this.error('invalid-value', ['spec', 'defaultEndpointToHostAction'],
        `spec.defaultEndpointToHostAction ${quote(action)} is not valid: it must be Drop, Accept or Return`)
    }
    for (const field of ['failsafeInboundHostPorts', 'failsafeOutboundHostPorts']) {
      const list = spec[field]
      if (!Array.isArray(list)) continue
      list.forEach((entry, i) => {
        if (!isJsonObject(entry)) return
        const path = ['spec', field, i]
        const protocol = entry.protocol
        if (typeof protocol === 'string' && !FAILSAFE_PROTOCOLS.includes(protocol.toUpperCase())) {
          this.error('invalid-protocol', [...path, 'protocol'], `${formatPath([...path, 'protocol'])} ${quote(protocol)} is not valid: a failsafe port's protocol is TCP, UDP or SCTP`)
        }
        const port = entry.port
        if (typeof port === 'number' && (!Number.isInteger(port) || port < 0 || port > 65535)) {
          this.error('invalid-port', [...path, 'port'], `${formatPath([...path, 'port'])} ${port} is out of range: a port is 0 to 65535`)
        }
        if (entry.net !== undefined && entry.net !== '') this.cidr(entry.net, [...path, 'net'])
      })
    }
  }
}

/**
 * The name rule of `kind` (NAME_RULES), checked only on a name that is a DNS-1123 subdomain of at most 253
 * characters: the metadata rules (calico-rules.ts) already report any other name.
 */
function checkName(resource: unknown, kind: string, findings: Finding[]): void {
  const name = isJsonObject(resource) && isJsonObject(resource.metadata) ? resource.metadata.name : undefined
  const {pattern, rule, max} = NAME_RULES[kind]
  if (typeof name !== 'string' || name.length > DNS1123_SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(name)) return
  const path = ['metadata', 'name']
  if (!pattern.test(name)) {
    findings.push({severity: 'error', code: 'invalid-name', path, target: 'value',
      message: `metadata.name ${quote(name)} is not valid for a ${kind}: it must be ${rule}`})
  } else if (max !== undefined && name.length > max) {
    findings.push({severity: 'error', code: 'name-too-long', path, target: 'value',
      message: `metadata.name is too long by ${name.length - max} bytes for a ${kind}: it has ${name.length}, at most ${max} are allowed`})
  }
}

function withSpec(resource: unknown, findings: Finding[], run: (r: ContextRuleRun, spec: Obj) => void): void {
  if (isJsonObject(resource) && isJsonObject(resource.spec)) run(new ContextRuleRun(findings), resource.spec)
}

export function checkGlobalNetworkPolicy(resource: unknown, findings: Finding[]): void {
  checkName(resource, 'GlobalNetworkPolicy', findings)
  withSpec(resource, findings, (r, spec) => r.policySpec(spec, true))
}

export function checkStagedGlobalNetworkPolicy(resource: unknown, findings: Finding[]): void {
  checkName(resource, 'GlobalNetworkPolicy', findings)
  withSpec(resource, findings, (r, spec) => r.policySpec(spec, true))
}

export function checkNetworkPolicy(resource: unknown, findings: Finding[]): void {
  checkName(resource, 'NetworkPolicy', findings)
  withSpec(resource, findings, (r, spec) => r.policySpec(spec, false))
}

export function checkTier(resource: unknown, findings: Finding[]): void {
  checkName(resource, 'Tier', findings)
  withSpec(resource, findings, (r, spec) => r.tier(spec))
}

export function checkProfile(resource: unknown, findings: Finding[]): void {
  withSpec(resource, findings, (r, spec) => r.profile(spec))
}

export function checkFelixConfiguration(resource: unknown, findings: Finding[]): void {
  withSpec(resource, findings, (r, spec) => r.felix(spec))
}

export function checkGlobalNetworkSet(resource: unknown, findings: Finding[]): void {
  withSpec(resource, findings, (r) => r.nets((resource as {spec: Obj}).spec.nets, ['spec', 'nets']))
}
