/**
 * The session a new user runs first, for each way hepctl is shipped (the binary, the npm package): validate a
 * good and a bad manifest, apply, get, delete, on a file store in a folder of the test's own.
 */
import {existsSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {expect} from 'vitest'

import {type CliResult, hepYaml, runProcess} from '../support/cli.js'

/** Runs shipped hepctl with `args` and `env` added to a clean environment, in the session's folder. */
export type RunShipped = (args: string[], env: NodeJS.ProcessEnv) => Promise<CliResult>

/** A manifest with two mistakes, at known lines and columns. */
export const INVALID_MANIFEST = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: broken
spec:
  node: node1
  interfaceName: eth0
  expectedIPs: ["10.0.0.300"]
  ports:
  - name: ssh
    port: 99999
    protocol: TCP
`

export async function userSession(run: RunShipped, dir: string): Promise<void> {
  const env = {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: join(dir, 'store')}
  const good = join(dir, 'two.yaml')
  writeFileSync(good, [hepYaml('web-1', {labels: {tier: 'web'}}), hepYaml('db-1', {node: 'node2'})].join('---\n'))
  const bad = join(dir, 'broken.yaml')
  writeFileSync(bad, INVALID_MANIFEST)

  const valid = await run(['validate', '-f', good], env)
  expect(valid.code, valid.stderr).toBe(0)
  expect(valid.stdout).toContain('0 errors, 0 warnings in 2 resources (0 invalid) from 1 file')

  const invalid = await run(['validate', '-f', bad], env)
  expect(invalid.code).toBe(1)
  expect(invalid.stdout).toMatch(/broken\.yaml:8:17: error \[invalid-ip\]/)
  expect(invalid.stdout).toMatch(/broken\.yaml:11:11: error \[invalid-port\]/)

  // Every kind's schema and validator ships, not only HostEndpoint's.
  const policy = join(dir, 'policy.yaml')
  writeFileSync(policy, 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: allow-ssh\nspec:\n  selector: all()\n  bogus: 1\n')
  const policyResult = await run(['validate', '-f', policy], env)
  expect(policyResult.code, policyResult.stderr).toBe(1)
  expect(policyResult.stdout).toMatch(/policy\.yaml:7:3: error \[unknown-field\] unknown field "bogus" in spec/)

  const applied = await run(['apply', '-f', good], env)
  expect(applied.code, applied.stderr).toBe(0)
  expect(applied.stdout).toContain("Successfully applied 2 'HostEndpoint' resource(s)")

  const listed = await run(['get', 'hep', '-o', 'wide'], env)
  expect(listed.code, listed.stderr).toBe(0)
  expect(listed.stdout).toMatch(/^web-1\s+node1\s+eth0\s+10\.0\.0\.1\s/m)
  expect(listed.stdout).toMatch(/^db-1\s+node2\s/m)

  const deleted = await run(['delete', 'hep', 'web-1'], env)
  expect(deleted.code, deleted.stderr).toBe(0)
  const after = await run(['get', 'hep', '-o', 'name'], env)
  expect(after.stdout.trim().split('\n')).toEqual(['hostendpoint.projectcalico.org/db-1'])

  // Help goes through oclif, which the fast route leaves out: it must be shipped too.
  const help = await run(['get', '--help'], env)
  expect(help.code, help.stderr).toBe(0)
  expect(help.stdout).toMatch(/^USAGE\n {2}\$ hepctl get /m)
  const unknown = await run(['get', '--no-such-flag'], env)
  expect(unknown.code).toBe(2)
  expect(unknown.stderr).toBe("unknown flag --no-such-flag; see 'hepctl get --help'\n")
}

/** Spawns `command` as a user would, with only `env` (no inherited PATH, NODE_PATH or npm settings). */
export function runProgram(command: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv; input?: string}): Promise<CliResult> {
  return runProcess(command, args, {...options, env: {NO_COLOR: '1', ...options.env}})
}

/** Whether a node_modules folder is reachable from `dir` (in it or any folder above it). */
export function nodeModulesReachable(dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return true
    if (dirname(d) === d) return false
  }
}
