// Bundles the fast route (src/cli/fast-route.ts and everything it loads) after tsc: Node loads a few large
// modules much faster than the hundred small ones they are made of, and start-up is most of a small run.
// Code splitting keeps each verb and each datastore backend in a chunk of its own, loaded only when used,
// so validate never parses the others. Chunks sit in dist/cli/ beside fast-route.js, so the relative paths
// in them (schemas/, package.json, the precompiled validator) resolve as in the modules they came from.
// Packages (node_modules) stay out: they load from where they are installed, as they expect to.
import {build} from 'esbuild'

await build({
  entryPoints: {'fast-route.bundle': 'dist/cli/fast-route.js'},
  outdir: 'dist/cli',
  chunkNames: 'bundle-[name]-[hash]',
  bundle: true,
  packages: 'external',
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
})
