/**
 * The projectcalico.org/v3 objects the policy engine reads, as a manifest holds them. Only the fields that
 * change a host endpoint's verdicts are typed; anything else is carried along and ignored.
 */
import type {EndpointPort, HostEndpointSpec} from '../model/hostendpoint.js'

export type {EndpointPort, HostEndpointSpec}

export interface Metadata {
  name: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

interface Resource<K extends string, S> {
  apiVersion?: string
  kind: K
  metadata: Metadata
  spec?: S
}

export interface ICMPFields {
  type?: number
  code?: number
}

export interface ServiceAccountMatch {
  names?: string[]
  selector?: string
}

export interface EntityRule {
  nets?: string[]
  notNets?: string[]
  selector?: string
  notSelector?: string
  namespaceSelector?: string
  ports?: (number | string)[]
  notPorts?: (number | string)[]
  serviceAccounts?: ServiceAccountMatch
  services?: {name?: string; namespace?: string}
}

export type RuleAction = 'Allow' | 'Deny' | 'Pass' | 'Log'

export interface Rule {
  action: RuleAction
  protocol?: string | number
  notProtocol?: string | number
  ipVersion?: 4 | 6
  icmp?: ICMPFields
  notICMP?: ICMPFields
  source?: EntityRule
  destination?: EntityRule
  http?: unknown
  metadata?: {annotations?: Record<string, string>}
}

export type PolicyType = 'Ingress' | 'Egress'

export interface PolicySpec {
  tier?: string
  order?: number
  selector?: string
  namespaceSelector?: string
  serviceAccountSelector?: string
  ingress?: Rule[]
  egress?: Rule[]
  types?: PolicyType[]
  doNotTrack?: boolean
  preDNAT?: boolean
  applyOnForward?: boolean
  performanceHints?: string[]
}

export interface StagedPolicySpec extends PolicySpec {
  stagedAction?: 'Set' | 'Delete' | 'Learn' | 'Ignore'
}

export interface TierSpec {
  order?: number
  defaultAction?: 'Deny' | 'Pass'
}

export interface ProfileSpec {
  ingress?: Rule[]
  egress?: Rule[]
  labelsToApply?: Record<string, string>
}

export interface ProtoPort {
  protocol: string
  port: number
  net?: string
}

export interface FelixConfigurationSpec {
  failsafeInboundHostPorts?: ProtoPort[] | null
  failsafeOutboundHostPorts?: ProtoPort[] | null
  defaultEndpointToHostAction?: 'Drop' | 'Accept' | 'Return' | 'DROP' | 'ACCEPT' | 'RETURN'
  interfacePrefix?: string
  nodeSelector?: string
}

export interface GlobalNetworkSetSpec {
  nets?: string[]
}

export type HostEndpoint = Resource<'HostEndpoint', HostEndpointSpec>
export type GlobalNetworkPolicy = Resource<'GlobalNetworkPolicy', PolicySpec>
export type StagedGlobalNetworkPolicy = Resource<'StagedGlobalNetworkPolicy', StagedPolicySpec>
export type NetworkPolicy = Resource<'NetworkPolicy', PolicySpec>
export type Tier = Resource<'Tier', TierSpec>
export type Profile = Resource<'Profile', ProfileSpec>
export type FelixConfiguration = Resource<'FelixConfiguration', FelixConfigurationSpec>
export type GlobalNetworkSet = Resource<'GlobalNetworkSet', GlobalNetworkSetSpec>

export type PolicyResource =
  | HostEndpoint
  | GlobalNetworkPolicy
  | StagedGlobalNetworkPolicy
  | NetworkPolicy
  | Tier
  | Profile
  | FelixConfiguration
  | GlobalNetworkSet

export const POLICY_KINDS = [
  'HostEndpoint',
  'GlobalNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'NetworkPolicy',
  'Tier',
  'Profile',
  'FelixConfiguration',
  'GlobalNetworkSet',
] as const

/** A resource by kind and name, as steps refer to it (the caller maps it to a file and line). */
export interface ResourceRef {
  kind: PolicyResource['kind']
  name: string
  namespace?: string
}

/** A path of segments inside a resource, e.g. ['spec', 'ingress', 2]. */
export type FieldPath = (string | number)[]
