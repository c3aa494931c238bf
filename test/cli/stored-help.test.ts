import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'

import {hepctl, repoRoot} from '../support/cli.js'

// Help texts are rendered by oclif at build time and printed without loading oclif (src/cli/stored-help.ts).
const manifest = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, unknown>}
const commands = ['', ...Object.keys(manifest.commands).map(id => id.replaceAll(':', ' '))]
const live = {HEPCTL_LIVE_HELP: '1'}
const withoutOclif = {NODE_OPTIONS: `--import=${pathToFileURL(join(repoRoot, 'test', 'support', 'refuse-oclif.mjs')).href}`}
const words = (command: string) => (command ? command.split(' ') : [])

describe('help and --version without oclif', () => {
  it.each(commands)('`%s --help` prints what oclif renders, without loading oclif', async command => {
    const [stored, rendered] = await Promise.all([
      hepctl([...words(command), '--help'], {env: withoutOclif}),
      hepctl([...words(command), '--help'], {env: live}),
    ])
    expect(rendered.code).toBe(0)
    expect(rendered.stdout).toMatch(/USAGE/)
    expect(stored).toEqual(rendered)
  })

  it('-h anywhere and `help COMMAND` take the stored text too', async () => {
    const expected = await hepctl(['label', '--help'], {env: live})
    for (const argv of [['label', '-h'], ['help', 'label'], ['-h', 'label'], ['label', 'hep', 'x', '-h']]) {
      expect(await hepctl(argv, {env: withoutOclif})).toEqual(expected)
    }
  })

  it('--version says what oclif says, without loading oclif', async () => {
    const [fast, oclif] = await Promise.all([hepctl(['--version'], {env: withoutOclif}), hepctl(['--version'], {env: live})])
    expect(oclif.stdout).toMatch(/^hepctl\/\d+\.\d+\.\d+\S* \S+-\S+ node-v\d+/)
    expect(fast).toEqual(oclif)
  })

  it('another page width is rendered by oclif for that width', async () => {
    // The preload is what the tests above rely on: here oclif must load, and the preload refuses it.
    const refused = await hepctl(['get', '--help'], {env: {...withoutOclif, OCLIF_COLUMNS: '120'}})
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/hepctl loaded oclif/)
    const wide = await hepctl(['get', '--help'], {env: {OCLIF_COLUMNS: '120'}})
    const narrow = await hepctl(['get', '--help'])
    expect(wide.code).toBe(0)
    expect(Math.max(...wide.stdout.split('\n').map(l => l.length))).toBeGreaterThan(80)
    expect(Math.max(...narrow.stdout.split('\n').map(l => l.length))).toBeLessThanOrEqual(80)
  })
})
