// Generates benchmark manifests: N typical HostEndpoint documents (about 370 bytes each), as a
// multi-document YAML file. Usage as a module: writeManifest(path, n, {prefix}); as a script:
//   node bench/generate.mjs FILE N
import {writeFileSync} from 'node:fs'
import {pathToFileURL} from 'node:url'

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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, n] = process.argv.slice(2)
  const bytes = writeManifest(file, Number(n))
  console.log(`${file}: ${n} documents, ${(bytes / 1e6).toFixed(1)} MB`)
}
