// Preloaded with `node --require` to prove a command runs without the yaml package: any require of it fails.
const Module = require('node:module')

const load = Module._load
Module._load = function (request, ...rest) {
  if (request === 'yaml' || request.startsWith('yaml/')) throw new Error('hepctl loaded the yaml package')
  return load.call(this, request, ...rest)
}
