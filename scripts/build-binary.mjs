// `npm run build:binary`: one executable file that needs neither Node nor node_modules where it runs.
// It is Node's single executable application (SEA): a copy of the node binary with one CommonJS script
// injected by postject. After `npm run build`, this script bundles all of hepctl into that one script:
// the fast route, every verb and datastore, the precompiled schema validator, the packages they use, and
// oclif with the command classes for help and the argv the fast route leaves to it.
//
// Inside the binary there is no package folder to read files from, so the bundle gives every built module
// a place under a virtual root (/hepctl/dist/...), and two small stand-ins answer, for those modules only:
// `fs.readFileSync` for the files they read beside themselves (the JSON Schema, package.json), and
// `createRequire(...)` for what they load lazily (the yaml package, the precompiled validator). oclif gets
// its root plugin ready-made, with the command classes in memory instead of files to import.
import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {arch, platform} from 'node:os'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const out = join(dist, 'bin')
const VIRTUAL_ROOT = '/hepctl'
/** The name the binary gets: hepctl-linux-x64, hepctl-darwin-arm64, ... */
export const BINARY_NAME = `hepctl-${platform()}-${arch()}`
/** The fuse postject flips so that Node runs the injected script (from Node's SEA documentation). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'

// macOS and Windows need more steps (removing and renewing the code signature, a Mach-O segment name);
// they are neither written nor tested here.
if (platform() !== 'linux') {
  console.error(`build-binary: builds on Linux only (this is ${platform()})`)
  process.exit(1)
}
for (const needed of ['cli/fast-route.js', 'commands', 'schema/hostendpoint.validator.cjs']) {
  if (!existsSync(join(dist, needed))) {
    console.error(`build-binary: dist/${needed} is missing; run npm run build first`)
    process.exit(1)
  }
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
/** oclif's ids of the built commands: dist/commands/datastore/migrate/export.js is `datastore:migrate:export`. */
const commandIds = readdirSync(join(dist, 'commands'), {recursive: true})
  .filter(f => f.endsWith('.js'))
  .map(f => f.slice(0, -3).split(sep).join(':'))
  .sort()
/** The precompiled schema validators, one per kind (scripts/compile-schema.mjs). */
const validators = readdirSync(join(dist, 'schema')).filter(f => f.endsWith('.validator.cjs')).sort()

/** The script Node runs: the fast route, else oclif over the bundled commands. */
const entry = `
import {runFastRoute} from './dist/cli/fast-route.js'

async function main() {
  const handled = await runFastRoute(process.argv.slice(2))
  if (handled === true) return
  // oclif checks Node's version against its own package.json, which is not a file here (and Node is built in).
  process.env.OCLIF_DISABLE_ENGINE_WARNING = 'true'
  const {Config, execute} = await import('@oclif/core')
  const {oclifRootPlugin} = await import('hepctl:oclif-plugin')
  const plugin = await oclifRootPlugin()
  const config = new Config({root: plugin.root, pjson: plugin.pjson, plugins: new Map([[plugin.name, plugin]])})
  await config.load()
  await execute({args: handled, loadOptions: config})
}

main()
`

/** oclif's root plugin with the command classes already loaded ('explicit' discovery, no files). */
const oclifPlugin = `
${commandIds.map((id, i) => `import command${i} from './dist/commands/${id.split(':').join('/')}.js'`).join('\n')}
const COMMANDS = {${commandIds.map((id, i) => `${JSON.stringify(id)}: command${i}`).join(', ')}}
const pjson = ${JSON.stringify({
  name: pkg.name, version: pkg.version, description: pkg.description, type: 'commonjs',
  oclif: {...pkg.oclif, commands: {strategy: 'explicit', target: './commands.js', identifier: 'COMMANDS'}},
})}

export async function oclifRootPlugin() {
  const {Plugin} = await import('@oclif/core')
  const plugin = new Plugin({isRoot: true, root: ${JSON.stringify(VIRTUAL_ROOT)}, pjson, ignoreManifest: true})
  plugin.commandCache = COMMANDS
  await plugin.load()
  return plugin
}
`

/** Files the built modules read beside themselves, keyed by their path under the virtual root. */
const embeddedFiles = {
  ...Object.fromEntries(
    readdirSync(join(root, 'schemas'))
      .filter(f => f.endsWith('.json'))
      .map(f => [`${VIRTUAL_ROOT}/schemas/${f}`, readFileSync(join(root, 'schemas', f), 'utf8')]),
  ),
  [`${VIRTUAL_ROOT}/package.json`]: JSON.stringify({name: pkg.name, version: pkg.version}),
}

