import {describe, expect, it} from 'vitest'
import {formatGoFloat, goScalarString} from '../../src/validation/go-scalar.js'

describe("Go's FormatFloat(f, 'g', -1, 64)", () => {
  const cases: Array<[number, string]> = [
    [1e3, '1000'], [1e6, '1e+06'], [1.1, '1.1'], [1.10, '1.1'], [123456, '123456'], [1234567, '1.234567e+06'],
    [0.0001, '0.0001'], [0.00001, '1e-05'], [1.5e-7, '1.5e-07'], [-2.5, '-2.5'], [1e21, '1e+21'], [1e100, '1e+100'],
    [0, '0'], [3.14159, '3.14159'], [100.5, '100.5'], [0.1 + 0.2, '0.30000000000000004'],
  ]
  for (const [f, text] of cases) it(`${f} → ${text}`, () => expect(formatGoFloat(f)).toBe(text))
})

describe('the string calicoctl stores for a scalar', () => {
  it('writes integers in decimal, floats like Go, booleans as true/false', () => {
    expect(goScalarString(123)).toBe('123')
    expect(goScalarString(1234567)).toBe('1234567')
    expect(goScalarString(-7)).toBe('-7')
    expect(goScalarString(1.1)).toBe('1.1')
    expect(goScalarString(2.5e-8)).toBe('2.5e-08')
    expect(goScalarString(true)).toBe('true')
    expect(goScalarString(false)).toBe('false')
  })
})
