import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {OutputFormatError, parseOutputFormat, printGet, TemplateExecutionError, type GetData} from '../../src/output/get-printer.js'
import {endpoint1, list, stored} from './fixtures.js'

const print = async (data: GetData, format?: string, options = {}) => printGet(data, await parseOutputFormat(format), options)
const listOf = (...names: string[]): GetData => ({kind: 'list', list: list(names.map(n => stored(n)))})

describe('ps and wide', () => {
  it('prints calicoctl\'s wide example exactly (reference §4.4.5)', async () => {
    expect(await print({kind: 'named', objects: [endpoint1()]}, 'wide')).toBe(
      'NAME        NODE    INTERFACE   IPS   PROFILES      \n' +
      'endpoint1   host1   eth0              prof1,prof2   \n' +
      '\n')
  })

  it('ps is the default: NAME and NODE', async () => {
    expect(await print(listOf('a', 'bb'))).toBe('NAME   NODE      \na      node-a    \nbb     node-bb   \n\n')
  })

  it('joins IPs with commas in wide', async () => {
    expect(await print(listOf('a'), 'wide')).toContain('10.0.0.1,fd00::1')
  })

  it('an empty list prints the header and the blank line', async () => {
    expect(await print({kind: 'list', list: list([])})).toBe('NAME   NODE   \n\n')
  })

  it('several names print one table; no objects found prints nothing', async () => {
    expect((await print({kind: 'named', objects: [stored('a'), stored('b')]})).split('\n').filter(l => l.startsWith('NAME'))).toHaveLength(1)
    expect(await print({kind: 'named', objects: []})).toBe('')
  })

  it('--show-labels adds a sorted LABELS column, <none> when there are none', async () => {
    const e = endpoint1()
    delete e.metadata.labels
    const text = await print({kind: 'named', objects: [stored('a'), e]}, 'ps', {showLabels: true})
    expect(text).toBe(
      `NAME        NODE     LABELS${' '.repeat(26)}\n` +
      'a           node-a   env=prod,example.com/tier=web   \n' +
      `endpoint1   host1    <none>${' '.repeat(26)}\n\n`)
  })

  it('--no-headers leaves out the header and the blank line', async () => {
    expect(await print(listOf('a', 'b'), 'ps', {noHeaders: true})).toBe('a    node-a   \nb    node-b   \n')
  })
})

describe('custom-columns', () => {
  it('accepts calicoctl column names', async () => {
    expect(await print(listOf('a'), 'custom-columns=NODE,NAME')).toBe('NODE     NAME   \nnode-a   a      \n\n')
  })

  it('accepts kubectl HEADER:jsonpath, with <none> for missing values and Go formatting for lists', async () => {
    const text = await print(listOf('a'), 'custom-columns=N:.metadata.name,T:{.metadata.labels.example\\.com/tier},X:.spec.missing,I:.spec.expectedIPs,P:spec.ports[*].port')
    expect(text).toBe(
      'N    T     X        I                    P     \n' +
      'a    web   <none>   [10.0.0.1 fd00::1]   443   \n\n')
  })

  it('rejects unknown names and empty specs with calicoctl\'s messages', async () => {
    await expect(parseOutputFormat('custom-columns=NAME,FOO')).rejects.toThrow(/^unknown heading FOO, valid values are: NAME, NODE, INTERFACE, IPS, PROFILES$/)
    await expect(parseOutputFormat('custom-columns=')).rejects.toThrow('need to specify at least one column')
    // Names an object inherits are no column names.
    for (const inherited of ['constructor', 'toString', '__proto__']) {
      await expect(parseOutputFormat(`custom-columns=${inherited}`)).rejects.toThrow(/^unknown heading/)
    }
    await expect(parseOutputFormat('custom-columns=A:')).rejects.toThrow(OutputFormatError)
  })

  it('a column whose JSONPath fails on the data is kubectl\'s execution error, not a crash', async () => {
    await expect(print(listOf('a'), 'custom-columns=X:.spec.node[0]')).rejects.toThrow(TemplateExecutionError)
    await expect(print(listOf('a'), 'custom-columns=X:.spec.node[0]')).rejects.toThrow('error executing jsonpath in custom-columns: string is not array or slice')
  })
})

