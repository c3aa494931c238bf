// Renders `hepctl crd` for each API group once, at build time, into dist/crd.json, which the command prints
// instead of loading the yaml package (src/output/stored-texts.ts). The texts come from the built renderer.
import {renameSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {CRD_GROUPS} from '../dist/datastore/kubernetes/crd.js'
import {renderCrds} from '../dist/output/crd-text.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const texts = Object.fromEntries(CRD_GROUPS.map(group => [group, renderCrds({group})]))
const target = join(root, 'dist', 'crd.json')
writeFileSync(`${target}.new`, JSON.stringify(texts))
renameSync(`${target}.new`, target)
