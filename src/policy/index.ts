/**
 * hepctl's policy analysis: Calico selectors, the policy model, `trace` and `describe`. Pure and
 * datastore-free: callers read the resources, and map resource refs and field paths back to files.
 */
export * from './types.js'
export {buildModel, resolveTypes, type PolicyModel, type WritePath, type EndpointInfo, type PolicyInfo, type TierInfo} from './model.js'
export {trace, resolveEndpoint, tierGroups, PacketError, DIRECTIONS, type Direction, type Packet, type Step, type Stage, type TraceResult, type Verdict} from './engine.js'
export {describeEndpoint, ruleSummary, type EndpointDescription, type DirectionLine, type TierLine, type PolicyLine, type RuleLine} from './describe.js'
export {failsafesFor, failsafeText, DEFAULT_INBOUND, DEFAULT_OUTBOUND, type Failsafes, type FailsafeEntry} from './failsafe.js'
export {parseSelector, selectorProblem, labelMap, SelectorSyntaxError, type Selector} from './selector/index.js'
