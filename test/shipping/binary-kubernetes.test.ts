// The single executable file (npm run build:binary) as a user runs it: copied alone into an empty folder,
// with no node on PATH and no node_modules reachable, through the first session and against a real
// kube-apiserver. ("kubernetes" in the file name makes the run start its kube-apiserver.)
import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {arch, platform} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, repoRoot, tempDir} from '../support/cli.js'
import {kubectl, useKubeApiserver} from '../support/kube-apiserver.js'
import {nodeModulesReachable, runProgram, userSession} from './session.js'

const server = useKubeApiserver()
const dir = tempDir('hepctl-binary-')
const emptyPath = join(dir.path, 'empty-bin')
const binary = join(dir.path, 'hepctl')
afterAll(() => dir.cleanup())

beforeAll(() => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-binary.mjs')], {cwd: repoRoot, stdio: 'pipe'})
  copyFileSync(join(repoRoot, 'dist', 'bin', `hepctl-${platform()}-${arch()}`), binary)
  mkdirSync(emptyPath)
}, 180_000)

const run = (args: string[], env: NodeJS.ProcessEnv) => runProgram(binary, args, {cwd: dir.path, env: {PATH: emptyPath, HOME: dir.path, ...env}})

describe('the single executable file', () => {
  it('runs where neither node nor node_modules can be found', () => {
    expect(nodeModulesReachable(dir.path)).toBe(false)
    expect(existsSync(join(emptyPath, 'node'))).toBe(false)
  })

  it('runs the first session on the file store', async () => {
    await userSession(run, dir.path)
  })

  it('prints the version from inside the binary', async () => {
    const version = await run(['version'], {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: join(dir.path, 'store')})
    expect(version.code, version.stderr).toBe(0)
    const pkg = JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], {cwd: repoRoot, encoding: 'utf8'}))
    expect(version.stdout).toContain(`Client Version:    ${pkg.version}`)
    expect(version.stderr).toBe('')
  })

  it('validates policies with nets as the node CLI does (the policy engine loads Node\'s own modules)', async () => {
    const hep = join(dir.path, 'hep.yaml')
    const gnp = join(dir.path, 'gnp.yaml')
    writeFileSync(hep, hepYaml('binary-web', {labels: {role: 'web'}}))
    writeFileSync(gnp, `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: allow-office
spec:
  selector: role == 'web'
  ingress:
    - action: Allow
      source:
        nets: [10.0.0.0/8, 2001:db8::/32]
`)
    const args = ['validate', '-f', hep, '-f', gnp]
    const [inBinary, withNode] = await Promise.all([run(args, {}), hepctl(args, {cwd: dir.path})])
    expect(inBinary.code, inBinary.stderr).toBe(0)
    expect(inBinary).toEqual(withNode)
  })

  describe.runIf(server)('against the real kube-apiserver', () => {
    it('applies a HostEndpoint that kubectl then reads in Calico\'s layout', async () => {
      const manifest = join(dir.path, 'kube.yaml')
      writeFileSync(manifest, hepYaml('binary-hep', {node: 'node7'}))
      const applied = await run(['apply', '-f', manifest], {DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server!.kubeconfig})
      expect(applied.code, applied.stderr).toBe(0)
      expect(applied.stdout).toContain('hostendpoint/binary-hep created')
      const raw = JSON.parse(await kubectl(server!, ['get', 'hostendpoints.crd.projectcalico.org', 'binary-hep', '-o', 'json']))
      expect(raw.spec.node).toBe('node7')
    })
  })
})
