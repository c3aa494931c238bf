/**
 * Differential test: hepctl's label selector parser and matcher against the real kube-apiserver's
 * `labelSelector=`. ConfigMaps with varied labels are listed with each selector; the set matched, the
 * accept/refuse verdict and (for syntax errors) the message must agree. Selectors come from apimachinery's
 * own selector tests and from edge cases of its grammar.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LabelSelectorSyntaxError, parseLabelSelector} from '../../src/model/label-selector.js'
import {kubeRequest, useKubeApiserver} from '../support/kube-apiserver.js'

const server = useKubeApiserver()
const NAMESPACE = 'hepctl-selector-parity'

const OBJECTS: Record<string, Record<string, string>> = {
  none: {},
  xy: {x: 'y'},
  xz: {x: 'z', z: 'a'},
  xyzw: {x: 'y', z: 'w'},
  notin: {notin: 'in'},
  two: {x: '2'},
  zero: {x: '0'},
  ten: {n: '10', x: '01'},
  big: {x: '9223372036854775807'},
  word: {x: 'abc', y: 'jkl'},
  empty: {x: '', y: ''},
  foobar: {foo: 'bar', baz: 'blah'},
  prefixed: {'example.com/tier': 'web', 'a.b/c': 'd'},
}

const SELECTORS = [
  // apimachinery's TestSelectorParse, TestSelectorMatches and TestToString rows
  'x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5',
  'x=a||y=b', 'x==a==b', '!x=a', 'x<a',
  'x=y', 'x=y,z=w', 'x!=y,z!=w', 'notin=in', 'x', 'x<1', 'x=z', 'foo=bar', 'baz=blah', 'foo=bar,baz=blah',
  'foo=blah', 'baz=bar', 'foo=bar,foobar=bar,baz=blah',
  'x in (abc,def),y notin (jkl),z', 'x notin (abc,def),y!=jkl,!z', 'x in (abc,def),',
  'x notin (abc),y in (jkl,mno),z notin ()', 'x=abc,y==jkl,z!=a,z', 'x>2,y<8,z',
  // the grammar's corners
  'x in ()', 'x notin ( )', 'x in (,)', 'x in (,y)', 'x in (y,)', 'x in (y,,z)', 'x in (in,notin)', 'in in (in)',
  'x in (y', 'x in y', 'x in ((', 'x in (y z)', 'x in (y)z', 'x (y)', 'x !in (y)', 'x ! y',
  'x>-1', 'x<-1', 'x>+1', 'x>9223372036854775807', 'x>9223372036854775808', 'x<1.5', 'x>', 'x>=1', 'x<=1', 'n>9',
  ',x', 'x,', 'x,,y', '!', '!!x', '! x', 'x=(', 'x==', 'x!=', 'x=a b', 'x=a=b', 'x=@', 'x=-a', '-x', 'a/b/c=1',
  'example.com/tier=web', 'example.com/tier', 'a.b/c in (d)', 'x\t=\ty', ' x = y , z ', 'x=a,x=b', 'x,!x',
  `x=${'v'.repeat(63)}`, `x=${'v'.repeat(64)}`, `${'k'.repeat(64)}`,
]

/** The API server's message after its "Unable to find ... field selector "": " preamble. */
function serverMessage(body: {message?: string}): string {
  const message = body.message ?? JSON.stringify(body)
  const marker = 'field selector "": '
  const at = message.indexOf(marker)
  return at >= 0 ? message.slice(at + marker.length) : message
}

describe.skipIf(!server)('label selectors: hepctl against the real kube-apiserver', () => {
  beforeAll(async () => {
    await kubeRequest(server!, 'POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: NAMESPACE}})
    for (const [name, labels] of Object.entries(OBJECTS)) {
      const r = await kubeRequest(server!, 'POST', `/api/v1/namespaces/${NAMESPACE}/configmaps`, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, labels}})
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating ${name}: HTTP ${r.status}`)
    }
  })
  afterAll(async () => {
    await kubeRequest(server!, 'DELETE', `/api/v1/namespaces/${NAMESPACE}`).catch(() => undefined)
  })

  it('matches the same objects and refuses the same selectors, with the same words', async () => {
    const mismatches: string[] = []
    for (const selector of SELECTORS) {
      const r = await kubeRequest(server!, 'GET', `/api/v1/namespaces/${NAMESPACE}/configmaps?labelSelector=${encodeURIComponent(selector)}`)
      let mine: {names?: string[]; error?: string}
      try {
        const parsed = parseLabelSelector(selector)
        mine = {names: Object.keys(OBJECTS).filter(name => parsed.matches(OBJECTS[name])).sort()}
        // The canonical text must select the same objects again (hepctl sends it to the server).
        const again = parseLabelSelector(parsed.text)
        if (again.text !== parsed.text) mismatches.push(`${selector}: text ${parsed.text} re-reads as ${again.text}`)
      } catch (error) {
        if (!(error instanceof LabelSelectorSyntaxError)) throw error
        mine = {error: error.message.replace(`invalid label selector ${JSON.stringify(selector)}: `, '')}
      }
      if (r.status === 200) {
        const names = (r.body.items as {metadata: {name: string}}[]).map(i => i.metadata.name).sort()
        if (mine.error) mismatches.push(`${JSON.stringify(selector)}: server accepts (${names}), hepctl refuses: ${mine.error}`)
        else if (names.join() !== mine.names!.join()) mismatches.push(`${JSON.stringify(selector)}: server ${names}, hepctl ${mine.names}`)
      } else {
        const theirs = serverMessage(r.body)
        if (!mine.error) mismatches.push(`${JSON.stringify(selector)}: server refuses (${theirs}), hepctl accepts`)
        // Key and value rules are explained in hepctl's own words; the rest of the message is the server's.
        else if (!sameMessage(mine.error, theirs)) mismatches.push(`${JSON.stringify(selector)}: server says ${theirs}\n  hepctl says ${mine.error}`)
      }
    }
    expect(mismatches).toEqual([])
  })
})

function sameMessage(mine: string, theirs: string): boolean {
  const rule = /^(unable to parse requirement: invalid label (?:key "[^"]*"|value: "[^"]*": at key: "[^"]*")): /
  const m = rule.exec(mine)
  const t = rule.exec(theirs)
  if (m || t) return m?.[1] === t?.[1]
  return mine === theirs
}
