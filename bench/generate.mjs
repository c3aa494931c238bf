// Generates benchmark manifests: N typical HostEndpoint documents (about 380 bytes each), as a
// multi-document YAML file. writeManifest(path, n, prefix = 'hep') writes one and returns its size in bytes;
// manifestText(n, prefix) returns the text.
import {writeFileSync} from 'node:fs'

export function hostEndpointYaml(i, prefix = 'hep') {
  const octet = n => (n % 250) + 1
  return `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: ${prefix}-${i}
  labels:
    environment: production
    rack: rack-${i % 40}
    role: worker
spec:
  node: node-${i}.cluster.example.com
  interfaceName: eth0
  expectedIPs:
    - 10.${octet(i >> 16)}.${octet(i >> 8)}.${octet(i)}
    - fd00::${(i % 65535).toString(16)}
  profiles:
    - projectcalico-default-allow
  ports:
    - name: https
      protocol: TCP
      port: 443
`
}

export function manifestText(n, prefix = 'hep') {
  const docs = []
  for (let i = 0; i < n; i++) docs.push(hostEndpointYaml(i, prefix))
  return docs.join('---\n')
}

export function writeManifest(path, n, prefix = 'hep') {
  const text = manifestText(n, prefix)
  writeFileSync(path, text)
  return Buffer.byteLength(text)
}
