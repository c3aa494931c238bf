/** `hepctl crd`: the CRD as a YAML document, ready for `kubectl apply -f -`. */
import {type CrdGroup, crdObject} from '../datastore/kubernetes/crd.js'
import {readSchema} from '../schema/schema-compile.js'
import {toYaml} from './yaml-text.js'

export function renderCrds(options: {group: CrdGroup}): string {
  const schema = readSchema() as {definitions: Parameters<typeof crdObject>[1]}
  return toYaml(crdObject(options.group, schema.definitions))
}
