/**
 * For test files that use the run's one kube-apiserver (started by kube-apiserver.global.ts): the
 * connection, and a lock so that files sharing the server do not see each other's objects.
 */
import {mkdirSync, rmdirSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, inject} from 'vitest'

import {toolAvailable} from './required-tool.js'
import {wipeHostEndpoints, type KubeApiserverContext, type KubeApiserverInfo} from './kube-apiserver-process.js'

export * from './kube-apiserver-process.js'

declare module 'vitest' {
  export interface ProvidedContext {
    kubeApiserver: KubeApiserverContext
  }
}

/**
 * For a test file that uses the run's server: the connection (or undefined when there is none, with the
 * reason logged once), holding the server's lock from beforeAll to afterAll and starting from an empty store.
 */
export function useKubeApiserver(): KubeApiserverInfo | undefined {
  const context = inject('kubeApiserver')
  if (!context.available) {
    toolAvailable('a kube-apiserver', false, context.reason) // under CI this fails the run
    return undefined
  }
  const lock = join(context.stateDir, 'test-lock')
  beforeAll(async () => {
    for (;;) {
      try {
        mkdirSync(lock)
        break
      } catch {
        await new Promise(r => setTimeout(r, 100))
      }
    }
    await wipeHostEndpoints(context)
  })
  afterAll(async () => {
    await wipeHostEndpoints(context).catch(() => undefined)
    rmdirSync(lock)
  })
  return context
}
