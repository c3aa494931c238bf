/**
 * Differential test: hepctl's go-template engine against Go's own text/template (a small Go program built
 * with the installed Go, run as kubectl runs `-o go-template`: template "output", data decoded from JSON).
 * Templates follow the rows of Go's text/template exec tests, rewritten for JSON-decoded data, plus the
 * shapes kubectl and calicoctl users write. Output and the error/no-error verdict must match, and so must
 * the error message's position prefix.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {GoTemplateError, executeGoTemplate, parseGoTemplate} from '../../src/output/go-template.js'
import {toolAvailable} from '../support/required-tool.js'

const haveGo = toolAvailable('Go', spawnSync('go', ['version']).status === 0, 'apt-get install golang-go')

/** Data shaped like the struct of Go's exec tests, as JSON sees it. */
const T = {
  True: true, False: false, I: 17, U16: 16, X: 'x', S: 'xyz', FloatZero: 0, F: 1.5, Big: 1e21, Small: 0.00001, M6: 1000000,
  N8080: 8080, Neg: -3, SI: [3, 4, 5], SIEmpty: [], SS: ['a', 'b'], SB: [true, false], MSI: {one: 1, two: 2, three: 3},
  MSIEmpty: {}, MSS: {a: 'x', b: 'y'}, Nil: null, Nested: {a: {b: {c: 'deep'}}, l: [{n: 'first'}, {n: 'second'}]},
  Quote: 'a"b\\c\n\t\u00e9\u0001', HTML: '<a href="x">&\'</a>', Unicode: '日本語',
}

const HEP = {
  apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint',
  metadata: {name: 'web-1', labels: {env: 'prod', tier: 'web'}, resourceVersion: '12', creationTimestamp: '2026-01-02T03:04:05Z'},
  spec: {node: 'node-1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1', 'fd00::1'], profiles: ['p1'],
    ports: [{name: 'http', port: 8080, protocol: 'TCP'}, {name: 'dns', port: 53, protocol: 'UDP'}]},
}
const LIST = {apiVersion: 'projectcalico.org/v3', kind: 'HostEndpointList', metadata: {resourceVersion: '13'}, items: [HEP, {...HEP, metadata: {...HEP.metadata, name: 'web-2'}, spec: {node: 'node-2'}}]}

