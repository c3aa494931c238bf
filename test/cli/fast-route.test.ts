import {Parser} from '@oclif/core'
import {describe, expect, it} from 'vitest'

import {normalizeFlags, UsageLineError} from '../../src/cli/argv-normalize.js'
import {parseWithTable} from '../../src/cli/flag-table.js'
import {globalFlags} from '../../src/cli/global-flags.js'
import {oclifFlags} from '../../src/cli/oclif-flags.js'
import type {Verb} from '../../src/cli/verb.js'
import {apply} from '../../src/cli/verbs/apply.js'
import {completion} from '../../src/cli/verbs/completion.js'
import {create} from '../../src/cli/verbs/create.js'
import {del} from '../../src/cli/verbs/delete.js'
import {get} from '../../src/cli/verbs/get.js'
import {label} from '../../src/cli/verbs/label.js'
import {patch} from '../../src/cli/verbs/patch.js'
import {validate} from '../../src/cli/verbs/validate.js'

/** argv in the normal form both parsers are given (bin/run.js normalises before either runs). */
function normal(verb: Verb, argv: string[]): string[] {
  return normalizeFlags(argv, {...globalFlags, ...verb.flags}).argv
}

/** What oclif makes of argv with the flags generated from the same table (undefined: oclif refuses it). */
async function oclifParse(verb: Verb, raw: string[]) {
  const argv = normal(verb, raw)
  try {
    const {flags, argv: args} = await Parser.parse(argv, {flags: {...oclifFlags(globalFlags), ...oclifFlags(verb.flags)}, strict: false, args: {}})
    return {flags, args: args.map(String)}
  } catch {
    return undefined
  }
}

/** The fast route's parse, with unset flags dropped as oclif leaves them out. */
function fastParse(verb: Verb, raw: string[]) {
  const parsed = parseWithTable(normal(verb, raw), {...globalFlags, ...verb.flags}, verb.positionals)
  if (!parsed) return undefined
  const flags = Object.fromEntries(Object.entries(parsed.flags).filter(([, v]) => v !== undefined && v !== false))
  return {flags, args: parsed.args}
}

const agreeing: [string, Verb, string[]][] = [
  ['validate', validate, ['-f', 'a.yaml', '-f', 'b.yaml', '-R', '--strict', '-o', 'json']],
  ['validate', validate, ['--filename=-', '--skip-empty', '--output', 'sarif']],
  ['validate', validate, ['-Rf', 'dir']],
  ['create', create, ['-f', 'x.yaml', '--skip-exists', '--dry-run', '--concurrency', '4', '-c', 'calico.cfg']],
  ['apply', apply, ['-f', '-', '--json', '--context', 'prod', '--request-timeout', '5s']],
  ['get', get, ['hep', 'a', 'b', '-o', 'wide', '-l', 'env=prod', '--show-labels']],
  ['get', get, ['heps', '-o', 'jsonpath={.items[*].metadata.name}', '--no-headers', '--kubeconfig', 'k']],
  ['delete', del, ['hep', 'a', '-s', '--dry-run']],
  ['delete', del, ['hep', 'a', '--ignore-not-found']],
  ['label', label, ['hep', 'a', 'k=v', '--overwrite']],
  ['patch', patch, ['hep', 'a', '-p', '{"spec":{}}']],
  ['patch', patch, ['hep', 'a', '-p', '{}', '--type', 'strategic']],
  // kubectl's TYPE/NAME form, as `get -o name` prints it.
  ['delete', del, ['hostendpoint.projectcalico.org/a', 'hep/b']],
  ['label', label, ['hep/a', 'k=v']],
  ['patch', patch, ['HostEndpoints.projectcalico.org/a', '-p', '{}']],
  // kubectl's forms: --dry-run=client|server, booleans as --flag=true|false.
  ['create', create, ['-f', 'x.yaml', '--dry-run=server', '--skip-exists=true']],
  ['apply', apply, ['-f', 'x.yaml', '--dry-run=client', '--json=false', '-R']],
  ['get', get, ['hep', '--show-labels=true', '--no-headers=false', '--export']],
  ['validate', validate, ['a.yaml', 'b.yaml', '--strict=true']],
]

describe('the fast route parses argv as oclif does', () => {
  for (const [name, verb, argv] of agreeing) {
    it(`${name} ${argv.join(' ')}`, async () => {
      const fast = fastParse(verb, argv)
      expect(fast).toBeDefined()
      const oclif = await oclifParse(verb, argv)
      expect(oclif).toBeDefined()
      expect(fast!.flags).toEqual(Object.fromEntries(Object.entries(oclif!.flags).filter(([, v]) => v !== false)))
      expect(fast!.args).toEqual(oclif!.args)
    })
  }
})

it('takes a long alias as its flag, so kubectl\'s --ignore-not-found stays on the fast route', () => {
  expect(fastParse(del, ['hep', 'a', '--ignore-not-found'])?.flags).toEqual({'skip-not-exists': true})
  expect(fastParse(get, ['hep', '--output=name'])?.flags).toMatchObject({output: 'name'})
})

describe('the fast route words a flag value the table refuses in one line, as a usage mistake', () => {
  const refused: [string, Verb, string[], string][] = [
    ['a missing required flag', create, ['-R'], 'required flag --filename is not set'],
    ['a value outside the options', validate, ['-f', 'a', '-o', 'xml'], '--output=xml is not one of: text, json, junit, sarif, github'],
    ['a malformed number', apply, ['-f', 'a', '--concurrency', 'lots'], '--concurrency=lots is not an integer'],
    ['a number out of range', apply, ['-f', 'a', '--concurrency', '0'], '--concurrency=0 is out of range (1 to 256)'],
    ['too few arguments', completion, [], 'missing argument SHELL: bash, zsh, fish, powershell'],
    ['too many arguments', completion, ['bash', 'zsh'], 'unexpected argument "zsh"'],
    ['positionals where none are taken', create, ['-f', 'a', 'extra'], 'unexpected argument "extra": this command takes none'],
  ]
  for (const [what, verb, argv, message] of refused) {
    it(what, () => {
      expect(() => parseWithTable(argv, {...globalFlags, ...verb.flags}, verb.positionals)).toThrow(new UsageLineError(message))
    })
  }
})

describe('the fast route leaves to oclif what it is not sure of', () => {
  const refused: [string, Verb, string[]][] = [
    ['an unknown flag', validate, ['-f', 'a', '--bogus']],
    ['help', get, ['hep', '--help']],
    ['-x=value, which parsers read differently', validate, ['-f=a.yaml']],
  ]
  for (const [what, verb, argv] of refused) {
    it(what, () => {
      expect(parseWithTable(argv, {...globalFlags, ...verb.flags}, verb.positionals)).toBeUndefined()
    })
  }

  it('applies defaults and calicoctl\'s -a alias for -A', () => {
    expect(parseWithTable(['hep', 'a', '-p', '{}'], {...globalFlags, ...patch.flags}, patch.positionals)?.flags.type).toBe('merge')
    expect(parseWithTable(['hep', '-a'], {...globalFlags, ...get.flags}, get.positionals)?.flags['all-namespaces']).toBe(true)
  })
})
