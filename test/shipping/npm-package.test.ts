// The npm package as a user installs it: `npm pack` of the built tree, `npm install ./hepctl-*.tgz` into an
// empty folder outside the repository, and the first session through `npx hepctl`.
import {execFileSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {repoRoot, tempDir} from '../support/cli.js'
import {nodeModulesReachable, runProgram, userSession} from './session.js'

const dir = tempDir('hepctl-npm-')
const project = join(dir.path, 'project')
afterAll(() => dir.cleanup())

const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund'], {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
let files: string[] = []

beforeAll(() => {
  // The tree is built already (npm test builds first); --ignore-scripts keeps pack from rebuilding it
  // under the other tests' feet.
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir.path], repoRoot))
  files = packed.files.map((f: {path: string}) => f.path)
  execFileSync('mkdir', ['-p', project])
  expect(nodeModulesReachable(project)).toBe(false)
  npm(['init', '-y'], project)
  const tarball = readdirSync(dir.path).find(f => /^hepctl-.*\.tgz$/.test(f))!
  npm(['install', '--prefer-offline', `../${tarball}`], project)
}, 300_000)

describe('the npm package', () => {
  it('ships what runs, and nothing it cannot run', () => {
    for (const needed of ['bin/run.js', 'package.json', 'oclif.manifest.json', 'bin/package.json', 'dist/cli/fast-route.bundle.cjs', 'dist/crd.json', 'dist/schema/hostendpoint.validator.cjs', 'dist/schema/globalnetworkpolicy.validator.cjs', 'dist/commands/validate.js', 'schemas/hostendpoint.schema.json']) {
      expect(files).toContain(needed)
    }
    // bin/dev.mjs needs tsx, a development dependency; the binary is shipped on its own.
    expect(files.filter(f => f.startsWith('bin/'))).toEqual(['bin/package.json', 'bin/run.js'])
    expect(files.filter(f => /^(src|test|scripts|bench|dist\/bin)\//.test(f))).toEqual([])
  })

  it('runs the first session through npx', async () => {
    await userSession((args, env) => runProgram('npx', ['--no-install', 'hepctl', ...args], {
      cwd: project, env: {PATH: process.env.PATH, HOME: process.env.HOME, ...env},
    }), dir.path)
  })
})
