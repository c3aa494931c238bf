import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {completeWords} from '../../src/cli/completion-candidates.js'
import {toolAvailable} from '../support/required-tool.js'
import {fileStoreEnv, hepctl, hepctlBin, hepYaml, runProcess, tempDir} from '../support/cli.js'

const hasShell = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0
const noNames = async (): Promise<string[]> => []

describe('completion candidates', () => {
  it('completes commands, leaving out hidden ones', async () => {
    const {words} = await completeWords(['c'], noNames)
    expect(words).toEqual(['create', 'crd', 'completion'])
  })

  it('completes the flags of the command being typed, global ones included', async () => {
    const {words} = await completeWords(['get', '--sh'], noNames)
    expect(words).toEqual(['--show-labels'])
    expect((await completeWords(['get', '--kube'], noNames)).words).toEqual(['--kubeconfig'])
    expect((await completeWords(['validate', '--st'], noNames)).words).toEqual(['--strict'])
  })

  it('completes flag values, in both the separate and the --flag=value form', async () => {
    expect((await completeWords(['get', '-o', 'j'], noNames)).words).toEqual(['json', 'jsonpath=', 'jsonpath-file='])
    expect((await completeWords(['get', '--output=y'], noNames)).words).toEqual(['--output=yaml'])
    expect(await completeWords(['apply', '-f', ''], noNames)).toEqual({words: [], files: true})
    expect(await completeWords(['get', '--kubeconfig=', ], noNames)).toEqual({words: [], files: true})
  })

  it('completes kinds, then names, passing the global flags of the line to the lister', async () => {
    expect((await completeWords(['get', ''], noNames)).words).toEqual(['hostendpoint', 'hostendpoints', 'hep', 'heps'])
    let seen: Record<string, string> = {}
    const lister = async (globals: Record<string, string>): Promise<string[]> => {
      seen = globals
      return ['a', 'b']
    }
    expect((await completeWords(['--kubeconfig', 'kc', 'delete', 'hep', 'a', ''], lister)).words).toEqual(['b'])
    expect(seen).toEqual({kubeconfig: 'kc'})
    expect((await completeWords(['label', 'hep', 'a', ''], lister)).words).toEqual([])
    expect((await completeWords(['completion', ''], noNames)).words).toEqual(['bash', 'zsh', 'fish', 'powershell'])
  })

  it('offers nothing after an unknown command', async () => {
    expect(await completeWords(['gett', ''], noNames)).toEqual({words: [], files: false})
  })
})

