/**
 * Tests that need a tool a developer's machine may lack (Go, etcd, a kube-apiserver) may skip locally, with a
 * notice, but never under CI: there a missing tool fails the run loudly instead of passing as skipped.
 */
export function toolAvailable(name: string, available: boolean, howToInstall: string): boolean {
  if (available) return true
  if (process.env.CI) throw new Error(`${name} is required under CI but missing: ${howToInstall}`)
  console.warn(`notice: skipping tests that need ${name} (${howToInstall})`)
  return false
}
