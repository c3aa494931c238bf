/**
 * Safety lints (reference §6): valid HostEndpoints that probably do not do what their author wants. All are
 * warnings; strict mode makes them errors.
 */
import type {Finding} from './finding.js'
import {isJsonObject} from '../json/json-object.js'

export const DEFAULT_ALLOW_PROFILE = 'projectcalico-default-allow'

/** Said by the lints that guess what policies do: given the policies (validate -f), hepctl judges exactly. */
const NO_POLICIES = '(no policies given: judged from the endpoint alone)'

/** Lints one normalized HostEndpoint, appending warnings. */
export function lintHostEndpoint(resource: unknown, findings: Finding[]): void {
  if (!isJsonObject(resource) || !isJsonObject(resource.spec)) return
  const spec = resource.spec
  const iface = spec.interfaceName
  const all = iface === '*'
  const covered = all ? 'every interface of the host' : 'its interface'

  const profiles = spec.profiles
  if (profiles === undefined || (Array.isArray(profiles) && !profiles.includes(DEFAULT_ALLOW_PROFILE))) {
    const none = profiles === undefined
    findings.push({
      severity: 'warning',
      code: 'no-allow-profile',
      path: ['spec', 'profiles'],
      message: `${none ? 'spec.profiles is not set' : `spec.profiles does not include ${DEFAULT_ALLOW_PROFILE}`}: ` +
        `traffic to and from ${covered} is denied (apart from failsafe ports) unless a ${none ? '' : 'listed '}profile or a policy allows it; add ${DEFAULT_ALLOW_PROFILE} to allow all ${NO_POLICIES}`,
    })
  }

  if (all) {
    findings.push({
      severity: 'warning',
      code: 'all-interfaces',
      path: ['spec', 'interfaceName'],
      message: 'spec.interfaceName "*" puts every interface of the host under this endpoint\'s policy',
    })
  }

  if (spec.expectedIPs === undefined && typeof iface === 'string' && iface !== '') {
    findings.push({
      severity: 'warning',
      code: 'no-expected-ips',
      path: ['spec', 'expectedIPs'],
      message: `spec.expectedIPs is not set: Calico takes a host endpoint's addresses only from expectedIPs, so rules that select it by label match none ${NO_POLICIES}`,
    })
  }
}
