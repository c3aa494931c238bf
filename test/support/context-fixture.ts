/**
 * One policy context, three ways: as manifests (-f), as Calico stores it in a Kubernetes datastore
 * (`crd.projectcalico.org/v1` custom resources) and as Calico stores it in etcd (keys under
 * `/calico/resources/v3/projectcalico.org/`). Both stored forms mix the name layouts of Calico's versions
 * (host-policy reference §5.2): v3.30/v3.31 default-tier policies under `default.<name>`, v3.32 policies under
 * their own name with the v3 name in the `projectcalico.org/metadata` annotation, and `<tier>.<name>` in
 * other tiers. The context locks node1 out (failsafe ports off, tier `platform` allows only 443).
 */
import {stringify} from 'yaml'

export const HOSTS_YAML = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node1-eth0
  labels:
    role: k8s-node
spec:
  node: node1
  interfaceName: eth0
  expectedIPs: [10.0.0.1]
  profiles: [projectcalico-default-allow]
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node2-eth0
spec:
  node: node2
  interfaceName: eth0
  expectedIPs: [10.0.0.2]
  profiles: [projectcalico-default-allow]
`

interface V3Object {
  apiVersion: 'projectcalico.org/v3'
  kind: string
  metadata: {name: string; namespace?: string; labels?: Record<string, string>}
  spec: Record<string, unknown>
}

/** How the object is stored: its v3 name kept in the annotation (v3.32), or the v3.30 `default.` prefix. */
type Layout = 'v3.32' | 'v3.30'

interface ContextEntry {
  object: V3Object
  layout: Layout
  plural: string
}

const v3 = (kind: string, metadata: V3Object['metadata'], spec: Record<string, unknown>): V3Object => ({apiVersion: 'projectcalico.org/v3', kind, metadata, spec})

export const CONTEXT: readonly ContextEntry[] = [
  {plural: 'felixconfigurations', layout: 'v3.32', object: v3('FelixConfiguration', {name: 'default'}, {failsafeInboundHostPorts: []})},
  {plural: 'tiers', layout: 'v3.32', object: v3('Tier', {name: 'platform'}, {order: 100})},
  {plural: 'globalnetworkpolicies', layout: 'v3.30', object: v3('GlobalNetworkPolicy', {name: 'platform.allow-https'}, {
    tier: 'platform', selector: "role == 'k8s-node'", types: ['Ingress'],
    ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [443]}}],
  })},
  {plural: 'globalnetworkpolicies', layout: 'v3.30', object: v3('GlobalNetworkPolicy', {name: 'allow-egress'}, {
    tier: 'default', selector: "role == 'k8s-node'", types: ['Egress'],
    egress: [{action: 'Deny', destination: {selector: "role == 'blocked'"}}, {action: 'Allow', protocol: 'TCP', destination: {ports: [8443]}}],
  })},
  {plural: 'stagedglobalnetworkpolicies', layout: 'v3.32', object: v3('StagedGlobalNetworkPolicy', {name: 'stage-all'}, {
    tier: 'default', selector: 'all()', types: ['Ingress'], ingress: [{action: 'Deny'}],
  })},
  {plural: 'networkpolicies', layout: 'v3.30', object: v3('NetworkPolicy', {name: 'allow-web', namespace: 'prod'}, {
    tier: 'default', selector: "app == 'web'", types: ['Ingress'], ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [80]}}],
  })},
  {plural: 'globalnetworksets', layout: 'v3.32', object: v3('GlobalNetworkSet', {name: 'blocked-nets', labels: {role: 'blocked'}}, {nets: ['198.51.100.0/24']})},
]

/** The context as one multi-document manifest. */
export function contextYaml(entries: readonly ContextEntry[] = CONTEXT): string {
  return entries.map(e => stringify(e.object)).join('---\n')
}

const POLICY_KINDS = new Set(['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy', 'NetworkPolicy'])

/** The name Calico stores the object under. */
export function storedName(entry: ContextEntry): string {
  const {object, layout} = entry
  const tier = String(object.spec.tier ?? 'default')
  if (POLICY_KINDS.has(object.kind) && layout === 'v3.30' && tier === 'default') return `default.${object.metadata.name}`
  return object.metadata.name
}

/**
 * The `crd.projectcalico.org/v1` custom resource Calico writes: the stored name, the v3 labels (and, from
 * v3.32, a policy's v3 name) in the `projectcalico.org/metadata` annotation, a policy's tier label.
 */
export function kubernetesResource(entry: ContextEntry): Record<string, unknown> {
  const {object, layout} = entry
  const saved: Record<string, unknown> = {}
  if (POLICY_KINDS.has(object.kind) && layout === 'v3.32') saved.name = object.metadata.name
  if (object.metadata.labels) saved.labels = object.metadata.labels
  const metadata: Record<string, unknown> = {name: storedName(entry)}
  if (object.metadata.namespace) metadata.namespace = object.metadata.namespace
  if (Object.keys(saved).length > 0) metadata.annotations = {'projectcalico.org/metadata': JSON.stringify(saved)}
  if (POLICY_KINDS.has(object.kind)) metadata.labels = {'projectcalico.org/tier': String(object.spec.tier ?? 'default')}
  return {apiVersion: 'crd.projectcalico.org/v1', kind: object.kind, metadata, spec: object.spec}
}

/** The etcd key and JSON value Calico writes. */
export function etcdEntry(entry: ContextEntry): {key: string; value: string} {
  const {object, layout} = entry
  const name = storedName(entry)
  const key = `/calico/resources/v3/projectcalico.org/${entry.plural}/${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${name}`
  const metadata: Record<string, unknown> = {...object.metadata, name}
  if (POLICY_KINDS.has(object.kind) && layout === 'v3.32') metadata.annotations = {'projectcalico.org/metadata': JSON.stringify({name: object.metadata.name})}
  return {key, value: JSON.stringify({...object, metadata})}
}

/** The context with one object replaced (same kind and name), for the input of a check. */
export function withReplaced(name: string, spec: Record<string, unknown>): ContextEntry[] {
  return CONTEXT.map(e => (e.object.metadata.name === name ? {...e, object: {...e.object, spec}} : e))
}

export const ALLOW_HTTPS_PLUS_SSH = {...CONTEXT[2].object.spec, ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [22, 443, 6443]}}]}
export const ALLOW_HTTP_ONLY = {...CONTEXT[2].object.spec, ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [80]}}]}

interface ReportProblem {
  code: string
  severity: string
  message: string
  resource?: string
}

/**
 * The lints of a `validate -o json` report as comparable lines: resource, severity, code and message, with
 * where a context object came from (a file position, or `stored in …`) left out.
 */
export function lintLines(reportJson: string, onlyFile?: RegExp): string[] {
  const report = JSON.parse(reportJson) as {resources: {file?: string; name?: string; problems: ReportProblem[]}[]}
  return report.resources
    .filter(r => !onlyFile || onlyFile.test(r.file ?? ''))
    .flatMap(r => r.problems.map(p => `${p.resource ?? r.name} ${p.severity} [${p.code}] ${p.message.replace(/ \((?:stored in [^,)]*|[\w./-]+\.yaml:\d+(?::\d+)?)(, |\))/g, (_m, end: string) => (end === ')' ? ' (…)' : ' (…, '))}`))
    .sort()
}

/** Packets whose verdicts depend on every kind of the context: [args, verdict line]. */
export const TRACES: readonly [string[], string][] = [
  [['node1-eth0', '--direction', 'ingress', '--protocol', 'TCP', '--port', '22', '--src', '192.0.2.1', '--dst', '10.0.0.1'], 'denied by end-of-tier:platform'],
  [['node1-eth0', '--direction', 'ingress', '--protocol', 'TCP', '--port', '443', '--src', '192.0.2.1', '--dst', '10.0.0.1'], 'allowed by policy:platform/platform.allow-https:ingress[0]:Allow'],
  [['node1-eth0', '--direction', 'egress', '--protocol', 'TCP', '--port', '8443', '--src', '10.0.0.1', '--dst', '198.51.100.7'], 'denied by policy:default/allow-egress:egress[0]:Deny'],
  [['node1-eth0', '--direction', 'egress', '--protocol', 'TCP', '--port', '8443', '--src', '10.0.0.1', '--dst', '10.0.0.53'], 'allowed by policy:default/allow-egress:egress[1]:Allow'],
  [['node2-eth0', '--direction', 'ingress', '--protocol', 'TCP', '--port', '8080', '--src', '192.0.2.1', '--dst', '10.0.0.2'], 'allowed by profile:projectcalico-default-allow:ingress[0]:Allow'],
]
