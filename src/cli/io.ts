/** Writing to the terminal: whole strings, stdout for results, stderr for errors and progress. */
export function writeOut(text: string): void {
  if (text.length > 0) process.stdout.write(text)
}

/**
 * Write chunks to stdout one after another, waiting for the stream to drain when its buffer is full, so
 * that a large output never sits in memory whole (neither as one string nor in the stream's buffer).
 */
export async function writeOutChunks(chunks: Iterable<string>): Promise<void> {
  const out = process.stdout
  for (const chunk of chunks) {
    if (chunk.length === 0) continue
    if (!out.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => { out.off('drain', done); out.off('error', done); error ? reject(error) : resolve() }
        out.once('drain', done)
        out.once('error', done)
      })
    }
  }
}

export function writeError(text: string): void {
  if (text.length > 0) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** Text rendered for both streams (src/output), each written where it belongs. */
export function writeRendered(rendered: {stdout: string; stderr: string}): void {
  writeOut(rendered.stdout)
  writeError(rendered.stderr)
}
