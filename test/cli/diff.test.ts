/**
 * `hepctl diff` with an external diff program (KUBECTL_EXTERNAL_DIFF, HEPCTL_EXTERNAL_DIFF), called as
 * kubectl diff calls it, and the built-in diff's colours on a terminal (a pseudo-terminal from util-linux
 * `script`) and not in a pipe.
 */
import {spawn} from 'node:child_process'
import {chmodSync, existsSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {hepctl, hepctlBin, hepYaml, runProcess, useFileStore} from '../support/cli.js'
import {toolAvailable} from '../support/required-tool.js'

const store = useFileStore()
const FILE_1 = 'projectcalico.org.v3.HostEndpoint..web-1'
const FILE_2 = 'projectcalico.org.v3.HostEndpoint..web-2'

/**
 * A diff program that prints each argument it was given, then for each of its first two arguments (the
 * directories) the files in it with their contents, and exits with $DIFF_EXIT.
 */
const recorder = store.write('record-diff.sh', `#!/bin/sh
for a in "$@"; do echo "ARG $a"; done
for d in "$1" "$2"; do
  for f in "$d"/*; do echo "FILE $f"; cat "$f"; echo "END"; done
done
exit "\${DIFF_EXIT:-1}"
`)
chmodSync(recorder, 0o755)

interface Recorded {
  args: string[]
  /** Directory → file name → contents. */
  files: Map<string, Map<string, string>>
}

function recorded(stdout: string): Recorded {
  const args: string[] = []
  const files = new Map<string, Map<string, string>>()
  const lines = stdout.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('ARG ')) args.push(lines[i].slice(4))
    if (!lines[i].startsWith('FILE ')) continue
    const path = lines[i].slice(5)
    const body: string[] = []
    while (lines[++i] !== 'END') body.push(lines[i])
    if (!files.has(dirname(path))) files.set(dirname(path), new Map())
    files.get(dirname(path))!.set(basename(path), body.join('\n'))
  }
  return {args, files}
}

const changed = () => store.write('changed.yaml', hepYaml('web-1', {node: 'node9'}) + '---\n' + hepYaml('web-2'))
const diff = (file: string, env: NodeJS.ProcessEnv) => hepctl(['diff', '-f', file], {env: {...store.env, ...env}})

beforeAll(async () => {
  expect((await hepctl(['apply', '-f', store.write('stored.yaml', hepYaml('web-1'))], {env: store.env})).code).toBe(0)
})

