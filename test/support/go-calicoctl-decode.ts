/**
 * The Go program that decodes YAML as calicoctl v3.32 does (test/manifest/go-calicoctl-decode/main.go: go-yaml
 * v2 and sigs.k8s.io/yaml from Debian's packages, built in GOPATH mode), for the differential tests.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll} from 'vitest'

import {repoRoot} from './cli.js'
import {toolAvailable} from './required-tool.js'

const gopath = process.env.GOCODE_DIR ?? '/usr/share/gocode'

/** Whether Go and the two packages are here; under CI their absence fails the run. */
export const haveGo = toolAvailable('Go with go-yaml v2 and sigs.k8s.io/yaml',
  spawnSync('go', ['version']).status === 0 && existsSync(join(gopath, 'src/gopkg.in/yaml.v2')) && existsSync(join(gopath, 'src/sigs.k8s.io/yaml')),
  'apt-get install golang-go golang-gopkg-yaml.v2-dev golang-k8s-sigs-yaml-dev')

/** Builds the program in beforeAll and removes it in afterAll (call inside a describe); the binary's path. */
export function useCalicoctlDecoder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const binary = join(dir, 'decode')
  beforeAll(() => {
    copyFileSync(join(repoRoot, 'test', 'manifest', 'go-calicoctl-decode', 'main.go'), join(dir, 'main.go'))
    execFileSync('go', ['build', '-o', binary, 'main.go'], {
      cwd: dir,
      env: {...process.env, GOPATH: gopath, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: join(dir, 'cache')},
    })
  }, 180_000)
  afterAll(() => rmSync(dir, {recursive: true, force: true}))
  return binary
}
