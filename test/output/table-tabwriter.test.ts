/**
 * calicoctl lays out `ps` and `wide` tables with Go's text/tabwriter. When Go is installed, this compares
 * hepctl's table with tabwriter's own output for many tables. Skipped otherwise.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {formatTable} from '../../src/output/table.js'
import {toolAvailable} from '../support/required-tool.js'

const haveGo = toolAvailable('Go', spawnSync('go', ['version']).status === 0, 'apt-get install golang-go')

describe.skipIf(!haveGo)('table layout parity with Go text/tabwriter (calicoctl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hepctl-tabwriter-'))
  const binary = join(dir, 'go-tabwriter')

  beforeAll(() => {
    cpSync(new URL('./go-tabwriter/main.go', import.meta.url), join(dir, 'main.go'))
    execFileSync('go', ['build', '-o', binary, join(dir, 'main.go')], {
      cwd: dir,
      env: {...process.env, GO111MODULE: 'off', GOPATH: join(dir, 'gopath'), GOCACHE: join(dir, 'cache'), GOFLAGS: ''},
    })
  }, 120_000)
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('produces the same bytes for varied tables', () => {
    const cells = ['', 'a', 'NAME', 'endpoint1', 'host1', 'eth0', '*', '10.0.0.1,fd00::1', 'prof1,prof2', 'ünïcödé', '日本語',
      'x'.repeat(40), '<none>', 'env=prod,example.com/tier=web']
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const tables: string[][][] = [[['NAME', 'NODE']], []]
    for (let t = 0; t < 200; t++) {
      const columns = 1 + Math.floor(next() * 6)
      const rows = Math.floor(next() * 8)
      tables.push(Array.from({length: rows}, () => Array.from({length: columns}, () => cells[Math.floor(next() * cells.length)])))
    }
    const go = execFileSync(binary, {input: tables.map(t => JSON.stringify(t)).join('\n') + '\n'}).toString().split('\0')
    tables.forEach((table, i) => expect(formatTable(table), JSON.stringify(table)).toBe(go[i]))
  })
})
