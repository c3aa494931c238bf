import {describe, expect, it} from 'vitest'
import {splitDocuments} from '../../src/manifest/document-split.js'

/** Each chunk as [its text, first line, empty]. */
function split(text: string): Array<[string, number, boolean]> {
  return splitDocuments(text).map(c => [text.slice(c.start, c.end), c.line, c.empty])
}

describe('splitDocuments', () => {
  it('splits at --- lines and keeps each document\'s first line', () => {
    expect(split('a: 1\n---\nb: 2\n--- # c\nc: 3\n')).toEqual([
      ['a: 1\n', 1, false],
      ['---\nb: 2\n', 2, false],
      ['--- # c\nc: 3\n', 4, false],
    ])
  })

  it('does not make a document of a comment-only prelude, but keeps empty documents after markers', () => {
    expect(split('# header\n\n---\na: 1\n---\n---\n# only a comment\n---\n')).toEqual([
      ['---\na: 1\n', 3, false],
      ['---\n', 5, true],
      ['---\n# only a comment\n', 6, true],
      ['---\n', 8, true],
    ])
  })

  it('keeps directives with the document they announce', () => {
    expect(split('%YAML 1.1\n---\na: 1\n')).toEqual([['%YAML 1.1\n---\na: 1\n', 1, false]])
  })

  it('starts a later document after a BOM that follows its --- line, as calicoctl hands it to go-yaml', () => {
    expect(split('a: 1\n---\n\ufeffb: 2\n----------\n\ufeffc: 3\n--- # d\r\n\ufeffd: 4\n')).toEqual([
      ['a: 1\n', 1, false],
      ['b: 2\n', 3, false],
      ['c: 3\n', 5, false],
      ['d: 4\n', 7, false],
    ])
    // Nowhere else: not after a first line's ---, a blank line, or on a --- line with content.
    expect(split('---\n\ufeffa: 1\n---\n\n\ufeffb: 2\n--- |\n\ufeffc\n')).toEqual([
      ['---\n\ufeffa: 1\n', 1, false],
      ['---\n\n\ufeffb: 2\n', 3, false],
      ['--- |\n\ufeffc\n', 6, false],
    ])
  })

  it('takes markers with CRLF, tabs or content after them', () => {
    expect(split('a: 1\r\n---\r\nb: 2\r\n---\tx\n')).toEqual([
      ['a: 1\r\n', 1, false],
      ['---\r\nb: 2\r\n', 2, false],
      ['---\tx\n', 4, false],
    ])
  })

  it('splits at longer dashes and ---x lines as calicoctl does, dropping that line, but not on the first line', () => {
    expect(split('a: 1\n----------\nb: 2\n---x\nc: 3\n----')).toEqual([
      ['a: 1\n', 1, false],
      ['b: 2\n', 3, false],
      ['c: 3\n', 5, false],
      ['', 7, true],
    ])
    expect(split('----------\na: 1\n')).toEqual([['----------\na: 1\n', 1, false]])
  })

  it('gives nothing for empty or comment-only text', () => {
    expect(split('')).toEqual([])
    expect(split('# nothing\n\n')).toEqual([])
    expect(split('---')).toEqual([['---', 1, true]])
  })
})
