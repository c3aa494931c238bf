import {type ConfigFlags, resolveConfig} from '../config/calico-config.js'
import type {Datastore} from '../datastore/datastore.js'
import {openDatastore} from '../datastore/open-datastore.js'
import type {GlobalFlagValues} from './verb.js'

/** What the global flags say about configuration. */
export function configFlags(flags: GlobalFlagValues): ConfigFlags {
  return {config: flags.config, context: flags.context, kubeconfig: flags.kubeconfig, requestTimeout: flags['request-timeout']}
}

/** Opens the configured datastore for the length of `work`, and always closes it. */
export async function withDatastore<T>(flags: GlobalFlagValues, work: (store: Datastore) => Promise<T>): Promise<T> {
  const {datastore} = resolveConfig(configFlags(flags))
  const store = await openDatastore(datastore)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
