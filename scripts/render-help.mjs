// Renders oclif's help for every command once, at build time, into dist/help.json, which the fast route
// prints instead of loading oclif (src/cli/stored-help.ts). Each text is what `hepctl COMMAND --help` prints
// into a pipe, taken from the built CLI itself with oclif rendering it live, so the two cannot differ.
import {execFile} from 'node:child_process'
import {readFileSync, renameSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const run = promisify(execFile)
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
const commands = ['', ...Object.keys(manifest.commands).map(id => id.replaceAll(':', ' '))]
const env = {...process.env, HEPCTL_LIVE_HELP: '1'}
delete env.OCLIF_COLUMNS
const texts = Object.fromEntries(
  await Promise.all(
    commands.map(async command => {
      const argv = [...(command ? command.split(' ') : []), '--help']
      const {stdout} = await run(process.execPath, [join(root, 'bin', 'run.js'), ...argv], {env, cwd: root})
      return [command, stdout]
    }),
  ),
)
const target = join(root, 'dist', 'help.json')
writeFileSync(`${target}.new`, JSON.stringify(texts))
renameSync(`${target}.new`, target)
