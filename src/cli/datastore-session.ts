import {type ConfigFlags, resolveConfig} from '../config/calico-config.js'
import type {Datastore} from '../datastore/datastore.js'
import {openDatastore} from '../datastore/open-datastore.js'
import type {FlagValues} from './flag-table.js'

/** What the global flags say about configuration. */
export function configFlags(flags: FlagValues): ConfigFlags {
  const text = (name: string) => flags[name] as string | undefined
  return {config: text('config'), context: text('context'), kubeconfig: text('kubeconfig'), requestTimeout: text('request-timeout')}
}

/** Opens the configured datastore for the length of `work`, and always closes it. */
export async function withDatastore<T>(flags: FlagValues, work: (store: Datastore) => Promise<T>): Promise<T> {
  const {datastore} = resolveConfig(configFlags(flags))
  const store = await openDatastore(datastore)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
