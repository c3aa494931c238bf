import {type ConfigFlags, resolveConfig} from '../config/calico-config.js'
import type {Datastore} from '../datastore/datastore.js'
import {openDatastore} from '../datastore/open-datastore.js'
import type {GlobalFlagValues} from './verb.js'

/** What the global flags say about configuration. */
export function configFlags(flags: GlobalFlagValues): ConfigFlags {
  return {config: flags.config, context: flags.context, kubeconfig: flags.kubeconfig, requestTimeout: flags['request-timeout']}
}

/**
 * Opens the configured datastore for the length of `work`, and always closes it. A writing command
 * (`writing`) gets a note on stderr when the file store was used by default beside a kubeconfig.
 */
export async function withDatastore<T>(
  flags: GlobalFlagValues,
  work: (store: Datastore) => Promise<T>,
  options: {writing?: boolean} = {},
): Promise<T> {
  const resolved = resolveConfig(configFlags(flags))
  const store = await openDatastore(resolved.datastore)
  if (options.writing && resolved.fileStoreByDefaultBesideKubeconfig) {
    const {defaultFileStoreNote} = await import('../output/datastore-place.js')
    process.stderr.write(defaultFileStoreNote(store))
  }
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