/** node:fs for the built modules: the embedded files, else the real file system. */
const fsStandIn = `
import * as fs from 'node:fs'
import {fileURLToPath} from 'node:url'
export * from 'node:fs'
const EMBEDDED = ${JSON.stringify(embeddedFiles)}
export function readFileSync(file, options) {
  const path = file instanceof URL && file.protocol === 'file:' ? fileURLToPath(file) : file
  if (typeof path === 'string' && Object.hasOwn(EMBEDDED, path)) {
    const encoding = typeof options === 'string' ? options : options?.encoding
    return encoding ? EMBEDDED[path] : Buffer.from(EMBEDDED[path])
  }
  return fs.readFileSync(file, options)
}
export default {...fs, readFileSync}
`

/** node:module for the built modules: createRequire over what is bundled (loaded when first required) and Node's own modules. */
const moduleStandIn = `
const modules = {
  yaml: () => require('yaml'),
${validators.map(f => `  ${JSON.stringify(`${VIRTUAL_ROOT}/dist/schema/${f}`)}: () => require('./dist/schema/${f}'),`).join('\n')}
}
exports.createRequire = () => id => {
  if (Object.hasOwn(modules, id)) return modules[id]()
  // Node's own modules (node:net, node:crypto) are in the binary: its require loads them.
  if (id.startsWith('node:')) return require(id)
  const error = new Error('Cannot find module ' + JSON.stringify(id) + ' (not bundled into this binary)')
  error.code = 'MODULE_NOT_FOUND'
  throw error
}
`

const virtual = {'oclif-plugin': oclifPlugin, fs: fsStandIn, module: moduleStandIn}

/** Resolves the stand-ins for modules under dist/, and gives those modules their virtual import.meta.url. */
const binaryPlugin = {
  name: 'hepctl-binary',
  setup(b) {
    b.onResolve({filter: /^hepctl:/}, args => ({path: args.path.slice('hepctl:'.length), namespace: 'hepctl'}))
    b.onResolve({filter: /^(node:)?(fs|module)$/}, args => {
      if (!args.importer.startsWith(dist + '/')) return undefined
      return {path: args.path.replace(/^node:/, ''), namespace: 'hepctl'}
    })
    b.onLoad({filter: /.*/, namespace: 'hepctl'}, args => ({contents: virtual[args.path], loader: 'js', resolveDir: root}))
    b.onLoad({filter: /\.js$/}, args => {
      if (!args.path.startsWith(dist + '/')) return undefined
      const url = `file://${VIRTUAL_ROOT}/${relative(root, args.path)}`
      const source = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(url))
      return {contents: source, loader: 'js'}
    })
  },
}

rmSync(out, {recursive: true, force: true})
mkdirSync(out, {recursive: true})
const script = join(out, 'hepctl.cjs')
const bundled = await build({
  stdin: {contents: entry, resolveDir: root, sourcefile: 'binary-entry.js', loader: 'js'},
  outfile: script,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  keepNames: true,
  // The bundled packages' licence notices stay in the script the binary carries.
  legalComments: 'eof',
  plugins: [binaryPlugin],
  // oclif loads TypeScript only to run commands from .ts sources, which the binary never does.
  external: ['typescript'],
  metafile: true,
  logLevel: 'warning',
  // import.meta appears only in modules the binary never runs that way (replaced above for dist/).
  logOverride: {'empty-import-meta': 'silent'},
})

writeFileSync(join(out, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(Object.keys(bundled.metafile.inputs)))

// Node's SEA steps: a preparation blob from the script, a copy of node, the blob injected into the copy.
const seaConfig = join(out, 'sea-config.json')
const blob = join(out, 'hepctl.blob')
writeFileSync(seaConfig, JSON.stringify({
  main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true,
}))
execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], {stdio: 'pipe'})
const binary = join(out, BINARY_NAME)
copyFileSync(process.execPath, binary)
const postject = join(root, 'node_modules', 'postject', 'dist', 'cli.js')
// postject's ELF library warns about note sections it does not know; only a failure is worth showing.
execFileSync(process.execPath, [postject, binary, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {stdio: 'pipe'})
rmSync(blob)
rmSync(seaConfig)
console.log(`build-binary: wrote ${relative(root, binary)}`)

/** The licence texts of the packages bundled into the binary, to ship beside it. */
function thirdPartyLicenses(inputs) {
  const packages = new Set()
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (match) packages.add(match[1])
  }
  const sections = [...packages].sort().map(dir => {
    const meta = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
    const file = readdirSync(join(root, dir)).find(f => /^(licen[cs]e|copying)/i.test(f))
    const text = file ? readFileSync(join(root, dir, file), 'utf8').trim() : `(no licence file; package.json says ${meta.license})`
    return `${meta.name} ${meta.version} (${meta.license})\n\n${text}\n`
  })
  return `hepctl's binary bundles these packages. Their licences:\n\n${sections.join('\n' + '-'.repeat(78) + '\n\n')}`
}
