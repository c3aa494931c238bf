import {renderDescription, DESCRIBE_FORMATS} from '../../output/describe-text.js'
import {missingNamesText} from '../../output/missing-names.js'
import {buildModel, describeEndpoint} from '../../policy/index.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {refuseNamespace} from '../global-flags.js'
import {writeError, writeOut} from '../io.js'
import {CONTEXT_FROM_DATASTORE_FLAG, readPolicyInput} from '../policy-input.js'
import {resourceNames} from '../resource-args.js'
import {ANY_POSITIONALS, defineVerb} from '../verb.js'

/** `hepctl describe hep NAME`: what a host endpoint does, kubectl-describe style. */
export const describe = defineVerb({
  name: 'describe',
  summary: 'Show what a HostEndpoint does: labels, interface, failsafe ports, the policies that select it',
  description: `Prints the endpoint's labels (its own and those inherited from profiles), the interface it
governs, the failsafe ports in force, and for ingress, egress and forwarded traffic the tiers and policies
that select it in evaluation order, each rule in one line, then what happens to a packet no rule matches.
Every policy and rule read from a file is shown with its file and line.

Resources come from -f, as for trace; without -f, from the configured datastore (its HostEndpoints and, in
Kubernetes or etcd, the stored context kinds); --context-from-datastore lays the stored context under -f.

Exit codes: 0 success, 1 the endpoint is not in the input, 2 usage error, 3 input unreadable or invalid, or
the datastore unusable.`,
  examples: [
    '<%= config.bin %> describe hep node1-eth0 -f policy/ -R',
    '<%= config.bin %> describe hostendpoint node1-eth0 -f hosts.yaml -f policy.yaml -o yaml',
  ],
  flags: {
    filename: {type: 'string', short: 'f', multiple: true, description: 'file, directory (.yaml, .yml, .json) or - for stdin; repeatable'},
    recursive: {type: 'boolean', short: 'R', description: 'read directories recursively'},
    'context-from-datastore': CONTEXT_FROM_DATASTORE_FLAG,
    output: {type: 'string', short: 'o', options: DESCRIBE_FORMATS, description: 'text (default), json or yaml'},
  },
  positionals: ANY_POSITIONALS,
  async run(flags, args) {
    refuseNamespace(flags)
    const names = resourceNames(args)
    if (names.length !== 1) throw new UserFacingError(`describe takes one name, got ${names.length}: describe hep NAME`, ExitCode.USAGE)
    const input = await readPolicyInput(flags, 'nothing was described')
    const description = describeEndpoint(buildModel(input.resources, {derivedProfilesRead: input.derivedProfilesRead}), names[0])
    if (!description) {
      writeError(missingNamesText(names))
      return ExitCode.FAILED
    }
    writeOut(renderDescription(description, flags.output ?? 'text', input.locate))
    return ExitCode.OK
  },
})
