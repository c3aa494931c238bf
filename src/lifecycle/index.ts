/** What the commands mean, once, on top of any Datastore. Returns per-resource results; never prints. */
export {applyResources, createResources, deleteResources, diffResources, replaceResources} from './bulk-commands.js'
export {labelResource, patchResource, type LabelChange, type SingleOptions} from './single-resource.js'
export {applyMergePatch} from './merge-patch.js'
export type {Action, BulkOptions, ResourceResult, ValidateResource} from './resource-result.js'
