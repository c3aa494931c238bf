/** What the commands mean, once, on top of any Datastore. Returns per-resource results; never prints. */
export {applyResources, createResources, deleteMatching, deleteResources, diffResources, replaceResources} from './bulk-commands.js'
export {getResources, listResources} from './read-resources.js'
export {labelResource, patchResource, type LabelChange, type SingleOptions} from './single-resource.js'
export {applyMergePatch} from './merge-patch.js'
export type {Action, BulkOptions, LabelEdit, Refusal, ResourceResult, ValidateResource} from './resource-result.js'
export {contextKey, mergeContext, readContext} from './read-context.js'
export {readPolicyContext, type PolicyContext} from './policy-context.js'
export {exportResources, importResources, type ImportOutcome} from './migrate.js'
