import {buildModel, DIRECTIONS, type Packet, PacketError, trace as tracePacket} from '../../policy/index.js'
import {renderTrace, TRACE_FORMATS} from '../../output/trace-text.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {refuseNamespace} from '../global-flags.js'
import {writeOut} from '../io.js'
import {CONTEXT_FROM_DATASTORE_FLAG, readPolicyInput} from '../policy-input.js'
import {ANY_POSITIONALS, defineVerb} from '../verb.js'

const PORT = {type: 'integer', min: 0, max: 65535} as const
const WITH_PORTS = new Set(['TCP', 'UDP', 'SCTP', 'UDPLITE', '6', '17', '132', '136'])

/** `hepctl trace`: will this packet get through a host endpoint, and why? */
export const trace = defineVerb({
  name: 'trace',
  summary: 'Say whether a packet gets through a host endpoint, and why, before anything is applied',
  description: `Follows one packet through Calico's host endpoint policy as Felix renders it: which host endpoint
governs the interface, the failsafe ports, untracked, pre-DNAT, normal and applyOnForward policy tier by
tier, the profiles and the final default. The first line is the verdict and what decided it; then every step,
with the file and line of the policy or rule it came from.

Name the endpoint (HEP_NAME), or the node and interface the packet crosses (--node, --interface; add
--interface-ip for endpoints known only by their expectedIPs). Resources come from -f (HostEndpoints,
GlobalNetworkPolicy, StagedGlobalNetworkPolicy, NetworkPolicy, Tier, Profile, FelixConfiguration,
GlobalNetworkSet); without -f, from the configured datastore: its HostEndpoints and, in Kubernetes or etcd,
the context kinds as Calico stores them (--context-from-datastore lays them under -f).

-o json prints the result as data (schemas/trace-result.schema.json); decidedBy is one of
policy:<tier>/<name>:<dir>[i]:<Action>, prednat:..., untracked:..., end-of-tier:<tier>,
profile:<name>:<dir>[i]:Allow, profile-missing:<name>, default-deny, failsafe-in:<proto>[:<net>]:<port>,
failsafe-out:..., forward-default-allow, not-policed:<reason>, endpoint-to-host-action:<Action>, conntrack,
untracked-reply-not-allowed.

Exit codes (as kubectl auth can-i): 0 allowed, 1 denied, 2 usage error, 3 input unreadable or invalid, or
the datastore unusable.`,
  examples: [
    '<%= config.bin %> trace node1-eth0 --direction ingress --protocol TCP --port 22 --src 192.0.2.10 --dst 10.0.0.1 -f policy/',
    '<%= config.bin %> trace --node node1 --interface eth1 --direction egress --protocol UDP --port 53 --src 10.0.0.1 --dst 10.0.0.53 -f policy/ -R',
    '<%= config.bin %> trace node1-eth0 --direction forward-in --protocol TCP --port 443 --src 192.0.2.10 --dst 10.244.1.5 -f policy/ -o json',
  ],
  flags: {
    node: {type: 'string', description: 'the node of the interface the packet crosses (with --interface, instead of HEP_NAME)'},
    interface: {type: 'string', description: 'the interface the packet crosses (with --node)'},
    'interface-ip': {type: 'string', multiple: true, description: 'an address of the interface, for endpoints without interfaceName; repeatable'},
    direction: {type: 'string', required: true, options: DIRECTIONS, description: 'which way the packet goes'},
    protocol: {type: 'string', required: true, description: 'TCP, UDP, SCTP, ICMP (or ICMPv6, UDPLite) or a protocol number'},
    port: {...PORT, description: 'destination port'},
    'src-port': {...PORT, description: 'source port'},
    src: {type: 'string', required: true, description: 'source IP address'},
    dst: {type: 'string', required: true, description: 'destination IP address'},
    'untracked-reply': {type: 'boolean', description: 'the packet replies to a connection an untracked (doNotTrack) policy allowed'},
    established: {type: 'boolean', description: 'the packet belongs to a connection conntrack already tracks (decidedBy conntrack)'},
    filename: {type: 'string', short: 'f', multiple: true, description: 'file, directory (.yaml, .yml, .json) or - for stdin; repeatable'},
    recursive: {type: 'boolean', short: 'R', description: 'read directories recursively'},
    'context-from-datastore': CONTEXT_FROM_DATASTORE_FLAG,
    output: {type: 'string', short: 'o', options: TRACE_FORMATS, description: 'text (default), json or yaml'},
  },
  positionals: ANY_POSITIONALS,
  async run(flags, args) {
    refuseNamespace(flags)
    const packet = packetFrom(flags, args)
    const input = await readPolicyInput(flags, 'nothing was traced')
    const model = buildModel(input.resources, {derivedProfilesRead: input.derivedProfilesRead})
    if (packet.hep !== undefined && !model.endpointByName.has(packet.hep)) {
      throw new UserFacingError(`no HostEndpoint named ${JSON.stringify(packet.hep)} is in the input (${model.endpoints.length} read)`, ExitCode.ENVIRONMENT)
    }
    let result
    try {
      result = tracePacket(model, packet)
    } catch (error) {
      if (error instanceof PacketError) throw new UserFacingError(error.message, ExitCode.USAGE)
      throw error
    }
    writeOut(renderTrace(result, flags.output ?? 'text', input.locate))
    return result.verdict === 'allow' ? ExitCode.OK : ExitCode.FAILED
  },
})

interface PacketFlags {
  node?: string
  interface?: string
  'interface-ip'?: string[]
  direction: (typeof DIRECTIONS)[number]
  protocol: string
  port?: number
  'src-port'?: number
  src: string
  dst: string
  'untracked-reply'?: boolean
  established?: boolean
}

/** The packet the flags describe; a usage error for a form the synopsis does not allow. */
function packetFrom(flags: PacketFlags, args: string[]): Packet {
  if (args.length > 1) throw new UserFacingError(`trace takes one HEP_NAME at most, got ${args.length}: ${args.join(' ')}`, ExitCode.USAGE)
  const [hep] = args
  const byInterface = flags.node !== undefined || flags.interface !== undefined
  if (hep !== undefined && byInterface) throw new UserFacingError('name the host endpoint (HEP_NAME) or the interface (--node and --interface), not both', ExitCode.USAGE)
  if (hep === undefined && (flags.node === undefined || flags.interface === undefined)) {
    throw new UserFacingError('which interface does the packet cross? Give HEP_NAME, or --node and --interface', ExitCode.USAGE)
  }
  if (hep === '') throw new UserFacingError('HEP_NAME may not be empty', ExitCode.USAGE)
  const protocol = /^\d+$/.test(flags.protocol) ? Number(flags.protocol) : flags.protocol
  const ports = WITH_PORTS.has(String(protocol).toUpperCase())
  if (!ports && (flags.port !== undefined || flags['src-port'] !== undefined)) {
    throw new UserFacingError(`--port and --src-port apply to TCP, UDP and SCTP, not to protocol ${flags.protocol}`, ExitCode.USAGE)
  }
  return {
    direction: flags.direction,
    protocol,
    src: flags.src,
    dst: flags.dst,
    ...(flags.port !== undefined ? {dstPort: flags.port} : {}),
    ...(flags['src-port'] !== undefined ? {srcPort: flags['src-port']} : {}),
    ...(hep !== undefined ? {hep} : {node: flags.node, interface: flags.interface}),
    ...(flags['interface-ip'] ? {interfaceIPs: flags['interface-ip']} : {}),
    ...(flags['untracked-reply'] ? {untrackedReply: true} : {}),
    ...(flags.established ? {established: true} : {}),
  }
}
