"""Nothing changed since the last build? Then there is nothing to do.

Before it reads any input, a build hashes what its output can depend on (a build
*fingerprint*):

* every file under the content folder and under the local ``[[sources]]`` paths, and every
  template and static file (user's and digest's): path, size, mtime, ctime and inode, so an
  edit, a touch, a new file or a deleted one all count;
* the configuration, the build options (content and output folders, ``--offline``, the clock
  ``--now``), digest's own code and the versions of the libraries it uses;
* what the build reads from the state: story identities and first sightings, remote sources'
  health and articles (``digest fetch``) and recorded newsletter issues.

If the fingerprint equals the one recorded by the last successful build, and the live site is
still exactly the tree that build published (every file's path, inode and mtime, and every
folder's mtime, read through the build's manifest, digest/output.py), the build stops there
and reports what the last one did. The clock is part of the fingerprint because ranking
scores in ``stories.json`` depend on it: a build with the wall clock is never skipped by this
check (the page keys, digest/render/keys.py, still skip unchanged pages).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict
from functools import cache
from pathlib import Path

from digest.model import BuildReport
from digest.render.keys import Encoder
from digest.store import Store
from digest.util import code_digest, installed_version

_LIBRARIES = (
    "css-inline", "feedparser", "ftfy", "httpx", "jinja2", "lxml", "markdown-it-py", "nh3",
    "numpy", "PyYAML", "readability-lxml", "rensa", "tld", "trafilatura", "markupsafe",
)


@cache
def code_fingerprint() -> bytes:
    """digest's own source files and the versions of the libraries it builds with."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(code_digest(here.rglob("*.py"), sys.version.encode(), root=here))
    for name in _LIBRARIES:
        digest.update(f"{name}={installed_version(name) or 'none'}\0".encode())
    return digest.digest()


def tree_stats(roots: Iterable[Path], digest: hashlib._Hash | None = None) -> bytes:
    """Every file under ``roots`` (a root may be a single file): path, size, times, inode."""
    digest = digest or hashlib.sha256()
    for root in roots:
        digest.update(f"\0root {root}\0".encode())
        try:
            top = os.stat(root)
        except OSError:
            digest.update(b"missing")
            continue
        if not os.path.isdir(root):
            digest.update(_stat_line(str(root), top))
            continue
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    digest.update(_stat_line(path, os.stat(path)))
                except OSError:
                    digest.update(f"{path}\0gone\n".encode())
    return digest.digest()


def _stat_line(path: str, status: os.stat_result) -> bytes:
    return (
        f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ctime_ns}\0"
        f"{status.st_ino}\n".encode("utf-8", "surrogateescape")
    )


def site_signature(site: Path) -> str | None:
    """The live build's files, each one's path, inode and mtime, read through the build's
    manifest (digest/output.py); None: no live build, or one its manifest does not describe
    (then the build is never skipped)."""
    from digest.output import manifest_signature

    if not site.is_symlink():  # every committed build is a symlink to its folder
        return None
    try:
        return manifest_signature(site.resolve(strict=True))
    except OSError:
        return None


def state_fingerprint(store: Store) -> bytes:
    """What a build reads from the state: story identities and first sightings, remote
    sources' health and articles, newsletter issues (not the caches, which only save work)."""
    db = store.db
    digest = hashlib.sha256()
    for query in (
        "SELECT id, slug, first_seen FROM stories",
        "SELECT id, story_id, first_seen FROM articles",
        "SELECT COUNT(*), MAX(built) FROM story_sources",
        "SELECT * FROM sources ORDER BY key",
        "SELECT COUNT(*), MAX(rowid), MAX(last_seen), MAX(first_seen) FROM remote_articles",
        "SELECT number, created FROM newsletter_issues ORDER BY number",
    ):
        for row in db.execute(query):
            digest.update(repr(row).encode())
    return digest.digest()


def build_fingerprint(
    config: object,
    inputs: Iterable[Path],
    templates: Iterable[Path],
    options: dict[str, object],
) -> str:
    """Everything but the state: taken before the build reads its inputs, so an input that
    changes while the build runs makes the next build run too."""
    digest = hashlib.sha256(code_fingerprint())
    digest.update(Encoder().digest({"config": config, "options": options}))
    tree_stats([*inputs, *templates], digest)
    return digest.hexdigest()


def _with_state(fingerprint: str, store: Store) -> str:
    return hashlib.sha256(fingerprint.encode() + state_fingerprint(store)).hexdigest()


def last_build(store: Store, fingerprint: str, site: Path) -> BuildReport | None:
    """The report of the last build if it had this fingerprint, the state is as that build
    left it and its site is untouched."""
    row = store.db.execute("SELECT value FROM meta WHERE key = 'last_build'").fetchone()
    if row is None:
        return None
    try:
        recorded = json.loads(row[0])
        # Inputs first: when they changed (the usual reason to build), the state need not
        # be read. (A record from before "inputs" was kept has only the combined one.)
        if recorded.get("inputs", fingerprint) != fingerprint:
            return None
        if recorded["fingerprint"] != _with_state(fingerprint, store):
            return None
        if recorded["site"] is None or recorded["site"] != site_signature(site):
            return None
        return BuildReport(**recorded["report"])
    except (ValueError, KeyError, TypeError, OSError):
        return None


def record_build(
    store: Store, fingerprint: str, site: Path, report: BuildReport, signature: str | None = None
) -> None:
    """After a build is published: its fingerprint with the state as it left it.
    ``signature``: the live site's ``site_signature``, when the caller has it (the writer
    that published it)."""
    value = json.dumps({
        "inputs": fingerprint,
        "fingerprint": _with_state(fingerprint, store),
        "site": signature if signature is not None else site_signature(site),
        "report": asdict(report),
    })
    with store.transaction() as db:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_build', ?)", (value,))
