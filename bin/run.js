#!/usr/bin/env node
// hepctl's entry point. `validate` (the command CI runs most) takes a fast route that does not load oclif;
// anything it does not fully understand goes to oclif, which handles every command, --help and errors.
import {runFastRoute} from '../dist/cli/fast-route.bundle.js'

if (!(await runFastRoute(process.argv.slice(2)))) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
