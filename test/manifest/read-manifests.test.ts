import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {afterAll, describe, expect, it} from 'vitest'
import {MAX_DOCUMENT_BYTES, readManifests} from '../../src/manifest/read-manifests.js'
import {formatPath} from '../../src/problem/path-text.js'

/** How messages list the kinds a document may have. */
const TOP = '"HostEndpoint" or "HostEndpointList" (or a context kind hepctl reads: GlobalNetworkPolicy, StagedGlobalNetworkPolicy, ' +
  'NetworkPolicy, Tier, Profile, FelixConfiguration, GlobalNetworkSet, or a List of one of them)'

const root = mkdtempSync(join(tmpdir(), 'hepctl-manifest-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

let counter = 0
/** Write a file under the test directory and return its path. */
function file(name: string, content: string | Buffer): string {
  const dir = join(root, `case-${counter++}`)
  mkdirSync(dir, {recursive: true})
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

function hep(name: string, extra = ''): string {
  return `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: ${name}\nspec:\n  node: node1\n${extra}`
}

const names = (r: {resources: Array<{value: unknown}>}) =>
  r.resources.map(x => (x.value as {metadata: {name: string}}).metadata.name)

describe('readManifests: sources', () => {
  it('reads one file with one resource, with its origin', async () => {
    const path = file('one.yaml', hep('a'))
    const r = await readManifests([path])
    expect(r.problems).toEqual([])
    expect(r.files).toEqual([path])
    expect(r.resources).toHaveLength(1)
    expect(r.resources[0].value).toEqual({
      apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'a'}, spec: {node: 'node1'},
    })
    expect(r.resources[0].origin).toEqual({file: path, document: 0, line: 1, column: 1})
  })

  it('walks a directory in lexical order, top level only, picking .yaml/.yml/.json in any case', async () => {
    const dir = join(root, 'dir-walk')
    mkdirSync(join(dir, 'sub'), {recursive: true})
    writeFileSync(join(dir, 'b.yaml'), hep('b'))
    writeFileSync(join(dir, 'A.YML'), hep('A'))
    writeFileSync(join(dir, 'c.Json'), JSON.stringify({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'c'}}))
    writeFileSync(join(dir, 'd.txt'), 'not a manifest')
    writeFileSync(join(dir, 'e.yaml.bak'), 'not a manifest')
    writeFileSync(join(dir, 'sub', 'a.yaml'), hep('sub-a'))
    const flat = await readManifests([dir])
    expect(flat.problems).toEqual([])
    expect(flat.files).toEqual([join(dir, 'A.YML'), join(dir, 'b.yaml'), join(dir, 'c.Json')])
    expect(names(flat)).toEqual(['A', 'b', 'c'])

    const deep = await readManifests([dir], {recursive: true})
    expect(deep.files).toEqual([join(dir, 'A.YML'), join(dir, 'b.yaml'), join(dir, 'c.Json'), join(dir, 'sub', 'a.yaml')])
    expect(names(deep)).toEqual(['A', 'b', 'c', 'sub-a'])
  })

  it('reports a missing path and a symlink loop, reads an empty directory as no files, and goes on with the other inputs', async () => {
    const good = file('good.yaml', hep('good'))
    const empty = join(root, 'empty-dir')
    mkdirSync(empty)
    writeFileSync(join(empty, 'notes.txt'), 'x')
    const loop = join(root, 'loop.yaml')
    symlinkSync(loop, loop)
    const missing = join(root, 'missing.yaml')
    const r = await readManifests([missing, empty, loop, good])
    expect(names(r)).toEqual(['good'])
    expect(r.problems.map(p => [p.code, p.file, p.message])).toEqual([
      ['input-unreadable', missing, `open ${missing}: no such file or directory`],
      ['input-unreadable', loop, `open ${loop}: too many levels of symbolic links`],
    ])
    expect(r.problems.every(p => p.severity === 'error' && p.path.length === 0)).toBe(true)
  })

  it('reads stdin for `-`, once even if given twice, and keeps its lines for code frames', async () => {
    const stdin = Readable.from([Buffer.from(hep('from-stdin').slice(0, 20)), Buffer.from(hep('from-stdin').slice(20))])
    const r = await readManifests(['-', '-'], {stdin})
    expect(r.problems).toEqual([])
    expect(r.files).toEqual(['-'])
    expect(names(r)).toEqual(['from-stdin'])
    expect(r.resources[0].origin.file).toBe('-')
    expect(r.sourceLine('-', 4)).toBe('  name: from-stdin')
    expect(r.sourceLine('-', 99)).toBeUndefined()
    expect(r.sourceLine('other', 1)).toBeUndefined()
  })

  it('reads the real stdin of a process (a pipe) by default', () => {
    const script = [
      "import {readManifests} from './src/manifest/read-manifests.ts'",
      "const r = await readManifests(['-', 'missing-file.yaml', '-'])",
      'console.log(JSON.stringify({files: r.files, names: r.resources.map(x => x.value.metadata.name), codes: r.problems.map(p => p.code)}))',
    ].join('\n')
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'), input: hep('piped'), encoding: 'utf8',
    })
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({files: ['-'], names: ['piped'], codes: ['input-unreadable']})
  })

  it('reports a stdin that fails while being read', async () => {
    const stdin = new Readable({
      read() {
        this.destroy(Object.assign(new Error('EIO: i/o error, read'), {code: 'EIO'}))
      },
    })
    const r = await readManifests(['-'], {stdin})
    expect(r.resources).toEqual([])
    expect(r.problems.map(p => [p.code, p.file, p.message])).toEqual([['input-unreadable', '-', 'read -: input/output error']])
  })

  it('gives the text of any line of a file, without CR or BOM', async () => {
    const path = file('lines.yaml', `\ufeff${hep('a')}`.replaceAll('\n', '\r\n'))
    const r = await readManifests([path])
    expect(r.sourceLine(path, 1)).toBe('apiVersion: projectcalico.org/v3')
    expect(r.sourceLine(path, 6)).toBe('  node: node1')
    expect(r.sourceLine(path, 7)).toBeUndefined()
    expect(r.sourceLine(path, 0)).toBeUndefined()
  })
})

