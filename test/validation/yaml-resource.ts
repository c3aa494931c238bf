// Test fixture: a ManifestResource built from YAML text with the yaml library, with a real locate() (the
// manifest helper writes the production reader; this one only serves the validation tests).
import {LineCounter, isMap, isSeq, parseDocument, type Node} from 'yaml'
import type {ManifestResource, PathSegment, Position} from '../../src/manifest/types.js'

export function resourceFromYaml(text: string, file = 'test.yaml', document = 0): ManifestResource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {version: '1.1', lineCounter, uniqueKeys: false})
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message)
  const pos = (offset: number): Position => {
    const {line, col} = lineCounter.linePos(offset)
    return {line, column: col}
  }
  const start = doc.contents?.range?.[0] ?? 0
  return {
    value: doc.toJS(),
    origin: {file, document, ...pos(start)},
    locate(path: readonly PathSegment[], target: 'key' | 'value' = 'value'): Position {
      let node: unknown = doc.contents
      let at = start
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find(p => (p.key as {value?: unknown} | null)?.value === segment)
          if (!pair) break
          const key = pair.key as Node
          const value = pair.value as Node | null
          at = target === 'key' && segment === path.at(-1) ? key.range![0] : (value?.range?.[0] ?? key.range![0])
          node = value
        } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
          const item = node.items[segment] as Node
          at = item.range![0]
          node = item
        } else {
          break
        }
      }
      return pos(at)
    },
  }
}

/** A ManifestResource for a plain value whose locate() records what it was asked. */
export function resourceFromValue(value: unknown, file = 'value.yaml'): ManifestResource & {asked: string[]} {
  const asked: string[] = []
  return {
    value,
    asked,
    origin: {file, document: 0, line: 1, column: 1},
    locate(path, target = 'value') {
      asked.push(`${target}:${JSON.stringify(path)}`)
      return {line: 10 + path.length, column: 1}
    },
  }
}
