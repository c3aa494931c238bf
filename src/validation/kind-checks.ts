/**
 * What validation checks for each kind of the registry (src/model/kinds.ts), beyond what every kind gets (the
 * lenient decoding and the schema, both derived from the kind's schema file, and the metadata rules): the
 * kind's own Calico rules and its safety lints. The table is keyed by KindName, so a kind added to the
 * registry without its checks does not compile.
 */
import type {KindName} from '../model/kinds.js'
import {checkHostEndpointSpec} from './calico-rules.js'
import {
  checkFelixConfiguration, checkGlobalNetworkPolicy, checkGlobalNetworkSet, checkNetworkPolicy, checkProfile,
  checkStagedGlobalNetworkPolicy, checkTier,
} from './context-rules.js'
import type {Finding} from './finding.js'
import {lintHostEndpoint} from './safety-lints.js'

export interface KindChecks {
  /** Calico's rules for the kind's own fields, on the normalized resource; appends errors. */
  rules(resource: unknown, findings: Finding[]): void
  /** Valid resources that probably do not do what their author wants; appends warnings. */
  lints(resource: unknown, findings: Finding[]): void
}

/** For the kinds that have no safety lints. */
function noLints(): void {}

export const KIND_CHECKS: {readonly [K in KindName]: KindChecks} = {
  HostEndpoint: {rules: checkHostEndpointSpec, lints: lintHostEndpoint},
  GlobalNetworkPolicy: {rules: checkGlobalNetworkPolicy, lints: noLints},
  StagedGlobalNetworkPolicy: {rules: checkStagedGlobalNetworkPolicy, lints: noLints},
  NetworkPolicy: {rules: checkNetworkPolicy, lints: noLints},
  Tier: {rules: checkTier, lints: noLints},
  Profile: {rules: checkProfile, lints: noLints},
  FelixConfiguration: {rules: checkFelixConfiguration, lints: noLints},
  GlobalNetworkSet: {rules: checkGlobalNetworkSet, lints: noLints},
}
