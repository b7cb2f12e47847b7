"""Large exports are written in pieces (SiteWriter.put_chunks; their records:
tests/test_exports.py), and an unchanged export is carried over from the live build like any
other file."""

from __future__ import annotations

import os
from pathlib import Path

from digest.output import SiteWriter


def write_chunks(site: Path, relative: str, pieces: list[str]) -> None:
    """One build of ``site`` holding one file made from ``pieces``, as exports are made."""
    writer = SiteWriter(site)
    path, full = writer.reserve(relative)
    writer.make_folder(path)
    writer.reused += writer.put_chunks(path, full, (piece.encode() for piece in pieces))
    writer.commit()


def test_put_chunks_writes_and_carries_over(tmp_path: Path) -> None:
    pieces = ["[", '{"a": "\u00e9"}', "]\n"]
    write_chunks(tmp_path / "site", "big.json", pieces)
    live = (tmp_path / "site" / "big.json").resolve()
    assert live.read_bytes() == "".join(pieces).encode("utf-8")

    write_chunks(tmp_path / "site", "big.json", pieces)
    kept = (tmp_path / "site" / "big.json").resolve()
    assert os.stat(kept).st_ino == os.stat(live).st_ino  # carried over: same inode

    write_chunks(tmp_path / "site", "big.json", ["[", "1", "]\n"])
    changed = tmp_path / "site" / "big.json"
    assert changed.read_bytes() == b"[1]\n"
    assert os.stat(changed).st_ino != os.stat(kept).st_ino
    assert not list((tmp_path / "site").resolve().glob("*.digest-link"))
