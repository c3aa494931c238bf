import {readdirSync} from 'node:fs'
import {join, sep} from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'

import {loadVerb, matchCommand, VERBS} from '../../src/cli/verb-registry.js'
import {repoRoot} from '../support/cli.js'

describe('the verb registry', () => {
  // Command files by path under src/commands (`datastore/migrate/export`), as oclif finds them.
  const commandFiles = readdirSync(join(repoRoot, 'src', 'commands'), {recursive: true, encoding: 'utf8'})
    .filter(f => f.endsWith('.ts'))
    .map(f => f.replace(/\.ts$/, ''))
    .sort()
  /** The command a file holds, as typed: its path's parts joined by spaces. */
  const commandOf = (file: string) => file.split(sep).join(' ')

  it('lists exactly the commands oclif has a file for', () => {
    expect(Object.keys(VERBS).sort()).toEqual(commandFiles.map(commandOf).sort())
  })

  it('gives each oclif command the verb the fast route runs, under its own name', async () => {
    for (const file of commandFiles) {
      const verb = await loadVerb(commandOf(file))
      expect(verb?.name).toBe(commandOf(file))
      const command = (await import(pathToFileURL(join(repoRoot, 'src', 'commands', `${file}.ts`)).href)).default
      expect(command.summary).toBe(verb!.summary)
      expect(Object.keys(command.flags)).toEqual(Object.keys(verb!.flags))
      expect(Object.keys(command.args)).toEqual(verb!.positionals.args.map(a => a.name))
      expect(command.strict).toBe(!verb!.positionals.rest)
    }
  })

  it('matches the longest run of leading words that names a command', () => {
    expect(matchCommand(['datastore', 'migrate', 'export', '-o', 'json'])).toEqual({command: 'datastore migrate export', rest: ['-o', 'json']})
    expect(matchCommand(['get', 'hep', 'a'])).toEqual({command: 'get', rest: ['hep', 'a']})
    expect(matchCommand(['datastore', 'migrate'])).toBeUndefined()
    expect(matchCommand(['datastore', 'migrate', 'exports'])).toBeUndefined()
    expect(matchCommand([])).toBeUndefined()
  })

  it('knows no command by an inherited name', async () => {
    expect(await loadVerb('toString')).toBeUndefined()
    expect(await loadVerb(undefined)).toBeUndefined()
  })
})
