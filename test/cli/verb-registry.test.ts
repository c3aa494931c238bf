import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'

import {loadVerb, VERBS} from '../../src/cli/verb-registry.js'
import {repoRoot} from '../support/cli.js'

describe('the verb registry', () => {
  const commandFiles = readdirSync(join(repoRoot, 'src', 'commands')).map(f => f.replace(/\.ts$/, '')).sort()

  it('lists exactly the commands oclif has a file for', () => {
    expect(Object.keys(VERBS).sort()).toEqual(commandFiles)
  })

  it('gives each oclif command the verb the fast route runs, under its own name', async () => {
    for (const name of commandFiles) {
      const verb = await loadVerb(name)
      expect(verb?.name).toBe(name)
      const command = (await import(pathToFileURL(join(repoRoot, 'src', 'commands', `${name}.ts`)).href)).default
      expect(command.summary).toBe(verb!.summary)
      expect(Object.keys(command.flags)).toEqual(Object.keys(verb!.flags))
      expect(Object.keys(command.args)).toEqual(verb!.positionals.args.map(a => a.name))
      expect(command.strict).toBe(!verb!.positionals.rest)
    }
  })

  it('knows no command by an inherited name', async () => {
    expect(await loadVerb('toString')).toBeUndefined()
    expect(await loadVerb(undefined)).toBeUndefined()
  })
})
