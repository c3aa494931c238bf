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

  it('completes TYPE/NAME as kubectl does: names after a known TYPE and its /, in the TYPE spelling typed', async () => {
    const lister = async (): Promise<string[]> => ['db-1', 'web-1', 'web-2']
    expect((await completeWords(['get', 'hep/w'], lister)).words).toEqual(['hep/web-1', 'hep/web-2'])
    expect((await completeWords(['delete', 'HostEndpoints.projectcalico.org/'], lister)).words)
      .toEqual(['HostEndpoints.projectcalico.org/db-1', 'HostEndpoints.projectcalico.org/web-1', 'HostEndpoints.projectcalico.org/web-2'])
    // A partial TYPE without / is a kind, as before.
    expect((await completeWords(['get', 'hostendpoint.'], lister)).words).toEqual([])
    expect((await completeWords(['get', 'hostendp'], lister)).words).toEqual(['hostendpoint', 'hostendpoints'])
    // After a TYPE/NAME, the next one's TYPE/ (no space follows it), then its names less those given.
    expect((await completeWords(['get', 'hep/web-1', 'hostendpoint'], lister)).words).toEqual(['hostendpoint/', 'hostendpoints/'])
    expect((await completeWords(['delete', 'hep/web-1', 'heps/'], lister)).words).toEqual(['heps/db-1', 'heps/web-2'])
    expect((await completeWords(['edit', 'hep/web-1', 'hep/'], lister)).words).toEqual(['hep/db-1', 'hep/web-2'])
    // label and patch take one resource: after it, nothing more.
    expect((await completeWords(['label', 'hep/d'], lister)).words).toEqual(['hep/db-1'])
    expect((await completeWords(['label', 'hep/db-1', 'hep/'], lister)).words).toEqual([])
    expect((await completeWords(['patch', 'hep/db-1', ''], lister)).words).toEqual([])
  })

  it('offers no TYPE/NAME for an unknown TYPE or beside a KIND NAME (which hepctl refuses)', async () => {
    let asked = 0
    const lister = async (): Promise<string[]> => {
      asked++
      return ['web-1']
    }
    expect((await completeWords(['get', 'pod/'], lister)).words).toEqual([])
    expect((await completeWords(['get', 'hep', 'hep/'], lister)).words).toEqual([])
    expect((await completeWords(['get', 'hep/web-1', 'w'], lister)).words).toEqual([])
    expect(asked).toBe(0)
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

  it.runIf(hasShell('bash'))('completes TYPE/NAME words whole, in the TYPE spelling typed (bash does not split at /)', async () => {
    expect(await complete(['hepctl', 'get', 'hep/web'])).toEqual(['hep/web-1', 'hep/web-2'])
    expect(await complete(['hepctl', 'delete', 'hostendpoint.projectcalico.org/d'])).toEqual(['hostendpoint.projectcalico.org/db-1'])
    expect(await complete(['hepctl', 'delete', 'hep/db-1', 'hep/'])).toEqual(['hep/web-1', 'hep/web-2'])
    expect(await complete(['hepctl', 'label', 'HostEndpoints/w'])).toEqual(['HostEndpoints/web-1', 'HostEndpoints/web-2'])
    // A partial type is still a kind.
    expect(await complete(['hepctl', 'get', 'hostendpoints'])).toEqual(['hostendpoints'])
    expect(await complete(['hepctl', 'get', 'nope/'])).toEqual([])
  })

  /**
   * What an interactive bash leaves on the command line after `line` and a TAB: readline itself splits the
   * line (COMP_WORDBREAKS as bash sets it) and inserts the completion; Ctrl-A then `echo @@ ` prints the line.
   */
  async function tabbed(lines: string[]): Promise<string[]> {
    const keys = [`source ${JSON.stringify(join(bin.path, 'completion.bash'))}`, ...lines.map(l => `${l}\x01echo @@ `), 'exit', ''].join('\n')
    const shell = `env -i PATH=${JSON.stringify(env.PATH)} HOME=${JSON.stringify(bin.path)} DATASTORE_TYPE=file HEPCTL_FILE_STORE=${JSON.stringify(store.path)} NO_COLOR=1 INPUTRC=/dev/null TERM=dumb PS1='$ ' bash --norc --noprofile -i`
    const result = await runProcess('script', ['-qec', shell, '/dev/null'], {cwd: bin.path, env, input: keys})
    expect(result.code).toBe(0)
    return result.stdout.split(/\r?\n/).filter(l => l.startsWith('@@ ')).map(l => l.slice(3).trimEnd())
  }

  it.runIf(hasShell('bash') && toolAvailable('script', spawnSync('script', ['-V']).status === 0, 'apt-get install util-linux'))(
    'in an interactive bash, a TAB completes TYPE/NAME in place, and no space follows a TYPE/', async () => {
      expect(await tabbed([
        'hepctl get hostendpoint.projectcalico.org/d\t',
        'hepctl get hep/w\t',
        'hepctl delete hep/web-1 hostendpoints\tw\t',
        'hepctl get -o=ya\t',
      ])).toEqual([
        'hepctl get hostendpoint.projectcalico.org/db-1',
        'hepctl get hep/web-',
        'hepctl delete hep/web-1 hostendpoints/web-2',
        'hepctl get -o=yaml',
      ])
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

  it.runIf(hasShell('zsh'))('in zsh, add TYPE/NAME words whole, and a TYPE/ or --flag= with no space after it', async () => {
    const store = tempDir()
    const bin = tempDir()
    try {
      writeFileSync(join(bin.path, 'hepctl.zsh'), (await hepctl(['completion', 'zsh'])).stdout)
      writeFileSync(join(bin.path, 'hepctl'), `#!/bin/sh\nexec "${process.execPath}" "${hepctlBin}" "$@"\n`)
      chmodSync(join(bin.path, 'hepctl'), 0o755)
      expect((await hepctl(['create', '-f', '-'], {env: fileStoreEnv(store.path), input: hepYaml('web-1') + '---\n' + hepYaml('web-2')})).code).toBe(0)
      // compadd exists only inside a completion widget: here it prints what it was given.
      const driver = `compdef() { : }
source ${JSON.stringify(join(bin.path, 'hepctl.zsh'))}
compadd() { print -r -- "compadd $*" }
words=(hepctl "$@"); CURRENT=$#words
_hepctl`
      const env = {...fileStoreEnv(store.path), PATH: `${bin.path}:${process.env.PATH}`, HOME: bin.path}
      const run = async (...words: string[]) => {
        const r = await runProcess('zsh', ['-f', '-c', driver, 'zsh', ...words], {cwd: bin.path, env})
        expect(r.stderr).toBe('')
        return r.stdout.trim().split('\n')
      }
      expect(await run('get', 'hostendpoint.projectcalico.org/w')).toEqual(['compadd -Q -- hostendpoint.projectcalico.org/web-1 hostendpoint.projectcalico.org/web-2'])
      expect(await run('get', 'hep/web-1', 'heps')).toEqual(['compadd -Q -S  -- heps/'])
      expect(await run('get', '-o', 'j')).toEqual(['compadd -Q -S  -- jsonpath= jsonpath-file=', 'compadd -Q -- json'])
    } finally {
      store.cleanup()
      bin.cleanup()
    }
  })

  it.runIf(toolAvailable('fish', hasShell('fish'), 'apt-get install fish'))('parse in fish, and complete names (also TYPE/NAME) from the file store', async () => {
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
      const typeName = await runProcess('fish', ['--no-config', '-c', `source ${join(bin.path, 'hepctl.fish')}; complete -C 'hepctl get hostendpoint.projectcalico.org/w'`], {cwd: bin.path, env})
      expect(typeName.stdout.trim()).toBe('hostendpoint.projectcalico.org/web-1')
    } finally {
      store.cleanup()
      bin.cleanup()
    }
  })
})
