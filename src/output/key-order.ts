/**
 * The order go-yaml v2 (and so calicoctl's `-o yaml`) writes mapping keys in: a "natural" order where runs of
 * digits compare by value (`rack9` before `rack10`) and, at the first difference, a letter sorts after a
 * non-letter. Re-implemented from the described behaviour of go-yaml's key sorter; a test compares it with
 * go-yaml itself.
 */

const LETTER = /\p{L}/u
const DIGIT = /\p{Nd}/u

/** A run of digits as go-yaml reads it: each digit's offset from '0', accumulated in a signed 64-bit integer. */
function digitRun(chars: ArrayLike<string>, from: number, start: bigint): {value: bigint; end: number} {
  let value = start
  let i = from
  for (; i < chars.length && DIGIT.test(chars[i]); i++) {
    value = BigInt.asIntN(64, value * 10n + BigInt(chars[i].codePointAt(0)! - 48))
  }
  return {value, end: i}
}

const ASCII = /^[\x00-\x7f]*$/

/** True when key `a` sorts before key `b`. */
export function goYamlKeyLess(a: string, b: string): boolean {
  // ASCII strings (nearly all keys) are their own code points: skip splitting them.
  const ar: ArrayLike<string> = ASCII.test(a) ? a : [...a]
  const br: ArrayLike<string> = ASCII.test(b) ? b : [...b]
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = LETTER.test(ar[i])
    const bl = LETTER.test(br[i])
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
    if (al || bl) return bl
    // Both are non-letters: compare the digit runs starting here by value. When one of them is a zero inside
    // a number that already has a non-zero digit, both runs start from 1 so leading-zero handling is skipped.
    let start = 0n
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]); j--) {
        if (ar[j] !== '0') {
          start = 1n
          break
        }
      }
    }
    const an = digitRun(ar, i, start)
    const bn = digitRun(br, i, start)
    if (an.value !== bn.value) return an.value < bn.value
    if (an.end !== bn.end) return an.end < bn.end
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
  }
  return ar.length < br.length
}

/** A comparator for Array.prototype.sort giving go-yaml's key order. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0
  return goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0
}
