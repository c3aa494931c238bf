import {type ConfigFlags, resolveConfig} from '../config/calico-config.js'
import type {Datastore} from '../datastore/datastore.js'
import {openDatastore} from '../datastore/open-datastore.js'

/** The global flags as oclif parses them. */
export interface GlobalFlags {
  config?: string
  context?: string
  kubeconfig?: string
  'request-timeout'?: string
}

export function configFlags(flags: GlobalFlags): ConfigFlags {
  return {config: flags.config, context: flags.context, kubeconfig: flags.kubeconfig, requestTimeout: flags['request-timeout']}
}

/** Opens the configured datastore for the length of `work`, and always closes it. */
export async function withDatastore<T>(flags: GlobalFlags, work: (store: Datastore) => Promise<T>): Promise<T> {
  const {datastore} = resolveConfig(configFlags(flags))
  const store = await openDatastore(datastore)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
