/** create, apply and replace: manifests in, one lifecycle call, one result line per resource. */
import {applyResources, createResources, replaceResources} from '../../lifecycle/index.js'
import type {Datastore} from '../../datastore/datastore.js'
import type {HostEndpoint} from '../../model/hostendpoint.js'
import type {BulkOptions, ResourceResult} from '../../lifecycle/resource-result.js'
import {ExitCode} from '../exit-codes.js'
import {type FlagTable, type FlagValues, NO_POSITIONALS, type Verb} from '../flag-table.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace, writeFlags} from '../global-flags.js'
import {loadValidObjects} from '../load-manifests.js'
import {runWrite} from '../write-flow.js'

type Operation = (store: Datastore, objects: HostEndpoint[], flags: FlagValues, options: BulkOptions) => Promise<ResourceResult[]>

function writeVerb(name: 'create' | 'apply' | 'replace', extraFlags: FlagTable, operation: Operation): Verb {
  return {
    flags: {...manifestFlags(true), ...writeFlags, ...extraFlags},
    positionals: NO_POSITIONALS,
    async run(flags) {
      refuseNamespace(flags)
      const objects = await loadValidObjects(flags.filename as string[], manifestLoadOptions(flags))
      if (objects.length === 0) return ExitCode.OK
      return runWrite(name, objects.length, flags, (store, options) => operation(store, objects, flags, options))
    },
  }
}

export const create = writeVerb(
  'create',
  {'skip-exists': {type: 'boolean', description: 'an object that already exists is not an error (it is left as it is)'}},
  (store, objects, flags, options) => createResources(store, objects, {...options, skipExists: Boolean(flags['skip-exists'])}),
)
export const apply = writeVerb('apply', {}, (store, objects, _flags, options) => applyResources(store, objects, options))
export const replace = writeVerb('replace', {}, (store, objects, _flags, options) => replaceResources(store, objects, options))
