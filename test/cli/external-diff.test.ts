import {describe, expect, it} from 'vitest'

import {ExitCode, UserFacingError} from '../../src/cli/exit-codes.js'
import {diffFileName, externalDiffCommand} from '../../src/cli/external-diff.js'

const object = (name: string) => ({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name}})

describe('diffFileName', () => {
  it("is kubectl's <group>.<version>.<Kind>.<namespace>.<name>, the namespace empty", () => {
    expect(diffFileName(object('web-1'))).toBe('projectcalico.org.v3.HostEndpoint..web-1')
    expect(diffFileName(object('node1.eth0'))).toBe('projectcalico.org.v3.HostEndpoint..node1.eth0')
  })

  it('refuses a name that is not a resource name, so none can become a path outside the directory', () => {
    for (const name of ['../../etc/passwd', 'a/b', '..', '', 'A\u0000b', 'web 1', 'Web-1']) {
      let error: unknown
      try {
        diffFileName(object(name))
      } catch (e) {
        error = e
      }
      expect(error, name).toBeInstanceOf(UserFacingError)
      expect((error as UserFacingError).exitCode).toBe(ExitCode.USAGE)
    }
  })
})

describe('externalDiffCommand', () => {
  it('is undefined without either variable, or with both empty', () => {
    expect(externalDiffCommand({})).toBeUndefined()
    expect(externalDiffCommand({KUBECTL_EXTERNAL_DIFF: '', HEPCTL_EXTERNAL_DIFF: ''})).toBeUndefined()
  })

  it("splits on spaces as kubectl does and keeps only kubectl's simple arguments", () => {
    expect(externalDiffCommand({KUBECTL_EXTERNAL_DIFF: 'colordiff -N -u --color=always "x" a/b'})).toEqual({
      variable: 'KUBECTL_EXTERNAL_DIFF', program: 'colordiff', args: ['-N', '-u', '--color=always'], dropped: ['"x"', 'a/b'],
    })
  })

  it('takes HEPCTL_EXTERNAL_DIFF over KUBECTL_EXTERNAL_DIFF', () => {
    expect(externalDiffCommand({KUBECTL_EXTERNAL_DIFF: 'meld', HEPCTL_EXTERNAL_DIFF: 'dyff between'})).toMatchObject({variable: 'HEPCTL_EXTERNAL_DIFF', program: 'dyff', args: ['between']})
  })

  it('refuses a value of spaces only: a usage error, not a silent fallback', () => {
    expect(() => externalDiffCommand({KUBECTL_EXTERNAL_DIFF: '   '})).toThrow('KUBECTL_EXTERNAL_DIFF is set but names no program')
  })
})
