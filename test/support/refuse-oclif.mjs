// Preloaded with `node --import` to prove a command runs without oclif: any import of @oclif/core fails.
import {register} from 'node:module'

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === '@oclif/core' || specifier.startsWith('@oclif/core/')) throw new Error('hepctl loaded oclif')
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hook)}`)
