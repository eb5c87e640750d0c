"""Writing a table or a page whole or not at all, and never over an existing file unless asked:
the scripts' side of the binary's rule (check for an existing file, write a temporary file beside
it, rename)."""
import os
import tempfile


class OutputRefused(Exception):
    """An output that exists (without --force) or whose folder does not; the message names it."""


def check_output(out, force):
    """Refuses `out` before any work is done for it; returns its folder."""
    if os.path.exists(out) and not force:
        raise OutputRefused(f"'{out}' exists; use --force to overwrite it")
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise OutputRefused(f"'{out}': no such folder '{folder}'")
    return folder


def write_whole(out, write, force, prefix=None, **open_args):
    """Calls write(f) on a temporary file beside `out` (opened with `open_args`), then renames it
    to `out` with a new file's permissions. On any failure the temporary file is removed and
    `out` is left as it was."""
    folder = check_output(out, force)
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{os.path.basename(out)}.", suffix=".tmp",
                               dir=folder)
    try:
        with os.fdopen(fd, "w", **open_args) as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
