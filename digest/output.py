"""Atomic publishing: build into a temporary folder beside the output, then swap it in.

The previous output stays untouched until the new one is complete. A folder is only ever
replaced if digest made it (it holds the marker file) or it is empty, so ``--out ~`` cannot
wipe a home folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from digest.errors import DigestError

MARKER = ".digest-site"


class SiteWriter:
    """Collects the files of one build in a staging folder."""

    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        _check_replaceable(self.target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(
            tempfile.mkdtemp(prefix=f".{self.target.name}.staging-", dir=self.target.parent)
        )
        self.written: list[str] = []

    def write(self, relative: str, content: str | bytes) -> None:
        path = self._path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        self.written.append(relative)

    def copy_tree(self, source: Path, relative: str) -> None:
        for file in sorted(source.rglob("*")):
            if file.is_file():
                self.write(f"{relative}/{file.relative_to(source).as_posix()}", file.read_bytes())

    def _path(self, relative: str) -> Path:
        path = (self.staging / relative).resolve()
        if not path.is_relative_to(self.staging.resolve()):
            raise DigestError(relative, "would be written outside the output folder", "")
        return path

    def commit(self) -> None:
        """Swap the staging folder in place of the target."""
        (self.staging / MARKER).write_text("made by digest; safe to replace\n", encoding="utf-8")
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.rmdir(old)
            os.rename(self.target, old)
        os.rename(self.staging, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _check_replaceable(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise DigestError(str(target), "exists and is not a folder", "choose another --out")
    if (target / MARKER).exists() or not any(target.iterdir()):
        return
    raise DigestError(
        str(target),
        "exists and was not made by digest, so it will not be replaced",
        "choose another --out folder, or empty this one",
    )
