/**
 * What `hepctl describe hep NAME` prints: kubectl-describe style text of what a host endpoint does (its labels,
 * the interface it governs, failsafe ports, and per direction the tiers, policies and one-line rules in
 * evaluation order, then what happens to anything no rule matched); or the same as data (json, yaml), with the
 * file and line of every policy and rule read from a file.
 */
import type {DirectionLine, EndpointDescription, PolicyLine, RuleLine, StageLine, TierLine} from '../policy/describe.js'
import {type Located, type Locator, locationText} from './trace-input.js'
import {toYaml} from './yaml-text.js'

export const DESCRIBE_FORMATS = ['text', 'json', 'yaml'] as const
export type DescribeFormat = (typeof DESCRIBE_FORMATS)[number]

type Location = {location?: Located}
type LocatedPolicy = Omit<PolicyLine, 'rules'> & Location & {rules: (RuleLine & Location)[]}
type LocatedDirection = Omit<DirectionLine, 'stages'> & {stages: (Omit<StageLine, 'tiers'> & {tiers: (Omit<TierLine, 'policies'> & {policies: LocatedPolicy[]})[]})[]}
export type LocatedDescription = Omit<EndpointDescription, 'directions'> &
  Location & {apiVersion: 'hepctl/v1'; kind: 'EndpointDescription'; directions: Record<keyof EndpointDescription['directions'], LocatedDirection>}

const withLocation = <T extends object>(value: T, at: Located | undefined): T & Location => (at ? {...value, location: at} : value)

/** The description as data, each policy and rule with its place in the input when it was read from a file. */
export function describeData(d: EndpointDescription, locate: Locator): LocatedDescription {
  const direction = (line: DirectionLine): LocatedDirection => ({
    ...line,
    stages: line.stages.map(s => ({
      ...s,
      tiers: s.tiers.map(t => ({
        ...t,
        policies: t.policies.map(p => ({
          ...withLocation(p, locate(p.resource)),
          rules: p.rules.map(r => withLocation(r, locate(p.resource, r.path))),
        })),
      })),
    })),
  })
  const dirs = d.directions
  return {
    apiVersion: 'hepctl/v1',
    kind: 'EndpointDescription',
    ...withLocation(d, locate(d.resource)),
    directions: {ingress: direction(dirs.ingress), egress: direction(dirs.egress), forwardIngress: direction(dirs.forwardIngress), forwardEgress: direction(dirs.forwardEgress)},
  }
}

export function renderDescription(d: EndpointDescription, format: DescribeFormat, locate: Locator): string {
  const data = describeData(d, locate)
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`
  if (format === 'yaml') return toYaml(data)
  return describeText(data)
}

const FIELD = 18
const field = (name: string, value: string, width = FIELD) => `${`${name}:`.padEnd(width)}${value}`
/** A field under a heading, its value aligned with the top-level fields. */
const subField = (name: string, value: string) => `  ${field(name, value, FIELD - 2)}`
const at = (l: Located | undefined) => (l ? `  (${locationText(l)})` : '')
const order = (n: number | null) => (n === null ? 'none' : String(n))
const STAGE_TITLES: Record<StageLine['stage'], string> = {untracked: 'Untracked (doNotTrack)', prednat: 'Pre-DNAT', normal: 'Normal', forward: 'Forward (applyOnForward)'}
const PROFILE_STATUS: Record<EndpointDescription['profiles'][number]['status'], string> = {
  present: '',
  'built-in': ' (built in)',
  'derived-from-kubernetes': ' (derived from Kubernetes, not in the input)',
  missing: ' (missing: deny all)',
}

function directionText(title: string, line: LocatedDirection): string[] {
  const out = [`${title}:`]
  if (line.stages.length === 0) out.push('  No policy selects the endpoint.')
  for (const stage of line.stages) {
    out.push(`  ${STAGE_TITLES[stage.stage]}:`)
    for (const tier of stage.tiers) {
      out.push(`    Tier ${tier.name} (order ${order(tier.order)}, end of tier: ${tier.endOfTier})`)
      for (const p of tier.policies) {
        out.push(`      ${p.staged ? 'Staged policy' : 'Policy'} ${p.name} (order ${order(p.order)}; types ${p.types.join(', ')})${p.staged ? ': never enforced' : ''}${at(p.location)}`)
        if (p.rules.length === 0) out.push('        (no rules for this direction)')
        for (const r of p.rules) out.push(`        [${r.index}] ${r.summary}${at(r.location)}`)
      }
    }
  }
  out.push(subField('Unmatched', line.otherwise))
  for (const n of line.notes) out.push(`  Note: ${n}`)
  return out
}

function describeText(d: LocatedDescription): string {
  const own = Object.entries(d.labels.own).map(([k, v]) => `${k}=${v}`)
  const inherited = d.labels.inherited.map(l => `${l.key}=${l.value} (from profile ${l.profile})`)
  const list = (items: string[], empty = '<none>') => (items.length === 0 ? [empty] : items)
  const block = (name: string, items: string[]) => items.map((item, i) => (i === 0 ? field(name, item) : `${' '.repeat(FIELD)}${item}`))
  const lines = [
    field('Name', d.name),
    field('Node', d.node),
    field('Interface', d.interfaceName === '' ? '<none> (matched by expectedIPs)' : d.interfaceName),
    field('Expected IPs', d.expectedIPs.join(', ') || '<none>'),
    ...(d.location ? [field('Source', locationText(d.location))] : []),
    field('Governs', d.governs),
    ...(d.shadowedBy ? [field('Shadowed by', `${d.shadowedBy} (it takes the interface: this endpoint is not active there)`)] : []),
    ...block('Labels', list(own)),
    ...block('Inherited labels', list(inherited)),
    field('Profiles', d.profiles.map(p => `${p.name}${PROFILE_STATUS[p.status]}`).join(', ') || '<none>'),
    'Failsafe ports:',
    subField('Inbound', `${d.failsafe.inbound.join(', ') || '<none>'}  (${d.failsafe.source.inbound})`),
    subField('Outbound', `${d.failsafe.outbound.join(', ') || '<none>'}  (${d.failsafe.source.outbound})`),
    ...d.failsafe.notes.map(n => `  Note: ${n}`),
    ...directionText('Ingress', d.directions.ingress),
    ...directionText('Egress', d.directions.egress),
    ...directionText('Forwarded ingress', d.directions.forwardIngress),
    ...directionText('Forwarded egress', d.directions.forwardEgress),
  ]
  if (d.notes.length > 0) lines.push('Notes:', ...d.notes.map(n => `  - ${n}`))
  if (d.assumptions.length > 0) lines.push('Assumptions:', ...d.assumptions.map(a => `  - ${a}`))
  return `${lines.join('\n')}\n`
}