describe('json', () => {
  it('prints one object in calicoctl struct order, 2-space indented, with a final newline', async () => {
    const text = await print({kind: 'named', objects: [stored('a')]}, 'json')
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toBe(`{
  "kind": "HostEndpoint",
  "apiVersion": "projectcalico.org/v3",
  "metadata": {
    "name": "a",
    "uid": "6f1c9a52-2b7e-4c1b-9a34-0d6f1e8b7c21",
    "resourceVersion": "17",
    "creationTimestamp": "2024-05-01T12:00:00Z",
    "labels": {
      "example.com/tier": "web",
      "env": "prod"
    }
  },
  "spec": {
    "node": "node-a",
    "interfaceName": "eth0",
    "expectedIPs": [
      "10.0.0.1",
      "fd00::1"
    ],
    "ports": [
      {
        "name": "https",
        "protocol": "TCP",
        "port": 443
      }
    ]
  }
}
`)
  })

  it('prints a List as HostEndpointList with items [] when empty', async () => {
    expect(JSON.parse(await print({kind: 'list', list: list([], '9')}, 'json'))).toEqual(
      {kind: 'HostEndpointList', apiVersion: 'projectcalico.org/v3', metadata: {resourceVersion: '9'}, items: []})
    expect(Object.keys(JSON.parse(await print(listOf('a'), 'json')))).toEqual(['kind', 'apiVersion', 'metadata', 'items'])
  })

  it('prints several named objects as one HostEndpointList (readable back as a manifest)', async () => {
    const v = JSON.parse(await print({kind: 'named', objects: [stored('a'), stored('b')]}, 'json'))
    expect(v.kind).toBe('HostEndpointList')
    expect(v.items.map((i: {metadata: {name: string}}) => i.metadata.name)).toEqual(['a', 'b'])
  })
})

describe('yaml', () => {
  it('prints a List that parses back to the same data', async () => {
    const data = listOf('a', 'b')
    const text = await print(data, 'yml')
    expect(text.startsWith('apiVersion: projectcalico.org/v3\nitems:\n- apiVersion')).toBe(true)
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify((data as {list: unknown}).list)))
  })

  it('--export strips cluster metadata from named objects and is ignored for a List', async () => {
    const text = await print({kind: 'named', objects: [stored('a')]}, 'yaml', {export: true})
    expect(text).not.toMatch(/uid|resourceVersion|creationTimestamp/)
    expect(text).toContain('name: a')
    expect(text).toContain('example.com/tier: web')
    expect(await print(listOf('a'), 'yaml', {export: true})).toContain('uid:')
  })
})

describe('name', () => {
  it('prints kind.group/name per object', async () => {
    expect(await print(listOf('a', 'b'), 'name')).toBe('hostendpoint.projectcalico.org/a\nhostendpoint.projectcalico.org/b\n')
  })
})

describe('jsonpath', () => {
  it('runs over the List for a list and over the object for one name', async () => {
    expect(await print(listOf('a', 'b'), 'jsonpath={.items[*].metadata.name}')).toBe('a b')
    expect(await print({kind: 'named', objects: [stored('a')]}, 'jsonpath={.spec.node}')).toBe('node-a')
  })

  it('supports range with literals', async () => {
    expect(await print(listOf('a', 'b'), 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.spec.node}{"\\n"}{end}')).toBe('a\tnode-a\nb\tnode-b\n')
  })

  it('rejects an empty template and bad syntax', async () => {
    await expect(parseOutputFormat('jsonpath=')).rejects.toThrow('template format specified but no template given')
    await expect(parseOutputFormat('jsonpath={.a')).rejects.toThrow(OutputFormatError)
    await expect(parseOutputFormat('jsonpath={.a[x]}')).rejects.toThrow('error parsing jsonpath {.a[x]}, invalid array index x')
    await expect(parseOutputFormat('go-template={{.a')).rejects.toThrow('error parsing template {{.a, template: output:1: unclosed action')
    await expect(parseOutputFormat('go-template=')).rejects.toThrow('template format specified but no template given')
  })
})

describe('parseOutputFormat', () => {
  it('rejects unknown formats with calicoctl\'s message', async () => {
    await expect(parseOutputFormat('xml')).rejects.toThrow("unrecognized output format 'xml'")
    await expect(parseOutputFormat('templatex')).rejects.toThrow("unrecognized output format 'templatex'")
  })
})
