// The GitHub Action (action.yml): its Validate step's script, run here with bash as the runner runs it, with
// the inputs in the environment variables the step maps them to and `hepctl` on PATH (the built bin/run.js,
// which the Install step links there). Not run here: the Install step itself (npm ci in the action's folder),
// the runner turning the workflow commands into annotations, and uploading the SARIF file.
import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {hepctlBin, hepYaml, repoRoot, tempDir} from '../support/cli.js'
import {INVALID_MANIFEST, runProgram} from './session.js'

interface Step {id?: string; name: string; run: string; shell: string; env?: Record<string, string>}
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, {required?: boolean; default?: string}>
  runs: {using: string; steps: Step[]}
}
const validateStep = action.runs.steps.find(s => s.id === 'validate')!

const dir = tempDir('hepctl-action-')
const bin = join(dir.path, 'bin')
afterAll(() => dir.cleanup())
beforeAll(() => {
  mkdirSync(bin)
  symlinkSync(hepctlBin, join(bin, 'hepctl'))
  mkdirSync(join(dir.path, 'hostendpoints', 'more'), {recursive: true})
  writeFileSync(join(dir.path, 'hostendpoints', 'web.yaml'), hepYaml('web-1'))
  writeFileSync(join(dir.path, 'hostendpoints', 'more', 'broken.yaml'), INVALID_MANIFEST)
  mkdirSync(join(dir.path, 'ok'))
  writeFileSync(join(dir.path, 'ok', 'all.yaml'), hepYaml('all-1', {iface: '"*"'}))
})

/** The Validate step with these inputs (the step's env mapping, filled as the runner would). */
function runStep(inputs: Record<string, string>) {
  const env: NodeJS.ProcessEnv = {PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir.path, GITHUB_ACTIONS: 'true'}
  for (const [name, expression] of Object.entries(validateStep.env ?? {})) {
    const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(expression)![1]
    env[name] = inputs[input] ?? action.inputs[input].default ?? ''
  }
  // How the runner runs a step with shell: bash.
  const script = join(dir.path, 'step.sh')
  writeFileSync(script, validateStep.run)
  return runProgram('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {cwd: dir.path, env})
}

describe('the GitHub Action', () => {
  it('is a composite action whose inputs are paths, strict and sarif', () => {
    expect(action.runs.using).toBe('composite')
    expect(Object.keys(action.inputs).sort()).toEqual(['paths', 'sarif', 'strict'])
    expect(validateStep.shell).toBe('bash')
  })

  it('annotates each problem on its file, line and column, and fails the step', async () => {
    const r = await runStep({paths: 'hostendpoints/'})
    expect(r.code).toBe(1)
    const lines = r.stdout.split('\n')
    expect(lines).toContain('::error file=hostendpoints/more/broken.yaml,line=8,col=17,title=hepctl invalid-ip::spec.expectedIPs[0] "10.0.0.300" is not a plain IPv4 or IPv6 address: an IPv4 octet is greater than 255')
    expect(lines.filter(l => /^::error file=[^,]+,line=\d+,col=\d+,title=hepctl [a-z-]+::\S/.test(l))).toHaveLength(2)
  })

  it('passes valid manifests with warnings, and fails them with strict: true', async () => {
    const lenient = await runStep({paths: 'ok/ hostendpoints/web.yaml'})
    expect(lenient.code, lenient.stdout + lenient.stderr).toBe(0)
    expect(lenient.stdout).toMatch(/^::warning file=ok\/all\.yaml,line=7,col=18,title=hepctl all-interfaces::/m)
    const strict = await runStep({paths: 'ok/', strict: 'true'})
    expect(strict.code).toBe(1)
    expect(strict.stdout).toMatch(/^::error file=ok\/all\.yaml,line=7,col=18,title=hepctl all-interfaces::/m)
  })

  it('writes the SARIF report when asked, and still fails on problems', async () => {
    const r = await runStep({paths: 'hostendpoints/\nok/', sarif: 'hepctl.sarif'})
    expect(r.code).toBe(1)
    const sarif = JSON.parse(readFileSync(join(dir.path, 'hepctl.sarif'), 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    const rules = sarif.runs[0].results.map((res: {ruleId: string}) => res.ruleId).sort()
    expect(rules).toEqual(['all-interfaces', 'invalid-ip', 'invalid-port', 'no-allow-profile'])
  })

  it('stops with hepctl\'s exit code when nothing can be read', async () => {
    const r = await runStep({paths: 'no-such-folder/', sarif: 'missing.sarif'})
    expect(r.code).toBe(3)
  })
})
