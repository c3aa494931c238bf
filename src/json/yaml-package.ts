import {createRequire} from 'node:module'

import type * as Yaml from 'yaml'

const require = createRequire(import.meta.url)
let loaded: typeof Yaml | undefined

/**
 * The `yaml` package, loaded on first use. Typical manifests never need it (the fast reader handles them),
 * and loading it costs more than a small validate run itself.
 */
export function yamlPackage(): typeof Yaml {
  loaded ??= require('yaml') as typeof Yaml
  return loaded
}
