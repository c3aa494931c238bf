#!/usr/bin/env -S node --import tsx
// Runs hepctl from the TypeScript sources, for development.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
