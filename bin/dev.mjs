#!/usr/bin/env -S node --import tsx
// Runs hepctl from the TypeScript sources, for development.
import {execute} from '@oclif/core'

// The package's own folder: oclif takes the first package.json it finds from here up, and bin/ has one.
await execute({development: true, dir: new URL('..', import.meta.url).href})