describe('readManifests: documents', () => {
  it('reads multi-document YAML, skipping empty and comment-only documents but counting them', async () => {
    const text = `# header\n---\n${hep('a')}---\n---\n# only a comment\n---\n\n${hep('b')}\n---\n`
    const path = file('multi.yaml', text)
    const r = await readManifests([path])
    expect(r.problems).toEqual([])
    expect(names(r)).toEqual(['a', 'b'])
    expect(r.resources.map(x => x.origin)).toEqual([
      {file: path, document: 0, line: 3, column: 1},
      {file: path, document: 3, line: 14, column: 1},
    ])
  })

  it('reads documents ended by ... markers, and flow collections', async () => {
    const path = file('ended.yaml', `${hep('a', '  profiles: [p1, "p2"]\n')}...\n---\n${hep('b', '  expectedIPs: []\n')}...\n---\n${hep('c')}`)
    const r = await readManifests([path])
    expect(r.problems).toEqual([])
    expect(names(r)).toEqual(['a', 'b', 'c'])
    expect(r.resources.map(x => [x.origin.document, x.origin.line])).toEqual([[0, 1], [1, 10], [2, 19]])
    expect((r.resources[0].value as {spec: unknown}).spec).toEqual({node: 'node1', profiles: ['p1', 'p2']})
    expect(r.resources[1].locate(['spec', 'expectedIPs'])).toEqual({line: 16, column: 16})
  })

  it('refuses a resource after ... without ---, which calicoctl would silently drop', async () => {
    const path = file('ended.yaml', `${hep('a')}...\n${hep('b')}`)
    const r = await readManifests([path])
    expect(r.problems.map(p => [p.code, p.line, p.column])).toEqual([['yaml-calicoctl-incompatible', 8, 1]])
    expect(r.problems[0].message).toMatch(/separate resources with ---/)
    expect(names(r)).toEqual([])
  })

  it('expands a HostEndpointList into its items, each located relative to itself', async () => {
    const text = [
      'apiVersion: projectcalico.org/v3',
      'kind: HostEndpointList',
      'metadata: {}',
      'items:',
      '- apiVersion: projectcalico.org/v3',
      '  kind: HostEndpoint',
      '  metadata:',
      '    name: first',
      '- apiVersion: projectcalico.org/v3',
      '  kind: HostEndpoint',
      '  metadata:',
      '    name: second',
      '  spec:',
      '    ports:',
      '    - port: 80',
      '',
    ].join('\n')
    const path = file('list.yaml', text)
    const r = await readManifests([path])
    expect(r.problems).toEqual([])
    expect(names(r)).toEqual(['first', 'second'])
    expect(r.resources.map(x => x.origin)).toEqual([
      {file: path, document: 0, line: 5, column: 3},
      {file: path, document: 0, line: 9, column: 3},
    ])
    expect(r.resources[1].locate(['metadata', 'name'])).toEqual({line: 12, column: 11})
    expect(r.resources[1].locate(['spec', 'ports', 0, 'port'])).toEqual({line: 15, column: 13})
    expect(r.resources[0].locate(['metadata', 'name'], 'key')).toEqual({line: 8, column: 5})
    expect(r.resources[1].locate([])).toEqual({line: 9, column: 3})
  })

  it('locates inside List items read as JSON and by the full parser alike', async () => {
    const item = (name: string) => ({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name}, spec: {node: 'n'}})
    const json = file('list.json', JSON.stringify({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpointList', items: [item('j1'), item('j2')]}, null, 2))
    // An anchor sends this one to the full parser.
    const yaml = file('anchored-list.yaml', [
      'apiVersion: projectcalico.org/v3',
      'kind: HostEndpointList',
      'items:',
      '- &first',
      '  apiVersion: projectcalico.org/v3',
      '  kind: HostEndpoint',
      '  metadata: {name: y1}',
      '- apiVersion: projectcalico.org/v3',
      '  kind: HostEndpoint',
      '  metadata:',
      '    name: y2',
      '',
    ].join('\n'))
    const r = await readManifests([json, yaml])
    expect(r.problems).toEqual([])
    expect(names(r)).toEqual(['j1', 'j2', 'y1', 'y2'])
    expect(r.resources.map(x => [x.origin.line, x.origin.column])).toEqual([[5, 5], [15, 5], [5, 3], [8, 3]])
    expect(r.resources[1].locate(['metadata', 'name'])).toEqual({line: 19, column: 17})
    expect(r.resources[1].locate(['spec', 'node'], 'key')).toEqual({line: 22, column: 9})
    expect(r.resources[2].locate(['metadata', 'name'])).toEqual({line: 7, column: 20})
    expect(r.resources[3].locate(['metadata', 'name'])).toEqual({line: 11, column: 11})
  })

  it('expands a top-level sequence of resources (YAML and JSON)', async () => {
    const yaml = file('seq.yaml', `- ${hep('s1').replaceAll('\n', '\n  ')}\n- ${hep('s2').replaceAll('\n', '\n  ')}\n`)
    const json = file('seq.json', JSON.stringify([
      {apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'j1'}},
      {apiVersion: 'projectcalico.org/v3', kind: 'HostEndpointList', items: [{apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'j2'}}]},
    ], null, 2))
    const r = await readManifests([yaml, json])
    expect(r.problems).toEqual([])
    expect(names(r)).toEqual(['s1', 's2', 'j1', 'j2'])
    expect(r.resources[1].origin).toMatchObject({line: 8, column: 3})
    expect(r.resources[2].origin).toMatchObject({file: json, line: 2, column: 3})
    expect(r.resources[3].origin).toMatchObject({file: json, line: 13, column: 7})
  })

  it('reads JSON documents and resolves YAML 1.1 plain scalars in YAML ones', async () => {
    const path = file('values.yaml', hep('v', '  interfaceName: 0x10\n') + 'metadata2: ignored\n')
    const labels = file('labels.yaml', hep('l').replace('  name: l\n', '  name: l\n  labels:\n    on: yes\n    quoted: "yes"\n    empty:\n    octal: 0755\n'))
    const r = await readManifests([path, labels])
    expect(r.problems).toEqual([])
    expect((r.resources[0].value as {spec: unknown}).spec).toEqual({node: 'node1', interfaceName: 16})
    expect((r.resources[1].value as {metadata: unknown}).metadata).toEqual({
      name: 'l', labels: {true: true, quoted: 'yes', empty: null, octal: 493},
    })
  })
})

