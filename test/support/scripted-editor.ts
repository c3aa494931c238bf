/**
 * A scripted editor for `hepctl edit` tests: EDITOR set to a small node script that changes the file the way
 * a user would, one scenario per EDIT_SCRIPT. Each time it is started it keeps a copy of what it was given
 * (`round(n)`, from 1) and the path it was given (`seen()`). The `conflict` scenario first runs the shell
 * command in EDIT_MEANWHILE (someone else changing the object), then saves its own change.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const EDITOR_SCRIPT = `
import {appendFileSync, readFileSync, writeFileSync} from 'node:fs'
import {execSync} from 'node:child_process'
const file = process.argv[2]
const dir = process.env.EDIT_DIR
appendFileSync(dir + '/seen', file + '\\n')
const round = readFileSync(dir + '/seen', 'utf8').trim().split('\\n').length
writeFileSync(dir + '/round-' + round + '.yaml', readFileSync(file))
const text = readFileSync(file, 'utf8')
switch (process.env.EDIT_SCRIPT) {
  case 'iface': writeFileSync(file, text.replaceAll('interfaceName: eth0', 'interfaceName: eth1')); break
  case 'unchanged': break
  case 'empty': writeFileSync(file, ''); break
  case 'invalid-then-valid':
    writeFileSync(file, round === 1 ? text.replace('interfaceName: eth0', 'interfaceName: "bad iface!"') : text.replace('interfaceName: "bad iface!"', 'interfaceName: eth2'))
    break
  case 'invalid-twice': if (round === 1) writeFileSync(file, text.replace('node: node1', 'node: {')); break
  case 'relabel': writeFileSync(file, text.replace('  labels:\\n    tier: web\\n', '  labels:\\n    role: db\\n')); break
  case 'rename': if (round === 1) writeFileSync(file, text.replace('name: web-1', 'name: web-9')); break
  case 'fail': process.exit(4)
  case 'conflict':
    execSync(process.env.EDIT_MEANWHILE, {stdio: ['ignore', 'ignore', 'inherit']})
    writeFileSync(file, text.replace('interfaceName: eth0', 'interfaceName: eth1'))
    break
}
`

export interface ScriptedEditor {
  /** EDITOR and what the script needs; add EDIT_SCRIPT (and EDIT_MEANWHILE for `conflict`) per run. */
  env: NodeJS.ProcessEnv
  /** The paths the editor was started on, one per round. */
  seen(): string[]
  /** What the editor was given in round `n` (from 1). */
  round(n: number): string
}

/** Puts the editor script in `dir` (a fresh temporary folder the test owns). */
export function scriptedEditor(dir: string): ScriptedEditor {
  writeFileSync(join(dir, 'editor.mjs'), EDITOR_SCRIPT)
  return {
    env: {EDIT_DIR: dir, EDITOR: `${JSON.stringify(process.execPath)} ${JSON.stringify(join(dir, 'editor.mjs'))}`},
    seen: () => readFileSync(join(dir, 'seen'), 'utf8').trim().split('\n'),
    round: n => readFileSync(join(dir, `round-${n}.yaml`), 'utf8'),
  }
}

/** The path in hepctl's "A copy of your changes has been stored to ..." line. */
export const copyPath = (stderr: string): string | undefined => /A copy of your changes has been stored to "([^"]+)"/.exec(stderr)?.[1]
