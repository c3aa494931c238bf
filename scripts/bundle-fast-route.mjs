// Bundles the fast route (src/cli/fast-route.ts and everything it loads) after tsc: Node loads a few large
// modules much faster than the hundred small ones they are made of, and start-up is most of a small run.
// Code splitting keeps each verb and each datastore backend in a chunk of its own, loaded only when used,
// so validate never parses the others. Chunks sit in dist/cli/ beside fast-route.js, so the relative paths
// in them (schemas/, package.json, the precompiled validator) resolve as in the modules they came from.
// Packages (node_modules) stay out: they load from where they are installed, as they expect to.
//
// The chunks are CommonJS (.cjs), loaded by bin/run.js, itself CommonJS: in Node 20 the first ES module a
// process loads sets up the ES module loader, which costs up to a sixth of Node's own start-up. esbuild splits
// only ES modules, so each chunk is split as an ES module, then turned into CommonJS here: a chunk's import of
// another becomes require(), `import.meta.url` becomes the chunk file's URL. ES-module-only packages (got,
// chalk) are still loaded with import(), which CommonJS has too.
import {readFileSync, writeFileSync} from 'node:fs'
import {build, transform} from 'esbuild'

const built = await build({
  entryPoints: {'fast-route.bundle': 'dist/cli/fast-route.js'},
  outdir: 'dist/cli',
  outExtension: {'.js': '.cjs'},
  chunkNames: 'bundle-[name]-[hash]',
  bundle: true,
  packages: 'external',
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  metafile: true,
})

/** `import("./bundle-x.cjs")` of another chunk, as esbuild writes it. */
const CHUNK_IMPORT = /\bimport\((["'])(\.\/[^"']+\.cjs)\1\)/
const URL_NAME = '__hepctlModuleUrl'
const LOAD_NAME = '__hepctlLoadChunk'

for (const file of Object.keys(built.metafile.outputs)) {
  if (!file.endsWith('.cjs')) continue
  let code = readFileSync(file, 'utf8')
  const loadsChunks = CHUNK_IMPORT.test(code)
  code = code.replace(new RegExp(CHUNK_IMPORT, 'g'), (_, _quote, path) => `${LOAD_NAME}(${JSON.stringify(path)})`)
  const banner = [
    // ES modules are strict code; the CommonJS chunk stays so.
    '"use strict";',
    code.includes('import.meta.url') ? `const ${URL_NAME} = require("node:url").pathToFileURL(__filename).href;` : '',
    // import() of a chunk resolves on a later turn, as require() inside a then does.
    loadsChunks ? `const ${LOAD_NAME} = path => Promise.resolve().then(() => require(path));` : '',
  ].filter(Boolean).join('\n')
  const out = await transform(code, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: {'import.meta.url': URL_NAME},
    banner,
    logLevel: 'warning',
  })
  if (/\bimport\.meta\b/.test(out.code) || CHUNK_IMPORT.test(out.code)) {
    throw new Error(`bundle-fast-route: ${file} still holds import.meta or an import() of a chunk after the change to CommonJS`)
  }
  writeFileSync(file, out.code)
}
