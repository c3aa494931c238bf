import {describe, expect, it} from 'vitest'
import {keyText, resolvePlainScalar} from '../../src/manifest/yaml11-scalar.js'

// What go-yaml v2 (calicoctl's parser) makes of each PLAIN scalar.
const TABLE: Array<[string, unknown]> = [
  // booleans
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((s): [string, unknown] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((s): [string, unknown] => [s, false]),
  // not booleans
  ['yES', 'yES'], ['tRUE', 'tRUE'], ['oN', 'oN'], ['nO', 'nO'], ['t', 't'], ['f', 'f'], ['yess', 'yess'],
  // nulls
  ['', null], ['~', null], ['null', null], ['Null', null], ['NULL', null], ['nULL', 'nULL'], ['~~', '~~'],
  // decimal integers
  ['0', 0], ['7', 7], ['-7', -7], ['+7', 7], ['-0', 0], ['1_000', 1000], ['1__0', 10], ['12345678901234', 12345678901234],
  ['9223372036854775807', 9223372036854775807], ['18446744073709551615', 18446744073709551615],
  // too big for 64 bits: go-yaml falls back to a float
  ['99999999999999999999', 1e20],
  // hexadecimal, octal, binary
  ['0x1F', 31], ['0X1f', 31], ['-0x1F', -31], ['0x_1F', 31], ['0x', '0x'], ['0xG', '0xG'],
  ['0755', 493], ['-0755', -493], ['0o17', 15], ['0O17', 15], ['08', 8], ['09.5', 9.5], ['00', 0],
  ['0b101', 5], ['0B11', 3], ['-0b101', -5], ['0b', '0b'], ['0b12', '0b12'], ['+0b1', 1],
  ['0xFFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFFF'],
  // floats
  ['1.5', 1.5], ['-1.5', -1.5], ['1.', 1], ['.5', 0.5], ['-.5', -0.5], ['+.5', 0.5], ['1e3', 1000], ['1E3', 1000],
  ['1.5e-3', 0.0015], ['1_0.5', 10.5], ['.5e1', 5], ['1e999', '1e999'], ['.5_0', '.5_0'], ['0x1p3', '0x1p3'],
  ['.inf', Number.POSITIVE_INFINITY], ['.Inf', Number.POSITIVE_INFINITY], ['.INF', Number.POSITIVE_INFINITY],
  ['+.inf', Number.POSITIVE_INFINITY], ['-.inf', Number.NEGATIVE_INFINITY], ['-.Inf', Number.NEGATIVE_INFINITY],
  ['.nan', Number.NaN], ['.NaN', Number.NaN], ['.NAN', Number.NaN], ['.iNf', '.iNf'], ['.nAn', '.nAn'], ['inf', 'inf'], ['nan', 'nan'],
  // strings that look a little like numbers
  ['1.2.3', '1.2.3'], ['10.0.0.1', '10.0.0.1'], ['1:20', '1:20'], ['2001-01-01', '2001-01-01'],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'], ['+', '+'], ['-', '-'], ['.', '.'],
  ['_1', '_1'], ['1e', '1e'], ['e3', 'e3'], ['12abc', '12abc'], ['<<', '<<'], ['=', '='],
  // plain strings
  ['eth0', 'eth0'], ['TCP', 'TCP'], ['node-1', 'node-1'], ['héllo', 'héllo'],
]

describe('resolvePlainScalar (go-yaml v2 YAML 1.1 rules)', () => {
  it.each(TABLE)('%j resolves to %j', (text, expected) => {
    const got = resolvePlainScalar(text)
    if (typeof expected === 'number' && Number.isNaN(expected)) expect(Number.isNaN(got as number)).toBe(true)
    else expect(got).toBe(expected)
  })

  it('keeps -0 out of the results (Go integers have no negative zero)', () => {
    expect(Object.is(resolvePlainScalar('-0'), 0)).toBe(true)
    expect(Object.is(resolvePlainScalar('-0x0'), 0)).toBe(true)
  })
})

describe('keyText (how sigs.k8s.io/yaml turns keys into JSON keys)', () => {
  it.each([
    ['name', 'name'], [true, 'true'], [false, 'false'], [null, 'null'], [80, '80'], [1.5, '1.5'],
    [Number.POSITIVE_INFINITY, '.inf'], [Number.NEGATIVE_INFINITY, '-.inf'], [Number.NaN, '.nan'],
  ] as Array<[string | number | boolean | null, string]>)('%j becomes %j', (key, text) => {
    expect(keyText(key)).toBe(text)
  })
})
