/** Go-style wording of an OS error (`no such file or directory`), as calicoctl prints it. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
}

/** The reason part of an OS error, without the path (callers name the path themselves). */
export function osReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  if (e && typeof e.code === 'string' && Object.hasOwn(REASONS, e.code)) return REASONS[e.code]
  const message = e instanceof Error ? e.message : String(error)
  // Node: "EXYZ: some reason, open 'path'" -> "some reason"
  const m = /^[A-Z0-9_]+: ([^,]+)/.exec(message)
  return m ? m[1] : message
}
