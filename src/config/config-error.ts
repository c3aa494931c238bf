/**
 * Why hepctl's configuration cannot be used. `usage`: a flag's value is malformed (`--request-timeout`);
 * `unusable`: a config file cannot be read or is not a valid CalicoAPIConfig. The CLI decides what each kind
 * means for the exit code (src/cli/error-report.ts); config knows nothing of exit codes.
 */
export class ConfigError extends Error {
  constructor(message: string, readonly kind: 'usage' | 'unusable') {
    super(message)
    this.name = 'ConfigError'
  }
}
