import {describe, expect, it} from 'vitest'
import {isPlainNumberExact, plainKeyText, plainNumberText} from '../../src/manifest/yaml11-scalar.js'
import {formatGoFloat, goScalarString, rememberScalarText} from '../../src/validation/go-scalar.js'

/** Expected texts are what sigs.k8s.io/yaml + go-yaml v2 store (checked by calicoctl-yaml.differential.test.ts). */
describe('numbers where a string belongs, as calicoctl stores them', () => {
  const cases: Array<[string, string]> = [
    ['1e6', '1e+06'], ['9007199254740993', '9007199254740993'], ['-0.0', '-0'], ['-0', '0'], ['0.1', '0.1'],
    ['3.14159265358979', '3.1415927'], ['1.0', '1'], ['0x1F', '31'], ['1e39', '+Inf'], ['1_000', '1000'],
    ['1234567.0', '1.234567e+06'], ['18446744073709551615', '18446744073709551615'],
    ['18446744073709551616', '1.8446744e+19'], ['0b101', '5'], ['0o17', '15'], ['017', '15'], ['.5', '0.5'],
    ['5.', '5'], ['+12', '12'], ['123456', '123456'], ['0.0001', '0.0001'], ['0.00001', '1e-05'],
  ]
  for (const [text, stored] of cases) it(`${text} → "${stored}"`, () => expect(plainNumberText(text)).toBe(stored))

  it('is undefined for what is not a finite number', () => {
    for (const text of ['abc', '.nan', '.inf', 'yes', '1e400', '~']) expect(plainNumberText(text)).toBeUndefined()
  })

  it('says when the value alone cannot give the text (the fast readers then give up)', () => {
    expect(isPlainNumberExact('443', 443)).toBe(true)
    expect(isPlainNumberExact('0x1BB', 443)).toBe(true)
    expect(isPlainNumberExact('1.5', 1.5)).toBe(true)
    expect(isPlainNumberExact('1e6', 1e6)).toBe(false)
    expect(isPlainNumberExact('9007199254740993', 9007199254740992)).toBe(false)
    expect(isPlainNumberExact('.inf', Infinity)).toBe(false)
  })

  it('writes number keys as sigs.k8s.io/yaml does', () => {
    expect(plainKeyText('1e6')).toBe('1e+06')
    expect(plainKeyText('1.50')).toBe('1.5')
    expect(plainKeyText('9007199254740993')).toBe('9007199254740993')
    expect(plainKeyText('1e39')).toBe('.inf')
    expect(plainKeyText('.inf')).toBe('.inf')
    expect(plainKeyText('yes')).toBe('true')
  })

  it('formats with float32 or float64 precision', () => {
    expect(formatGoFloat(0.1, 32)).toBe('0.1')
    expect(formatGoFloat(Math.PI, 32)).toBe('3.1415927')
    expect(formatGoFloat(Math.PI)).toBe('3.141592653589793')
  })

  it('uses the text a reader remembered for a place, else the value', () => {
    const parent = {a: 1e6, b: 1e6}
    rememberScalarText(parent, 'a', '1e+06')
    expect(goScalarString(1e6, parent, 'a')).toBe('1e+06')
    expect(goScalarString(1e6, parent, 'b')).toBe('1000000')
    expect(goScalarString(2.5e-8)).toBe('2.5e-08')
  })
})
