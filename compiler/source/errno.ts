/** A system error as a short phrase with its code: `permission denied (EACCES)`. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    ELOOP: 'too many levels of symbolic links',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EIO: 'input/output error',
    EPIPE: 'the reader closed the pipe',
    EXDEV: 'on another file system',
    ENXIO: 'no such device or address',
    ENAMETOOLONG: 'file name too long',
  };
  return e?.code && known[e.code] ? `${known[e.code]} (${e.code})` : (e?.message ?? String(err));
}
