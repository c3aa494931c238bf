// The published pre-commit hook (.pre-commit-hooks.yaml) as a user adds it: the real pre-commit clones this
// repository at its HEAD commit, installs the hook the way it installs every `language: node` hook (npm install
// and npm pack of the sources, then a global install of the tarball into its own environment), and runs it on
// the manifests staged in a fresh git repository. Commit your changes first: pre-commit sees HEAD only.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepYaml, repoRoot, tempDir} from '../support/cli.js'
import {toolAvailable} from '../support/required-tool.js'
import {INVALID_MANIFEST, runProgram} from './session.js'

const hasPreCommit = toolAvailable('pre-commit', spawnSync('pre-commit', ['--version']).status === 0, 'Debian: apt-get install pre-commit')
const dir = tempDir('hepctl-pre-commit-')
afterAll(() => dir.cleanup())

const work = join(dir.path, 'repo')
const env = {
  ...process.env,
  PRE_COMMIT_HOME: join(dir.path, 'cache'),
  GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com',
  NO_COLOR: '1',
}
const git = (...args: string[]) => execFileSync('git', args, {cwd: work, env, encoding: 'utf8'})
/** `git commit` of what is staged, through the installed pre-commit hook (spawned, not waited on: it takes a while). */
const commit = async (message: string) => {
  const r = await runProgram('git', ['commit', '-m', message], {cwd: work, env})
  return {status: r.code, stdout: r.stdout, stderr: r.stderr}
}

/** The commit pre-commit installs the hook from, read once: a new one would mean a new installation. */
const rev = execFileSync('git', ['rev-parse', 'HEAD'], {cwd: repoRoot, encoding: 'utf8'}).trim()

function useHook(args?: string[]) {
  writeFileSync(join(work, '.pre-commit-config.yaml'), [
    'repos:',
    `- repo: ${JSON.stringify(repoRoot)}`,
    `  rev: ${rev}`,
    '  hooks:',
    '  - id: hepctl-validate',
    '    files: ^hostendpoints/',
    ...(args ? [`    args: ${JSON.stringify(args)}`] : []),
    '',
  ].join('\n'))
  git('add', '.pre-commit-config.yaml')
}

describe.runIf(hasPreCommit)('the hepctl-validate pre-commit hook', () => {
  beforeAll(async () => {
    mkdirSync(join(work, 'hostendpoints'), {recursive: true})
    git('init', '-q')
    useHook()
    // Installing the node environment builds hepctl from its sources: minutes, once.
    const installed = await runProgram('pre-commit', ['install', '--install-hooks'], {cwd: work, env})
    expect(installed.code, installed.stdout + installed.stderr).toBe(0)
  }, 600_000)

  it('refuses a commit with an invalid manifest and shows hepctl\'s problems', async () => {
    writeFileSync(join(work, 'hostendpoints', 'broken.yaml'), INVALID_MANIFEST)
    git('add', 'hostendpoints/broken.yaml')
    const refused = await commit('an invalid manifest')
    expect(refused.status).not.toBe(0)
    const output = refused.stdout + refused.stderr
    expect(output).toMatch(/hepctl validate \(Calico HostEndpoint manifests\)\.+Failed/)
    expect(output).toContain('hostendpoints/broken.yaml:8:17: error [invalid-ip]')
    expect(output).toContain('hostendpoints/broken.yaml:11:11: error [invalid-port]')
    expect(() => git('rev-parse', '--verify', 'HEAD')).toThrow() // nothing was committed
    git('rm', '-q', '--cached', 'hostendpoints/broken.yaml')
  }, 120_000)

  it('lets a commit of valid manifests through, and checks nothing outside the files it is given', async () => {
    writeFileSync(join(work, 'hostendpoints', 'web.yaml'), hepYaml('web-1'))
    writeFileSync(join(work, 'hostendpoints', 'db.json'), JSON.stringify({
      apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'db-1'},
      spec: {node: 'node2', interfaceName: 'eth1', profiles: ['projectcalico-default-allow']},
    }))
    writeFileSync(join(work, 'other.yaml'), 'not: a HostEndpoint\n')
    git('add', 'hostendpoints/web.yaml', 'hostendpoints/db.json', 'other.yaml')
    const passed = await commit('valid manifests')
    expect(passed.status, passed.stdout + passed.stderr).toBe(0)
    expect(passed.stdout + passed.stderr).toMatch(/hepctl validate \(Calico HostEndpoint manifests\)\.+Passed/)
    expect(git('log', '--format=%s')).toBe('valid manifests\n')
  }, 120_000)

  it('fails on warnings with args [--strict, -f]', async () => {
    // A warning only: spec.interfaceName "*" covers every interface of the host.
    writeFileSync(join(work, 'hostendpoints', 'all.yaml'), hepYaml('all-1', {iface: '"*"'}))
    git('add', 'hostendpoints/all.yaml')
    useHook(['--strict', '-f'])
    const refused = await commit('a warning, strict')
    expect(refused.status).not.toBe(0)
    expect(refused.stdout + refused.stderr).toContain('hostendpoints/all.yaml:7:18: error [all-interfaces]')

    useHook(['-f'])
    const passed = await commit('a warning, not strict')
    expect(passed.status, passed.stdout + passed.stderr).toBe(0)
    expect(passed.stdout + passed.stderr).toMatch(/hepctl validate \(Calico HostEndpoint manifests\)\.+Passed/)
  }, 120_000)
})