describe('readManifests: positions', () => {
  it('locates values and keys in a document deep in a file, with CRLF and a BOM', async () => {
    const docs = [hep('a'), hep('b'), hep('c', '  ports:\n  - name: http\n    port: 80\n')]
    const text = `\ufeff${docs.join('---\n')}`.replaceAll('\n', '\r\n')
    const path = file('crlf.yaml', text)
    const r = await readManifests([path])
    expect(r.problems).toEqual([])
    const c = r.resources[2]
    expect(c.origin).toEqual({file: path, document: 2, line: 15, column: 1})
    expect(c.locate(['spec', 'ports', 0, 'port'])).toEqual({line: 23, column: 11})
    expect(c.locate(['spec', 'ports', 0, 'port'], 'key')).toEqual({line: 23, column: 5})
    expect(c.locate(['metadata', 'name'])).toEqual({line: 18, column: 9})
    expect(r.sourceLine(path, 23)).toBe('    port: 80')
    expect(r.resources[0].locate(['kind'])).toEqual({line: 2, column: 7})
  })

  it('falls back to the nearest ancestor that exists', async () => {
    const path = file('fallback.yaml', hep('a'))
    const [res] = (await readManifests([path])).resources
    expect(res.locate(['spec', 'interfaceName'])).toEqual({line: 5, column: 1})
    expect(res.locate(['spec', 'ports', 3, 'port'])).toEqual({line: 5, column: 1})
    expect(res.locate(['nothing', 'here'])).toEqual({line: 1, column: 1})
  })
})

