#!/usr/bin/env node
// hepctl's entry point. Every command first takes a fast route that does not load oclif; anything it does not
// fully understand (help, --version, a missing argument) goes to oclif with argv in the fast route's normal form.
import {runFastRoute} from '../dist/cli/fast-route.bundle.js'

const handled = await runFastRoute(process.argv.slice(2))
if (handled !== true) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url, args: handled})
}
