/** Writing to the terminal: whole strings, stdout for results, stderr for errors and progress. */
export function writeOut(text: string): void {
  if (text.length > 0) process.stdout.write(text)
}

export function writeError(text: string): void {
  if (text.length > 0) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** Text rendered for both streams (src/output), each written where it belongs. */
export function writeRendered(rendered: {stdout: string; stderr: string}): void {
  writeOut(rendered.stdout)
  writeError(rendered.stderr)
}
