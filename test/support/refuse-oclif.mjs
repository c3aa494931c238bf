// Preloaded with `node --import` to prove a command runs without oclif: any load of @oclif/core fails, by
// import() (the ES module hook) or by require() (the CommonJS loader, which the fast route's chunks use).
import Module, {register} from 'node:module'

const isOclif = specifier => specifier === '@oclif/core' || specifier.startsWith('@oclif/core/')

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === '@oclif/core' || specifier.startsWith('@oclif/core/')) throw new Error('hepctl loaded oclif')
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hook)}`)

const load = Module._load
Module._load = function (request, ...rest) {
  if (isOclif(request)) throw new Error('hepctl loaded oclif')
  return load.call(this, request, ...rest)
}