const T_TEMPLATES = [
  // text, comments, trimming
  '', 'plain text', '{{/* a comment */}}', '{{- /* trimmed */ -}}', 'a  {{- "b" -}}  c', 'a {{- 3}} b', 'x\n  {{- .X}}\n  {{- .S -}}\n end',
  '{{/* unclosed', '{{/* x */ }}', '{{.X -}}\n\n', '{{- .X}}', '{{-3}}', '{{ -3 }}',
  // fields, dot, variables
  '{{.}}', '{{.X}}', '{{.I}}', '{{.F}}', '{{.Big}}', '{{.Small}}', '{{.M6}}', '{{.N8080}}', '{{.Neg}}', '{{.FloatZero}}',
  '{{.True}}', '{{.SI}}', '{{.SIEmpty}}', '{{.MSI}}', '{{.MSIEmpty}}', '{{.MSS}}', '{{.Nil}}', '{{.Missing}}', '{{.Missing.Deeper}}',
  '{{.Nil.X}}', '{{.X.Y}}', '{{.SI.X}}', '{{.Nested.a.b.c}}', '{{.Nested.a.b}}', '{{$}}', '{{$.X}}', '{{$x := .X}}{{$x}}',
  '{{$x := 1}}{{$x = 2}}{{$x}}', '{{$x}}', '{{$x = 1}}', '{{$x := .Nested}}{{$x.a.b.c}}', '{{(.Nested).a.b.c}}', '{{(index .Nested.l 1).n}}',
  '{{.X 1}}', '{{1 2}}', '{{.}}{{.I}}', '{{"x".y}}', '{{nil}}', '{{true}}', '{{1.5}}', '{{1e3}}', '{{0x1F}}', '{{017}}', "{{'a'}}", "{{'\\n'}}",
  '{{"\\u00e9\\x41"}}', '{{`raw\\n`}}', '{{"bad\\q"}}', '{{"unterminated}}', '{{1_000}}', '{{1a}}',
  // if / else / with
  '{{if .True}}T{{end}}', '{{if .False}}T{{else}}F{{end}}', '{{if .Missing}}T{{else}}F{{end}}', '{{if .Nil}}T{{else}}F{{end}}',
  '{{if .SIEmpty}}T{{else}}F{{end}}', '{{if .MSIEmpty}}T{{else}}F{{end}}', '{{if .FloatZero}}T{{else}}F{{end}}', '{{if .X}}T{{end}}',
  '{{if .False}}a{{else if .True}}b{{else}}c{{end}}', '{{if .False}}a{{else if .False}}b{{else}}c{{end}}',
  '{{with .X}}{{.}}{{end}}', '{{with .Missing}}{{.}}{{else}}none{{end}}', '{{with .Nested.a}}{{.b.c}}{{end}}',
  '{{with $x := .S}}{{$x}}{{.}}{{end}}', '{{if $x := .I}}{{$x}}{{end}}{{$x}}', '{{if}}{{end}}', '{{if .True}}', '{{end}}', '{{else}}',
  '{{if .True}}a{{else}}b{{else}}c{{end}}',
  // range
  '{{range .SI}}-{{.}}-{{end}}', '{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', '{{range $i, $x := .SI}}<{{$i}}={{$x}}>{{end}}',
  '{{range $x := .SI}}<{{$x}}>{{end}}', '{{range .MSI}}{{.}} {{end}}', '{{range $k, $v := .MSI}}{{$k}}={{$v}};{{end}}',
  '{{range .Missing}}x{{else}}none{{end}}', '{{range .Nil}}x{{end}}', '{{range .X}}x{{end}}', '{{range .I}}x{{end}}',
  '{{range .SI}}{{if eq . 4.0}}{{break}}{{end}}{{.}}{{end}}', '{{range .SI}}{{if eq . 4.0}}{{continue}}{{end}}{{.}}{{end}}',
  '{{break}}', '{{range .Nested.l}}{{.n}},{{end}}', '{{range $i, $e := .SS}}{{if $i}}, {{end}}{{$e}}{{end}}', '{{range .SI}}{{$}}{{end}}',
  // functions
  '{{len .SI}}', '{{len .X}}', '{{len .MSI}}', '{{len .Unicode}}', '{{len .I}}', '{{len .Missing}}', '{{index .SI 1}}', '{{index .SI 5}}',
  '{{index .MSI "two"}}', '{{index .MSI "nope"}}', '{{index .MSI 1}}', '{{index .SI "a"}}', '{{index .X 0}}', '{{index .I 0}}', '{{index .SI}}',
  '{{index .Nested "a" "b" "c"}}', '{{index .SI .I}}',
  '{{print 1 2 "a" "b" 3}}', '{{print .I .X .SI}}', '{{println .X .I}}', '{{print}}', '{{print nil}}', '{{print .Missing}}',
  '{{printf "%d" 3}}', '{{printf "%d" .I}}', '{{printf "%v" .I}}', '{{printf "%.2f" .F}}', '{{printf "%f" .F}}', '{{printf "%e" .Big}}',
  '{{printf "%g" .M6}}', '{{printf "%s" .X}}', '{{printf "%5s|%-5s|" .X .X}}', '{{printf "%05d|%-4d|%+d" 42 7 3}}', '{{printf "%x %X" .S 255}}',
  '{{printf "%q" .Quote}}', '{{printf "%q" 65}}', '{{printf "%c" 65}}', '{{printf "%t" .True}}', '{{printf "%T %T %T %T" .I .X .SI .MSI}}',
  '{{printf "%v" .MSI}}', '{{printf "%s" .MSI}}', '{{printf "%d" .SI}}', '{{printf "%s" .Missing}}', '{{printf "%d %d" 1}}', '{{printf "%d" 1 2}}',
  '{{printf "%%"}}', '{{printf "%z" 1}}', '{{printf "%.3s" .S}}', '{{printf "%8.3f|" .F}}', '{{printf .X}}', '{{printf 3}}', '{{printf}}',
  '{{.X | printf "%s!"}}', '{{.I | printf "%v %v" 1}}', '{{"a" | len}}', '{{.SI | len | printf "%d"}}', '{{.X | .Y}}', '{{3 | 4}}',
  '{{html .HTML}}', '{{js .HTML}}', '{{urlquery .HTML "a b"}}', '{{.HTML | html}}',
  '{{not .True}}', '{{not .Missing}}', '{{not 0}}', '{{not}}', '{{and .True .X}}', '{{and .False .X}}', '{{or .False .FloatZero .X}}',
  '{{or .False 0}}', '{{and}}', '{{and .True .Missing.x}}', '{{or .True .Nil.x}}',
  // comparisons
  '{{eq 1 1}}', '{{eq 1 2 3 1}}', '{{eq .I 17}}', '{{eq .I 17.0}}', '{{eq .X "x"}}', '{{eq .X "y" "x"}}', '{{eq .True true}}', '{{eq .SI .SI}}',
  '{{eq .Missing "x"}}', '{{eq .Nil nil}}', '{{eq 1}}', '{{ne 1 2}}', '{{ne .X "x"}}', '{{ne 1}}', '{{lt 1 2}}', '{{lt .I 20.0}}', '{{lt .I 20}}',
  '{{lt "a" "b"}}', '{{le 2 2}}', '{{gt 3 2}}', '{{ge 1.5 .F}}', '{{lt true false}}', '{{lt .SI .SI}}', '{{lt .Missing 1}}', '{{lt 1 2 3}}',
  // define / template / block
  '{{define "x"}}X{{.}}{{end}}{{template "x" .S}}', '{{template "nope"}}', '{{define "r"}}{{.}}{{end}}{{range .SS}}{{template "r" .}}{{end}}',
  '{{block "b" .X}}[{{.}}]{{end}}', '{{define "v"}}{{$}}{{end}}{{template "v" 3}}', '{{template "x"}}{{define "x"}}hi{{end}}',
  // join and joinAndTruncate
  '{{join .SS ","}}', '{{join .SI ", "}}', '{{join .MSS ","}}', '{{join .X "-"}}', '{{join .Missing ","}}', '{{join .SS 1}}',
  '{{joinAndTruncate .SS "," 2}}', '{{joinAndTruncate .SI "," 3}}', '{{joinAndTruncate .Nested.l "," 10}}', '{{joinAndTruncate .SS "," .I}}',
  '{{join .SS}}',
  // parse errors
  '{{.X', '{{.X}', '{{foo}}', '{{.X | }}', '{{|}}', '{{(.X}}', '{{.X)}}', '{{$x := }}', '{{range}}{{end}}', '{{with}}x{{end}}', '{{.X %}}',
  '{{:}}', '{{.X :}}', '{{"a" "b"}}', 'line1\nline2 {{.X\n}}', 'a\nb\n{{.Missing.x.y}}\n{{.X.Y}}', '{{define "x"}}', '{{range .SI}}{{else}}{{else}}{{end}}',
]

