/**
 * hepctl's own version, for reports that name the tool (SARIF). Read from package.json beside `src/` or
 * `dist/`, once.
 */
import {readFileSync} from 'node:fs'

let cached: string | undefined

export function hepctlVersion(): string {
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version?: unknown}
      cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0'
    } catch {
      cached = '0.0.0'
    }
  }
  return cached
}
