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


def test_a_file_standing_where_a_folder_goes_gives_way(tmp_path: Path) -> None:
    """make_folder makes a page's folder with one mkdir; a file where that folder goes (or
    where a folder above it goes), as a recycled build folder may hold, is removed first."""
    for blocker in ("story/a", "story"):
        writer = SiteWriter(tmp_path / f"site-{blocker.count('/')}")
        staging = Path(writer.staging)
        (staging / blocker).parent.mkdir(parents=True, exist_ok=True)
        (staging / blocker).write_text("stale")
        writer.write("story/a/index.html", "<p>page</p>")
        writer.write("story/b/index.html", "<p>other</p>")
        writer.commit()
        site = tmp_path / f"site-{blocker.count('/')}"
        assert (site / "story" / "a" / "index.html").read_text() == "<p>page</p>"
        assert (site / "story" / "b" / "index.html").read_text() == "<p>other</p>"
