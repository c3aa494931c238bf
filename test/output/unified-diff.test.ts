import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {unifiedDiff} from '../../src/output/unified-diff.js'
import {tempDir} from '../support/cli.js'

const lines = (n: number, changed: Record<number, string> = {}) =>
  Array.from({length: n}, (_, i) => changed[i] ?? `line ${i}`).join('\n') + '\n'

/** What GNU diff -u prints for the same two texts: the reference format. */
function gnuDiff(dir: string, a: string, b: string): string {
  writeFileSync(join(dir, 'a'), a)
  writeFileSync(join(dir, 'b'), b)
  try {
    execFileSync('diff', ['-u', '--label', 'live', '--label', 'merged', join(dir, 'a'), join(dir, 'b')])
    return ''
  } catch (error) {
    return (error as {stdout: Buffer}).stdout.toString()
  }
}

describe('unifiedDiff', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'live', 'merged')).toBe('')
  })

  const cases: [string, string, string][] = [
    ['one changed line', 'a\nb\nc\n', 'a\nB\nc\n'],
    ['everything added', '', 'x\ny\n'],
    ['everything removed', 'x\ny\n', ''],
    ['two distant changes: two hunks', lines(30), lines(30, {3: 'X', 20: 'Y'})],
    ['two close changes: one hunk, and a line added at the end', lines(30), lines(30, {3: 'X', 8: 'Y'}) + 'extra\n'],
    ['a block replaced by a longer block', lines(10), lines(10, {4: 'p\nq\nr'})],
  ]
  for (const [name, a, b] of cases) {
    it(`matches diff -u: ${name}`, () => {
      expect(unifiedDiff(a, b, 'live', 'merged')).toBe(gnuDiff(dir.path, a, b))
    })
  }

  it('dresses each line by its kind, one line at a time, and leaves context lines alone', () => {
    const tag = (name: string) => (line: string) => `<${name}>${line}</${name}>`
    const style = {header: tag('h'), hunk: tag('at'), removed: tag('r'), added: tag('a')}
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc\nd\n', 'live', 'merged', style)).toBe(
      '<h>--- live</h>\n<h>+++ merged</h>\n<at>@@ -1,3 +1,4 @@</at>\n a\n<r>-b</r>\n<a>+B</a>\n c\n<a>+d</a>\n',
    )
  })
})
