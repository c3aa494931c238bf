/**
 * The rooms of src/ and which way their imports point, as the README's architecture section draws them: a
 * room imports only rooms below it, and the bottom rooms import nothing of the project (src/schema only
 * src/model).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'

import {describe, expect, it} from 'vitest'

const SRC = resolve(import.meta.dirname, '..', 'src')

/** Top to bottom: each room may import only the rooms after it. */
const ROOMS = ['commands', 'cli', 'output', 'manifest', 'validation', 'lifecycle', 'datastore', 'config', 'policy', 'schema', 'problem', 'model', 'json', 'os']
/** The bottom rooms, and the only rooms of the project each may import. */
const BOTTOM: Record<string, string[]> = {schema: ['model'], problem: [], model: [], json: [], os: []}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every import of a file of the project from another room: [importing file, room imported]. */
function crossRoomImports(): Array<[string, string, string]> {
  const found: Array<[string, string, string]> = []
  for (const file of sourceFiles(SRC)) {
    const room = relative(SRC, file).split('/')[0]
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:from\s+|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(SRC, resolve(dirname(file), match[1])).split('/')
      if (target.length > 1 && target[0] !== room) found.push([relative(SRC, file), room, target[0]])
    }
  }
  return found
}

describe('the rooms of src/', () => {
  it('are exactly the rooms the architecture names', () => {
    const folders = readdirSync(SRC, {withFileTypes: true}).filter(e => e.isDirectory()).map(e => e.name)
    expect(folders.sort()).toEqual([...ROOMS].sort())
    const readme = readFileSync(resolve(SRC, '..', 'README.md'), 'utf8')
    for (const room of ROOMS) expect(readme).toContain(`src/${room}`)
  })

  it('import only rooms below them', () => {
    const upward = crossRoomImports().filter(([, from, to]) => {
      if (Object.hasOwn(BOTTOM, from)) return !BOTTOM[from].includes(to)
      return ROOMS.indexOf(to) <= ROOMS.indexOf(from)
    })
    expect(upward.map(([file, , to]) => `${file} imports src/${to}`)).toEqual([])
  })

  it('are scanned for real: the imports it judges are found', () => {
    // The scan finds the imports it judges: cli imports output, output imports lifecycle's result types.
    const imports = crossRoomImports()
    expect(imports.some(([, from, to]) => from === 'cli' && to === 'output')).toBe(true)
    expect(imports.some(([, from, to]) => from === 'output' && to === 'lifecycle')).toBe(true)
  })
})