describe('readManifests: problems', () => {
  const codes = (r: {problems: Array<{code: string}>}) => r.problems.map(p => p.code)

  it('reports YAML syntax errors with the position and goes on with the next document', async () => {
    const path = file('syntax.yaml', `${hep('ok1')}---\nmetadata:\n  name: [unclosed\nspec: x\n---\n${hep('ok2')}`)
    const r = await readManifests([path])
    expect(names(r)).toEqual(['ok1', 'ok2'])
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]).toMatchObject({severity: 'error', code: 'yaml-syntax', file: path, document: 1, line: 10})
    expect(r.problems[0].message).not.toMatch(/\n|at line/)
  })

  it('reports a duplicate key at the second key, naming the key and the first line', async () => {
    const path = file('dup.yaml', `${hep('d')}  node: node2\n`)
    const r = await readManifests([path])
    expect(r.resources).toEqual([])
    expect(r.problems).toEqual([{
      severity: 'error', code: 'duplicate-key', path: ['spec', 'node'], file: path, document: 0, line: 7, column: 3, resource: 'd',
      message: 'duplicate key "node": already defined at line 6',
    }])
  })

  it('reports duplicate keys in JSON too (JSON.parse would keep the last silently)', async () => {
    const path = file('dup.json', '{\n  "apiVersion": "projectcalico.org/v3",\n  "kind": "HostEndpoint",\n  "kind": "HostEndpoint"\n}\n')
    const r = await readManifests([path])
    expect(r.resources).toEqual([])
    expect(r.problems).toMatchObject([{code: 'duplicate-key', line: 4, column: 3, path: ['kind']}])
    expect(r.problems[0].message).toContain('line 3')
  })

  it('checks apiVersion and kind exactly, and says what was expected and found', async () => {
    const text = [
      hep('v1').replace('projectcalico.org/v3', 'projectcalico.org/v1'),
      hep('crd').replace('projectcalico.org/v3', 'crd.projectcalico.org/v1'),
      hep('pod').replace('kind: HostEndpoint', 'kind: Pod'),
      hep('lower').replace('kind: HostEndpoint', 'kind: hostendpoint'),
      'kind: HostEndpoint\nmetadata:\n  name: noversion\n',
      'apiVersion: projectcalico.org/v3\nmetadata:\n  name: nokind\n',
      hep('good'),
    ].join('---\n')
    const path = file('kinds.yaml', text)
    const r = await readManifests([path])
    expect(names(r)).toEqual(['good'])
    expect(r.problems.map(p => [p.code, p.message, formatPath(p.path), p.line, p.resource])).toEqual([
      ['invalid-api-version', 'apiVersion must be "projectcalico.org/v3", found "projectcalico.org/v1"', 'apiVersion', 1, 'v1'],
      ['invalid-api-version', 'apiVersion must be "projectcalico.org/v3", found "crd.projectcalico.org/v1"', 'apiVersion', 8, 'crd'],
      ['invalid-kind', `kind must be ${TOP}, found "Pod"`, 'kind', 16, 'pod'],
      ['invalid-kind', `kind must be ${TOP}, found "hostendpoint"`, 'kind', 23, 'lower'],
      ['invalid-api-version', 'apiVersion is missing: it must be "projectcalico.org/v3"', 'apiVersion', 29, 'noversion'],
      ['invalid-kind', `kind is missing: it must be ${TOP}`, 'kind', 33, 'nokind'],
    ])
    expect(r.problems[0].column).toBe(13)
  })

  it('requires List items to carry apiVersion and kind themselves, and refuses nested Lists', async () => {
    const text = [
      'apiVersion: projectcalico.org/v3',
      'kind: HostEndpointList',
      'items:',
      '- metadata:',
      '    name: bare',
      '- apiVersion: projectcalico.org/v3',
      '  kind: HostEndpointList',
      '  items: []',
      '',
    ].join('\n')
    const r = await readManifests([file('list-items.yaml', text)])
    expect(r.resources).toEqual([])
    expect(r.problems.map(p => [p.code, p.line, p.column, p.message])).toEqual([
      ['invalid-api-version', 4, 3, 'apiVersion is missing: it must be "projectcalico.org/v3" (List items must carry their own apiVersion and kind)'],
      ['invalid-kind', 4, 3, 'kind is missing: it must be "HostEndpoint" (List items must carry their own apiVersion and kind)'],
      ['invalid-kind', 7, 9, 'kind must be "HostEndpoint", found "HostEndpointList"'],
    ])
  })

  it('refuses a document that is not a mapping or a sequence', async () => {
    const r = await readManifests([file('scalar.yaml', 'just a string\n---\n42\n---\n- 1\n')])
    expect(r.resources).toEqual([])
    expect(r.problems.map(p => [p.code, p.document, p.line, p.message])).toEqual([
      ['invalid-document', 0, 1, 'a document must be a mapping (a resource) or a sequence of resources, found "just a string"'],
      ['invalid-document', 1, 3, 'a document must be a mapping (a resource) or a sequence of resources, found number 42'],
      ['invalid-document', 2, 5, 'an element of a top-level sequence must be a mapping (a resource), found number 1'],
    ])
  })

  it('refuses a document over MAX_DOCUMENT_BYTES but reads the others', async () => {
    const big = `${hep('big')}  interfaceName: "${'x'.repeat(MAX_DOCUMENT_BYTES)}"\n`
    const path = file('big.yaml', `${hep('small')}---\n${big}`)
    const r = await readManifests([path])
    expect(names(r)).toEqual(['small'])
    expect(codes(r)).toEqual(['input-too-large'])
    expect(r.problems[0]).toMatchObject({file: path, document: 1, line: 7})
  })

  it('refuses binary data and invalid UTF-8, saying where', async () => {
    const nul = file('nul.yaml', Buffer.concat([Buffer.from('a: 1\nb: 2\n'), Buffer.from([0, 1, 2])]))
    const bad = file('bad.yaml', Buffer.concat([Buffer.from('a: 1\nb: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]))
    const utf16 = file('utf16.yaml', Buffer.from('\ufeffa: 1\n', 'utf16le'))
    const r = await readManifests([nul, bad, utf16])
    expect(r.resources).toEqual([])
    expect(r.problems.map(p => [p.code, p.file, p.message])).toEqual([
      ['input-binary', nul, `${nul}: binary data: NUL byte at byte offset 10 (line 3)`],
      ['input-encoding', bad, `${bad}: invalid UTF-8 at byte offset 9 (line 2)`],
      ['input-encoding', utf16, `${utf16}: UTF-16 is not supported: save the file as UTF-8`],
    ])
  })
})
