import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real kube-apiserver for the whole run (started only when Kubernetes tests are selected).
    globalSetup: ['test/support/kube-apiserver.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // CLI and server tests spawn processes; two cores.
    maxWorkers: 2,
    minWorkers: 1,
    disableConsoleIntercept: true,
  },
})
