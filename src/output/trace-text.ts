/**
 * What `hepctl trace` prints: the verdict on the first line, then the packet, the endpoint and every step of
 * the evaluation with the file and line it came from (text); or the engine's result with those places filled
 * in, as schemas/trace-result.schema.json describes it (json, yaml).
 */
import type {Step, TraceResult} from '../policy/engine.js'
import {type Located, type Locator, locationText} from './trace-input.js'
import {toYaml} from './yaml-text.js'

export const TRACE_FORMATS = ['text', 'json', 'yaml'] as const
export type TraceFormat = (typeof TRACE_FORMATS)[number]

export type LocatedStep = Step & {location?: {file: string; line: number; column: number}}
export type LocatedTraceResult = Omit<TraceResult, 'steps'> & {apiVersion: 'hepctl/v1'; kind: 'TraceResult'; steps: LocatedStep[]}

/** The result as data: every step about a resource read from a file gets its `location`. */
export function traceData(result: TraceResult, locate: Locator): LocatedTraceResult {
  const steps = result.steps.map((step): LocatedStep => {
    const at = step.resource && locate(step.resource, step.path)
    return at ? {...step, location: {file: at.file, line: at.line, column: at.column ?? 1}} : step
  })
  return {apiVersion: 'hepctl/v1', kind: 'TraceResult', ...result, steps}
}

export function renderTrace(result: TraceResult, format: TraceFormat, locate: Locator): string {
  const data = traceData(result, locate)
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`
  if (format === 'yaml') return toYaml(data)
  return traceText(data)
}

/** Depth of a step under its stage: policies inside their tier, rules inside their policy or profile. */
function depth(step: Step): number {
  switch (step.kind) {
    case 'policy':
    case 'end-of-tier':
      return 1
    case 'rule':
      return step.stage === 'profiles' ? 1 : 2
    default:
      return 0
  }
}

function packetText(p: TraceResult['packet']): string {
  const port = (ip: string, n: number | undefined) => (n === undefined ? ip : ip.includes(':') ? `[${ip}]:${n}` : `${ip}:${n}`)
  const where = p.hep !== undefined ? `host endpoint ${p.hep}` : `interface ${p.interface ?? ''} of node ${p.node ?? ''}`
  const ips = p.interfaceIPs?.length ? ` (addresses ${p.interfaceIPs.join(', ')})` : ''
  return `${String(p.protocol).toUpperCase()} ${port(p.src, p.srcPort)} -> ${port(p.dst, p.dstPort)}, ${p.direction}, ${where}${ips}${p.untrackedReply ? ', reply of an untracked connection' : ''}`
}

const at = (l: Located | undefined) => (l ? `  (${locationText(l)})` : '')

function traceText(r: LocatedTraceResult): string {
  const lines: string[] = [`${r.verdict === 'allow' ? 'allowed' : 'denied'} by ${r.decidedBy}`, '', `Packet:    ${packetText(r.packet)}`]
  if (r.endpoint) {
    const endpointStep = r.steps.find(s => s.stage === 'endpoint' && s.kind === 'endpoint' && s.resource?.name === r.endpoint!.name)
    lines.push(`Endpoint:  ${r.endpoint.name} (node ${r.endpoint.node}, interface ${r.endpoint.interfaceName === '' ? 'by expectedIPs' : `"${r.endpoint.interfaceName}"`})${at(endpointStep?.location)}`)
  } else {
    lines.push('Endpoint:  none')
  }
  lines.push('', 'Path:')
  const width = Math.max(...r.steps.map(s => s.stage.length))
  for (const step of r.steps) {
    const indent = '  '.repeat(depth(step))
    lines.push(`  ${step.stage.padEnd(width)}  ${indent}${step.message}${at(step.location)}`)
    if (step.inference) lines.push(`  ${''.padEnd(width)}  ${indent}  inference: ${step.inference}`)
  }
  if (r.assumptions.length > 0) {
    lines.push('', 'Assumptions:')
    for (const a of r.assumptions) lines.push(`  - ${a}`)
  }
  return `${lines.join('\n')}\n`
}
