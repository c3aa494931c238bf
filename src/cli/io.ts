/** Writing to the terminal: whole strings, stdout for results, stderr for errors and progress. */
export function writeOut(text: string): void {
  if (text.length > 0) process.stdout.write(text)
}

export function writeError(text: string): void {
  if (text.length > 0) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
}