const HEP_TEMPLATES = [
  '{{.metadata.name}}', '{{.spec.node}} {{.spec.interfaceName}}', '{{range .spec.expectedIPs}}{{.}} {{end}}', '{{join .spec.expectedIPs ","}}',
  '{{range .spec.ports}}{{.name}}:{{.port}}/{{.protocol}}{{"\\n"}}{{end}}', '{{index .metadata.labels "env"}}', '{{.metadata.labels}}',
  '{{range $k, $v := .metadata.labels}}{{$k}}={{$v}}{{"\\n"}}{{end}}', '{{len .spec.ports}}', '{{printf "%-10s %s" .metadata.name .spec.node}}',
  '{{(index .spec.ports 0).port}}', '{{printf "%d" (index .spec.ports 0).port}}', '{{printf "%.0f" (index .spec.ports 0).port}}',
  '{{if eq (index .spec.ports 0).port 8080.0}}http{{end}}', '{{.spec}}', '{{.status}}', '{{.spec.nope.deeper}}',
]

const LIST_TEMPLATES = [
  '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', '{{range .items}}{{.metadata.name}} {{.spec.node}} {{.spec.expectedIPs}}{{"\\n"}}{{end}}',
  '{{range .items}}{{joinAndTruncate .spec.expectedIPs "," 12}}|{{end}}', '{{len .items}}', '{{.kind}}',
]

