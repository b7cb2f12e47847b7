"""Large exports are written in pieces (SiteWriter write_chunks; their records:
tests/test_exports.py), and an unchanged export is carried over from the live build like any
other file."""

from __future__ import annotations

import os
from pathlib import Path

from digest.output import SiteWriter


def test_write_chunks_writes_and_carries_over(tmp_path: Path) -> None:
    pieces = ["[", '{"a": "\u00e9"}', "]\n"]
    first = SiteWriter(tmp_path / "site")
    first.write_chunks("big.json", iter(pieces))
    first.commit()
    live = (tmp_path / "site" / "big.json").resolve()
    assert live.read_bytes() == "".join(pieces).encode("utf-8")

    same = SiteWriter(tmp_path / "site")
    same.write_chunks("big.json", iter(pieces))
    same.commit()
    kept = (tmp_path / "site" / "big.json").resolve()
    assert os.stat(kept).st_ino == os.stat(live).st_ino  # carried over: same inode

    other = SiteWriter(tmp_path / "site")
    other.write_chunks("big.json", iter(["[", "1", "]\n"]))
    other.commit()
    changed = tmp_path / "site" / "big.json"
    assert changed.read_bytes() == b"[1]\n"
    assert os.stat(changed).st_ino != os.stat(kept).st_ino
    assert not list((tmp_path / "site").resolve().glob("*.digest-link"))
