#!/usr/bin/env node
// hepctl's entry point. Every command first takes a fast route that does not load oclif; anything it does not
// fully understand (help it has not stored, a form the parsers read differently) goes to oclif with argv in
// the fast route's normal form. This file and the fast route's chunks are CommonJS (bin/package.json): in
// Node 20 the first ES module a process loads costs up to a sixth of Node's own start-up.
'use strict'
const {join} = require('node:path')
const {runFastRoute} = require('../dist/cli/fast-route.bundle.cjs')

runFastRoute(process.argv.slice(2)).then(async handled => {
  if (handled === true) return
  const {execute} = await import('@oclif/core')
  // The package's own folder: oclif takes the first package.json it finds from here up, and bin/ has one.
  await execute({dir: join(__dirname, '..'), args: handled})
}).catch(error => {
  // Only a broken installation gets here (a chunk missing): said as Node says it, and exit 1 whatever
  // --unhandled-rejections is set to.
  console.error(error)
  process.exitCode = 1
})
