import {type BigIntStats, closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, type Stats, writeSync} from 'node:fs'

/**
 * An open store file, used through synchronous system calls. A write holds the store's lock while it reads
 * the journal's new tail and appends its batch. Through the promise API every step waits for a thread-pool
 * round trip and a turn of the event loop, and where a hundred writers compete for the CPU each such wait
 * costs a scheduling turn: the lock was held for seconds for a few milliseconds of work. These calls run
 * straight through (a store's reads and writes run one at a time in any case: FileStore.serially).
 */
export class StoreFile {
  private constructor(private readonly fd: number) {}

  /** Opens `path` with open(2) `flags` (store files always with O_NOFOLLOW). Throws the system error. */
  static open(path: string, flags: number, mode?: number): StoreFile {
    return new StoreFile(openSync(path, flags, mode))
  }

  stat(): Stats
  stat(options: {bigint: true}): BigIntStats
  stat(options?: {bigint: true}): Stats | BigIntStats {
    return options ? fstatSync(this.fd, options) : fstatSync(this.fd)
  }

  read(buffer: Buffer, offset: number, length: number, position: number): {bytesRead: number} {
    return {bytesRead: readSync(this.fd, buffer, offset, length, position)}
  }

  /** Writes all of `data` at the file's position (its end, for a file opened with O_APPEND). */
  writeFile(data: string | Buffer): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written, bytes.length - written)
  }

  sync(): void {
    fsyncSync(this.fd)
  }

  truncate(length: number): void {
    ftruncateSync(this.fd, length)
  }

  close(): void {
    closeSync(this.fd)
  }
}