interface Case {
  template: string
  data: unknown
  allowMissingKeys: boolean
}

describe.skipIf(!haveGo)('go-template parity with Go text/template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hepctl-text-template-'))
  const binary = join(dir, 'go-text-template')

  beforeAll(() => {
    cpSync(new URL('./go-text-template/main.go', import.meta.url), join(dir, 'main.go'))
    execFileSync('go', ['build', '-o', binary, join(dir, 'main.go')], {
      cwd: dir,
      env: {...process.env, GO111MODULE: 'off', GOPATH: join(dir, 'gopath'), GOCACHE: join(dir, 'cache'), GOFLAGS: ''},
    })
  }, 120_000)
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const cases: Case[] = [
    ...T_TEMPLATES.map(template => ({template, data: T, allowMissingKeys: true})),
    ...T_TEMPLATES.filter(t => /Missing|nope|\.status/.test(t)).map(template => ({template, data: T, allowMissingKeys: false})),
    ...HEP_TEMPLATES.map(template => ({template, data: HEP, allowMissingKeys: true})),
    ...HEP_TEMPLATES.map(template => ({template, data: HEP, allowMissingKeys: false})),
    ...LIST_TEMPLATES.map(template => ({template, data: LIST, allowMissingKeys: true})),
  ]

  it(`gives Go's output, verdict and error position for ${cases.length} templates`, () => {
    const input = cases.map(c => JSON.stringify(c)).join('\n') + '\n'
    const go = execFileSync(binary, {input}).toString().trim().split('\n').map(line => JSON.parse(line) as {out?: string; error?: string})
    const mismatches: string[] = []
    cases.forEach((c, i) => {
      let mine: {out?: string; error?: string}
      try {
        mine = {out: executeGoTemplate(parseGoTemplate(c.template), c.data, {allowMissingKeys: c.allowMissingKeys})}
      } catch (error) {
        if (!(error instanceof GoTemplateError)) throw error
        mine = {error: error.message}
      }
      const theirs = go[i]
      const where = `${JSON.stringify(c.template)}${c.allowMissingKeys ? '' : ' (missing keys refused)'}`
      if (theirs.error === undefined && mine.error !== undefined) mismatches.push(`${where}: Go prints ${JSON.stringify(theirs.out)}, hepctl fails: ${mine.error}`)
      else if (theirs.error !== undefined && mine.error === undefined) mismatches.push(`${where}: Go fails (${theirs.error}), hepctl prints ${JSON.stringify(mine.out)}`)
      else if (theirs.error === undefined && theirs.out !== mine.out) mismatches.push(`${where}: Go ${JSON.stringify(theirs.out)}, hepctl ${JSON.stringify(mine.out)}`)
      else if (theirs.error !== undefined && position(theirs.error) !== position(mine.error!)) {
        mismatches.push(`${where}: Go says ${theirs.error}\n  hepctl says ${mine.error}`)
      }
    })
    expect(mismatches).toEqual([])
  })
})

/** `template: output:1:5:` (or `template: output:1:` for a parse error): where Go reports the problem. */
function position(message: string): string {
  return /^template: [^:]+:\d+(:\d+)?:/.exec(message)?.[0] ?? message
}
