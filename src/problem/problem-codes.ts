/**
 * Every problem code hepctl can report, with what it means: the list the README and reporters (SARIF rules, for
 * example) can be built from. Severity is the default; strict mode makes every warning an error. `ProblemCode`
 * is the union of its keys, so a code that is not listed here does not compile.
 */
import type {Severity} from './problem.js'

export interface ProblemCodeInfo {
  severity: Severity
  summary: string
}

export const PROBLEM_CODES = {
  // reading the input (src/manifest, src/cli); the input-* codes and no-resources make commands exit 3
  'input-unreadable': {severity: 'error', summary: 'A file or directory could not be read (missing, no permission).'},
  'input-binary': {severity: 'error', summary: 'The input holds binary data (a NUL byte).'},
  'input-encoding': {severity: 'error', summary: 'The input is not valid UTF-8 (the message gives the byte offset).'},
  'input-too-large': {severity: 'error', summary: 'A file or one document in it is larger than hepctl reads.'},
  'no-resources': {severity: 'error', summary: 'The input held no resource at all, e.g. an empty file or a directory without manifests (allowed with --skip-empty).'},
  'yaml-syntax': {severity: 'error', summary: 'The document is not valid YAML (or JSON).'},
  'yaml-calicoctl-incompatible': {severity: 'error', summary: 'YAML that calicoctl (go-yaml v2) refuses or reads otherwise; the message says how to write it instead.'},
  'yaml-too-deep': {severity: 'error', summary: 'Collections are nested more than 100 levels deep.'},
  'yaml-alias-limit': {severity: 'error', summary: 'Aliases expand to too many nodes (an alias bomb).'},
  'duplicate-key': {severity: 'error', summary: 'A key appears twice in one mapping; the message gives the line of the first.'},
  'invalid-document': {severity: 'error', summary: 'A document is neither a resource (a mapping) nor a sequence of resources.'},
  // calicoctl's lenient decoding
  'field-name-case': {severity: 'warning', summary: 'A field name written in another case (Spec, InterfaceName); calicoctl matches names case-insensitively.'},
  'duplicate-field': {severity: 'error', summary: 'Two keys name the same field once case is ignored (node and Node).'},
  'scalar-converted': {severity: 'warning', summary: 'A number or boolean where a string belongs (or a quoted protocol number) was converted as calicoctl does.'},
  // schema
  'unknown-field': {severity: 'error', summary: "A field the resource's kind does not have at this place; the message says where it belongs."},
  'missing-field': {severity: 'error', summary: 'A required field is absent.'},
  'invalid-type': {severity: 'error', summary: 'A value of the wrong type (a string where a list belongs, ...).'},
  'invalid-api-version': {severity: 'error', summary: 'apiVersion is not projectcalico.org/v3.'},
  'invalid-kind': {severity: 'error', summary: 'kind is none hepctl reads (HostEndpoint, or a HostEndpointList of them); the message lists the kinds allowed there.'},
  'invalid-value': {severity: 'error', summary: 'A value the schema refuses for another reason.'},
  // Calico rules
  'invalid-name': {severity: 'error', summary: 'metadata.name is not a DNS-1123 subdomain.'},
  'name-too-long': {severity: 'error', summary: 'metadata.name is longer than 253 bytes.'},
  'namespace-not-allowed': {severity: 'error', summary: 'metadata.namespace is set on a resource of a cluster-scoped kind (HostEndpoint).'},
  'invalid-label-key': {severity: 'error', summary: 'A label key is not a qualified name ([DNS-1123 prefix/]name of at most 63 characters).'},
  'invalid-label-value': {severity: 'error', summary: 'A label value is longer than 63 characters or has characters labels do not allow.'},
  'invalid-annotation-key': {severity: 'error', summary: 'An annotation key is not a qualified name (upper case allowed).'},
  'annotations-too-large': {severity: 'error', summary: 'Annotation keys and values total more than 256 KiB.'},
  'invalid-timestamp': {severity: 'error', summary: 'A timestamp is not RFC 3339.'},
  'missing-node': {severity: 'error', summary: 'spec.node is absent or empty.'},
  'invalid-node': {severity: 'error', summary: 'spec.node is not a DNS-1123 subdomain.'},
  'node-too-long': {severity: 'error', summary: 'spec.node is longer than 253 characters.'},
  'invalid-interface-name': {severity: 'error', summary: 'spec.interfaceName is neither "*" nor 1 to 15 of [a-zA-Z0-9_.-].'},
  'missing-interface-and-ips': {severity: 'error', summary: 'Neither spec.interfaceName nor spec.expectedIPs is set.'},
  'invalid-ip': {severity: 'error', summary: 'An expected IP is not a plain IPv4 or IPv6 address as Go reads it (no prefix, no zone, no leading zeros).'},
  'duplicate-ip': {severity: 'error', summary: 'An address appears twice in spec.expectedIPs (in any spelling).'},
  'invalid-profile-name': {severity: 'error', summary: 'A profile name is not a DNS-1123 subdomain.'},
  'duplicate-profile': {severity: 'error', summary: 'A profile appears twice in spec.profiles.'},
  'invalid-port-name': {severity: 'error', summary: 'A port name is not a Kubernetes port name.'},
  'invalid-protocol': {severity: 'error', summary: 'A port protocol is not a valid protocol (names are case-sensitive: TCP, not tcp).'},
  'protocol-without-ports': {severity: 'error', summary: 'A port protocol is valid but has no ports (ICMP, 1, ...); use TCP, UDP, SCTP, 6, 17 or 132.'},
  'invalid-port': {severity: 'error', summary: 'A port number is outside 1 to 65535.'},
  'invalid-selector': {severity: 'error', summary: 'A selector does not parse; the position is that of the offending character.'},
  'invalid-policy': {severity: 'error', summary: 'Policy settings Calico refuses: preDNAT with doNotTrack, egress or Egress type; preDNAT or doNotTrack without applyOnForward; a bad or repeated type.'},
  'invalid-rule': {severity: 'error', summary: 'A rule Calico refuses: an unknown action, ports without TCP/UDP/SCTP, ICMP fields without ICMP, an ipVersion that does not fit its nets or protocol.'},
  'invalid-cidr': {severity: 'error', summary: 'A net is not a valid IPv4 or IPv6 CIDR.'},
  // safety lints
  'no-allow-profile': {severity: 'warning', summary: 'No projectcalico-default-allow profile: the interface is denied (except failsafe ports) unless a profile or policy allows traffic.'},
  'all-interfaces': {severity: 'warning', summary: 'interfaceName "*" puts every interface of the host under the endpoint: all traffic to, from and through its default network namespace, including traffic of local workloads that are not host-networked, is then judged by the policy of this endpoint.'},
  'no-expected-ips': {severity: 'warning', summary: 'No expectedIPs: rules that select the endpoint by label match none of its addresses.'},
  'invalid-disable-annotation': {severity: 'warning', summary: 'The hepctl.io/disable annotation names a code that is unknown or an error (errors cannot be disabled); the other codes it names are still disabled.'},
  'duplicate-name': {severity: 'warning', summary: 'Two resources in one run have the same name; the later one replaces the earlier.'},
  // lints with context: the policies, profiles, tiers and Felix settings given beside the HostEndpoints
  'lock-out': {severity: 'error', summary: 'Traffic the host must keep (--must-allow; default inbound TCP 22 and 6443) would be denied; the message gives the deciding policy, rule or setting.'},
  'default-deny': {severity: 'warning', summary: 'Nothing but failsafe ports is allowed in one direction: no policy that selects the endpoint allows anything, and no profile does; the message says what stays open.'},
  'profile-never-applies': {severity: 'warning', summary: "The endpoint's profiles are never reached: a tier that ends in Deny decides every packet first, in both directions."},
  'untracked-on-wildcard': {severity: 'warning', summary: 'A doNotTrack policy selects an endpoint with interfaceName "*"; Felix does not support that and ignores the policy there.'},
  'selected-without-addresses': {severity: 'warning', summary: "A rule's source or destination selector matches the endpoint, but it has no expectedIPs, so the rule matches none of its traffic."},
  'named-port-not-found': {severity: 'warning', summary: 'A rule names a port that no host endpoint selected by the rule defines with that protocol.'},
  'unused-endpoint-port': {severity: 'warning', summary: 'A named port of the endpoint that no rule refers to (informational: reported with --info-lints).'},
  'missing-profile': {severity: 'warning', summary: 'The endpoint lists a profile that is not in the input (nor built in), or, with `--context-from-datastore` on Kubernetes, a `kns.`/`ksa.` profile whose namespace or service account the cluster lacks; Felix renders a missing profile as deny-all.'},
  'interface-claimed-twice': {severity: 'warning', summary: 'Several endpoints claim the same interface of one node; the alphabetically first wins and the others do nothing.'},
  'tier-not-found': {severity: 'warning', summary: "A policy's tier is neither in the input nor built in; Calico refuses such a policy."},
  'staged-policy-changes-verdict': {severity: 'warning', summary: 'A staged policy would change a verdict once enforced (informational: reported with --info-lints).'},
} as const satisfies Readonly<Record<string, ProblemCodeInfo>>

/** A code hepctl reports: one of the keys of PROBLEM_CODES. */
export type ProblemCode = keyof typeof PROBLEM_CODES
