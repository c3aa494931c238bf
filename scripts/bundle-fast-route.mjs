// Bundles validate's fast route (src/cli/fast-route.ts and what it loads) into one file, after tsc: Node
// loads one module much faster than the forty it is made of, and start-up is most of a small validate run.
// The bundle sits in dist/cli/ beside the module it is made from, so its relative paths (schemas/,
// package.json, the precompiled validator) resolve the same. Packages loaded lazily with require() (yaml,
// ajv) stay out of it.
import {build} from 'esbuild'

await build({
  entryPoints: ['dist/cli/fast-route.js'],
  outfile: 'dist/cli/fast-route.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
})
