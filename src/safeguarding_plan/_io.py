"""Writing files safely: every writer of the package goes through here.

A file is never written in place. Its new content goes to a temporary file beside it (in
the same directory, so the final rename cannot cross file systems), which is flushed and
fsynced and only then renamed over the target with :func:`os.replace`. A reader (or a
crash) sees the old file or the new one, never half of one; two writers to one path
cannot interleave (the last rename wins whole); a failed write leaves the previous file
as it was and no temporary file behind.

Several files written as one (a report and its charts) go through one
:class:`AtomicFiles`: every file is staged first, and only when all are staged are they
renamed into place, so a failure part-way leaves none of them (nor any directory it
made) behind.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import secrets
import stat
from types import TracebackType
from typing import Self

__all__ = ["AtomicFiles", "same_file", "write_atomic"]

_NEW_FILE_MODE = 0o666
"""The mode a new file is created with, less the umask (as ``open`` would)."""


def _target(path: pathlib.Path) -> pathlib.Path:
    """Where the content goes: through a symbolic link to the file it names."""
    return pathlib.Path(os.path.realpath(path)) if path.is_symlink() else path


def _stage(path: pathlib.Path, data: bytes) -> pathlib.Path:
    """Write ``data`` to a new temporary file beside ``path``, flushed and fsynced."""
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(OSError):
            temp.chmod(stat.S_IMODE(path.stat().st_mode))  # keep an old file's mode
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _sync_directory(directory: pathlib.Path) -> None:
    """Make a rename in ``directory`` durable (where the platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _located(exc: OSError, path: pathlib.Path) -> OSError:
    """The error, naming the file asked for rather than its temporary sibling."""
    error = OSError(exc.errno, exc.strerror or str(exc), str(path))
    error.__cause__ = exc
    return error


class AtomicFiles:
    r"""Files written together, all or nothing.

    Use as a context manager: :meth:`write` stages each file; leaving the block without an
    error renames every staged file into place; leaving it with an error (or
    :meth:`discard`) removes every staged file and every directory :meth:`mkdir` made.

    Example:
        >>> import tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> with AtomicFiles() as files:
        ...     _ = files.write(folder / "report.md", "# Report\n")
        >>> (folder / "report.md").read_text()
        '# Report\n'
    """

    def __init__(self) -> None:
        """Start with nothing staged."""
        self._staged: list[tuple[pathlib.Path, pathlib.Path]] = []
        self._made: list[pathlib.Path] = []

    def mkdir(self, directory: str | pathlib.Path) -> pathlib.Path:
        """Make ``directory`` (and its parents) if missing; removed again on failure."""
        folder = pathlib.Path(directory)
        # Deepest first, the order to remove them in; noted before making them, so a
        # failure part-way still removes those made.
        self._made.extend(p for p in (folder, *folder.parents) if not p.exists())
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def write(self, path: str | pathlib.Path, data: str | bytes) -> pathlib.Path:
        """Stage ``data`` (text is written as UTF-8) for ``path``; return ``path``.

        Raises:
            OSError: naming ``path``, if the temporary file cannot be written.
            UnicodeEncodeError: if text cannot be encoded as UTF-8 (nothing is staged).
        """
        asked = pathlib.Path(path)
        content = data.encode("utf-8") if isinstance(data, str) else data
        target = _target(asked)
        try:
            self._staged.append((target, _stage(target, content)))
        except OSError as exc:
            raise _located(exc, asked) from None
        return asked

    def commit(self) -> None:
        """Rename every staged file into place.

        Raises:
            OSError: naming the file, if one cannot be put in place; the files not yet
                renamed are removed.
        """
        staged, self._staged = self._staged, []
        for index, (target, temp) in enumerate(staged):
            try:
                temp.replace(target)
            except OSError as exc:
                for _, left in staged[index:]:
                    left.unlink(missing_ok=True)
                raise _located(exc, target) from None
        for directory in {target.parent for target, _ in staged}:
            _sync_directory(directory)
        self._made = []

    def discard(self) -> None:
        """Remove every staged file and every directory made, leaving things as they were."""
        staged, self._staged = self._staged, []
        for _, temp in staged:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
        made, self._made = self._made, []
        for directory in made:
            with contextlib.suppress(OSError):
                directory.rmdir()  # only if still empty: never remove what others put there

    def __enter__(self) -> Self:
        """Begin."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Commit if the block succeeded, else discard everything."""
        if exc_type is not None:
            self.discard()
            return
        try:
            self.commit()
        except BaseException:
            self.discard()
            raise


def write_atomic(path: str | pathlib.Path, data: str | bytes) -> pathlib.Path:
    """Replace the file at ``path`` with ``data`` (text as UTF-8) in one step.

    Raises:
        OSError: naming ``path``; the previous file, if any, is left as it was.
    """
    with AtomicFiles() as files:
        files.write(path, data)
    return pathlib.Path(path)


def same_file(a: str | pathlib.Path, b: str | pathlib.Path) -> bool:
    """Whether two paths name one file: the same resolved path, or (both existing) one inode."""
    first, second = pathlib.Path(a), pathlib.Path(b)
    if os.path.abspath(first) == os.path.abspath(second):  # noqa: PTH100 - lexical, no I/O
        return True
    try:
        if first.resolve() == second.resolve():
            return True
        return first.samefile(second)
    except (OSError, RuntimeError):  # missing, unreadable, or a loop of symbolic links
        return False