describe('diff with KUBECTL_EXTERNAL_DIFF', () => {
  it('writes LIVE-* and MERGED-* directories, one YAML file per object named as kubectl names it, runs the program on them, and removes them', async () => {
    const r = await diff(changed(), {KUBECTL_EXTERNAL_DIFF: `${recorder} -u -N`, TMPDIR: tmpdir()})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const {args, files} = recorded(r.stdout)
    // kubectl's order: the two directories first, then the variable's arguments.
    expect(args).toHaveLength(4)
    const [live, merged] = args
    expect(args.slice(2)).toEqual(['-u', '-N'])
    expect(dirname(live)).toBe(tmpdir())
    expect(basename(live)).toMatch(/^LIVE-[A-Za-z0-9]+$/)
    expect(dirname(merged)).toBe(tmpdir())
    expect(basename(merged)).toMatch(/^MERGED-[A-Za-z0-9]+$/)
    expect([...files.get(live)!.keys()].sort()).toEqual([FILE_1, FILE_2])
    expect([...files.get(merged)!.keys()].sort()).toEqual([FILE_1, FILE_2])
    // The stored object as stored, the merged one as apply would store it; a new object's LIVE file is empty.
    const liveWeb1 = parse(files.get(live)!.get(FILE_1)!)
    expect(liveWeb1).toMatchObject({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'web-1'}, spec: {node: 'node1'}})
    expect(liveWeb1.metadata.resourceVersion).toBeTruthy()
    expect(parse(files.get(merged)!.get(FILE_1)!)).toMatchObject({metadata: {name: 'web-1', uid: liveWeb1.metadata.uid}, spec: {node: 'node9'}})
    expect(files.get(live)!.get(FILE_2)).toBe('')
    expect(parse(files.get(merged)!.get(FILE_2)!)).toMatchObject({kind: 'HostEndpoint', metadata: {name: 'web-2'}, spec: {node: 'node1'}})
    expect(existsSync(live)).toBe(false)
    expect(existsSync(merged)).toBe(false)
  })

  it("passes the program's exit code on: 0 no differences, 1 differences; above 1 is an error (exit 3), and the directories are still removed", async () => {
    const file = changed()
    const none = await diff(file, {KUBECTL_EXTERNAL_DIFF: recorder, DIFF_EXIT: '0'})
    expect([none.code, none.stderr]).toEqual([0, ''])
    const some = await diff(file, {KUBECTL_EXTERNAL_DIFF: recorder, DIFF_EXIT: '1'})
    expect([some.code, some.stderr]).toEqual([1, ''])
    const failed = await diff(file, {KUBECTL_EXTERNAL_DIFF: recorder, DIFF_EXIT: '5'})
    expect(failed.code).toBe(3)
    expect(failed.stderr).toBe(`the external diff program ${JSON.stringify(recorder)} (from KUBECTL_EXTERNAL_DIFF) failed with exit status 5\n`)
    const [live, merged] = recorded(failed.stdout).args
    expect(basename(live)).toMatch(/^LIVE-/)
    expect(existsSync(live) || existsSync(merged)).toBe(false)
  })

  it('reports a program that cannot be started in one line, exit 3', async () => {
    const r = await diff(changed(), {KUBECTL_EXTERNAL_DIFF: 'hepctl-no-such-diff -u'})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/^could not start the external diff program "hepctl-no-such-diff" \(from KUBECTL_EXTERNAL_DIFF\): .*ENOENT\n$/)
  })

  it('prefers HEPCTL_EXTERNAL_DIFF when both are set', async () => {
    const r = await diff(changed(), {KUBECTL_EXTERNAL_DIFF: `${recorder} kubectl`, HEPCTL_EXTERNAL_DIFF: `${recorder} hepctl`})
    expect(r.code).toBe(1)
    expect(recorded(r.stdout).args.slice(2)).toEqual(['hepctl'])
    const kubectlOnly = await diff(changed(), {KUBECTL_EXTERNAL_DIFF: `${recorder} kubectl`, HEPCTL_EXTERNAL_DIFF: ''})
    expect(recorded(kubectlOnly.stdout).args.slice(2)).toEqual(['kubectl'])
  })

  it("passes on only kubectl's simple arguments (letters, digits, '-', '='), saying which it dropped", async () => {
    const r = await diff(changed(), {KUBECTL_EXTERNAL_DIFF: `${recorder}  --color=always --label=a/b $HOME -N`})
    expect(r.code).toBe(1)
    expect(recorded(r.stdout).args.slice(2)).toEqual(['--color=always', '-N'])
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `Warning: KUBECTL_EXTERNAL_DIFF: argument "--label=a/b" ignored (as kubectl does, only letters, digits, '-' and '=' are passed on)`,
      `Warning: KUBECTL_EXTERNAL_DIFF: argument "$HOME" ignored (as kubectl does, only letters, digits, '-' and '=' are passed on)`,
    ])
  })

  it('removes the directories when hepctl is interrupted while the program runs (the signal is passed on to it)', async () => {
    const seen = join(store.path, 'interrupted-dirs')
    const waiter = store.write('waiting-diff.sh', `#!/bin/sh\necho "$1 $2" > ${JSON.stringify(seen)}\nexec sleep 60\n`)
    chmodSync(waiter, 0o755)
    const child = spawn(process.execPath, [hepctlBin, 'diff', '-f', changed()], {env: {PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...store.env, KUBECTL_EXTERNAL_DIFF: waiter}, stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d))
    const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
    const written = () => existsSync(seen) && readFileSync(seen, 'utf8').endsWith('\n')
    while (!written()) await sleep(50)
    const [live, merged] = readFileSync(seen, 'utf8').trim().split(' ')
    expect(existsSync(live) && existsSync(merged)).toBe(true)
    child.kill('SIGINT') // to hepctl alone: it must pass it on, or sleep would keep it waiting
    expect(await exited).toBe(3)
    expect(stderr).toBe(`the external diff program ${JSON.stringify(waiter)} (from KUBECTL_EXTERNAL_DIFF) was killed by SIGINT\n`)
    expect(existsSync(live) || existsSync(merged)).toBe(false)
  })

  it('works with diff(1) as kubectl users set it: its output, its exit code', async () => {
    const r = await diff(changed(), {KUBECTL_EXTERNAL_DIFF: 'diff -u -N'})
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`^\\+\\+\\+ \\S+/MERGED-\\w+/${FILE_1.replaceAll('.', '\\.')}\\s`, 'm'))
    expect(r.stdout).toMatch(/^-  node: node1$/m)
    expect(r.stdout).toMatch(/^\+  node: node9$/m)
    const same = await diff(store.write('same.yaml', hepYaml('web-1')), {KUBECTL_EXTERNAL_DIFF: 'diff -u -N'})
    expect([same.code, same.stdout]).toEqual([0, ''])
  })
})

const hasScript = toolAvailable('script (util-linux)', existsSync('/usr/bin/script'), 'Debian: apt-get install util-linux (bsdutils)')
const shellQuote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`

/** Runs `hepctl ARGS` with its stdin, stdout and stderr on a pseudo-terminal; what it printed, with \r\n as \n. */
async function onTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<{code: number | null; output: string}> {
  const command = [process.execPath, hepctlBin, ...args].map(shellQuote).join(' ')
  const r = await runProcess('script', ['-q', '-e', '-c', command, '/dev/null'], {cwd: store.path, env: {PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', ...store.env, ...env}})
  return {code: r.code, output: r.stdout.replaceAll('\r\n', '\n')}
}

describe('the built-in diff', () => {
  it.skipIf(!hasScript)('is coloured on a terminal: headers bold, hunks cyan, removed lines red, added green', async () => {
    const {code, output} = await onTerminal(['diff', '-f', changed()], {})
    expect(code).toBe(1)
    expect(output).toContain('\x1b[1m--- live/hostendpoint/web-1\x1b[22m\n\x1b[1m+++ merged/hostendpoint/web-1\x1b[22m\n')
    expect(output).toMatch(/^\x1b\[36m@@ -\d+(,\d+)? \+\d+(,\d+)? @@\x1b\[39m$/m)
    expect(output).toContain('\x1b[31m-  node: node1\x1b[39m\n')
    expect(output).toContain('\x1b[32m+  node: node9\x1b[39m\n')
    // Context lines stay plain.
    expect(output).toMatch(/^   interfaceName: eth0$/m)
  })

  it.skipIf(!hasScript)('is plain on a terminal with NO_COLOR set', async () => {
    const {code, output} = await onTerminal(['diff', '-f', changed()], {NO_COLOR: '1'})
    expect(code).toBe(1)
    expect(output).toContain('-  node: node1\n')
    expect(output).not.toContain('\x1b')
  })

  it('is plain when piped, even with a colour terminal', async () => {
    const r = await hepctl(['diff', '-f', changed()], {env: {...store.env, NO_COLOR: undefined, TERM: 'xterm-256color'}})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('-  node: node1\n')
    expect(r.stdout).not.toContain('\x1b')
  })
})