describe('hepctl completion', () => {
  it('refuses an unknown shell with a usage error', async () => {
    const result = await hepctl(['completion', 'tcsh'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unsupported shell "tcsh": expected one of bash, zsh, fish, powershell')
  })

  it('does not list __complete among the commands', async () => {
    const help = await hepctl(['--help'])
    expect(help.stdout).toContain('completion')
    expect(help.stdout).not.toContain('__complete')
  })
})

describe('the bash script, in a real bash', () => {
  const store = tempDir()
  const bin = tempDir()
  const env = {...fileStoreEnv(store.path), PATH: `${bin.path}:${process.env.PATH}`, HOME: process.env.HOME, NO_COLOR: '1'}

  beforeAll(async () => {
    // hepctl on PATH, as a user has it.
    writeFileSync(join(bin.path, 'hepctl'), `#!/bin/sh\nexec "${process.execPath}" "${hepctlBin}" "$@"\n`)
    chmodSync(join(bin.path, 'hepctl'), 0o755)
    const manifests = ['web-1', 'web-2', 'db-1'].map(n => hepYaml(n)).join('---\n')
    const created = await hepctl(['create', '-f', '-'], {env: fileStoreEnv(store.path), input: manifests})
    expect(created.code).toBe(0)
    writeFileSync(join(bin.path, 'completion.bash'), (await hepctl(['completion', 'bash'])).stdout)
  })
  afterAll(() => {
    store.cleanup()
    bin.cleanup()
  })

  /** COMPREPLY for a command line split as bash splits it (COMP_WORDBREAKS included), the cursor on the last word. */
  async function complete(words: string[]): Promise<string[]> {
    const script = `source ${JSON.stringify(join(bin.path, 'completion.bash'))}
COMP_WORDS=(${words.map(w => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
COMP_LINE="\${COMP_WORDS[*]}"
COMP_POINT=\${#COMP_LINE}
_hepctl_complete
printf '%s\\n' "\${COMPREPLY[@]}"
`
    const result = await runProcess('bash', ['--norc', '-c', script], {cwd: bin.path, env})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    return result.stdout.split('\n').filter(l => l !== '')
  }

  it.runIf(toolAvailable('bash', hasShell('bash'), 'apt-get install bash'))('registers itself for hepctl', () => {
    const out = execFileSync('bash', ['--norc', '-c', `source ${JSON.stringify(join(bin.path, 'completion.bash'))}; complete -p hepctl`], {encoding: 'utf8'})
    expect(out.trim()).toBe('complete -F _hepctl_complete hepctl')
  })

  it.runIf(hasShell('bash'))('completes commands and flags', async () => {
    expect(await complete(['hepctl', 'del'])).toEqual(['delete'])
    expect(await complete(['hepctl', 'get', '--no-'])).toEqual(['--no-headers'])
  })

  it.runIf(hasShell('bash'))('completes kinds, and names from the file store', async () => {
    expect(await complete(['hepctl', 'get', 'h'])).toEqual(['hostendpoint', 'hostendpoints', 'hep', 'heps'])
    expect(await complete(['hepctl', 'get', 'hostendpoint'])).toEqual(['hostendpoint', 'hostendpoints'])
    expect(await complete(['hepctl', 'get', 'hep', 'web'])).toEqual(['web-1', 'web-2'])
    expect(await complete(['hepctl', 'delete', 'hep', 'web-1', ''])).toEqual(['db-1', 'web-2'])
    expect(await complete(['hepctl', 'patch', 'hep', 'd'])).toEqual(['db-1'])
  })

  it.runIf(hasShell('bash'))('completes a value after = with only the part bash replaces', async () => {
    // bash splits --output=ya into --output, =, ya; readline replaces only "ya".
    expect(await complete(['hepctl', 'get', '--output', '=', 'ya'])).toEqual(['yaml'])
    expect(await complete(['hepctl', 'get', '-o', 'go'])).toEqual(['go-template=', 'go-template-file='])
  })

  it.runIf(hasShell('bash'))('completes file names after -f', async () => {
    writeFileSync(join(bin.path, 'hosts.yaml'), hepYaml('x'))
    expect(await complete(['hepctl', 'apply', '-f', 'host'])).toEqual(['hosts.yaml'])
  })
})

describe('the zsh and fish scripts', () => {
  it.runIf(toolAvailable('zsh', hasShell('zsh'), 'apt-get install zsh'))('parse in zsh', async () => {
    const script = (await hepctl(['completion', 'zsh'])).stdout
    expect(spawnSync('zsh', ['-n'], {input: script}).status).toBe(0)
  })

  it.runIf(toolAvailable('fish', hasShell('fish'), 'apt-get install fish'))('parse in fish, and complete names from the file store', async () => {
    const script = (await hepctl(['completion', 'fish'])).stdout
    const store = tempDir()
    const bin = tempDir()
    try {
      writeFileSync(join(bin.path, 'hepctl.fish'), script)
      const check = spawnSync('fish', ['-n', join(bin.path, 'hepctl.fish')], {encoding: 'utf8'})
      expect(check.stderr).toBe('')
      expect(check.status).toBe(0)
      writeFileSync(join(bin.path, 'hepctl'), `#!/bin/sh\nexec "${process.execPath}" "${hepctlBin}" "$@"\n`)
      chmodSync(join(bin.path, 'hepctl'), 0o755)
      expect((await hepctl(['create', '-f', '-'], {env: fileStoreEnv(store.path), input: hepYaml('web-1')})).code).toBe(0)
      const env = {...fileStoreEnv(store.path), PATH: `${bin.path}:${process.env.PATH}`, HOME: bin.path}
      const result = await runProcess('fish', ['--no-config', '-c', `source ${join(bin.path, 'hepctl.fish')}; complete -C 'hepctl get hep '`], {cwd: bin.path, env})
      expect(result.stdout.trim()).toBe('web-1')
    } finally {
      store.cleanup()
      bin.cleanup()
    }
  })
})
