"""Atomic publishing: build into a new folder beside the output, then switch a symlink to it.

Layout, for ``--out site``::

    site -> .digest-builds/site-7          (a relative symlink)
    .digest-builds/site-7/index.html ...   (the live build)
    .digest-builds/site-8/                 (the build in progress; removed if it fails)

The new build is written into its own folder. When it is complete, a temporary symlink to it is
made and ``os.replace``-d over ``site``: one rename(2), atomic on POSIX, so a reader (or a build
killed at any instant) sees either the whole old site or the whole new one, never a mix and
never no site at all. After the switch the build that was live is kept as the spare, and
older builds and folders left by killed builds are removed. The next build goes into the
spare, renamed (its folders exist and most files are already links to the live build's), and
removes what it does not write: the files its manifest (``.digest-builds/.site-7.files``, its
files and each folder's mtime at commit) lists, while every folder still has that mtime; else
it reads every folder. See docs/reliability.md.

Only something digest made is ever replaced: a symlink into ``.digest-builds/``, a folder that
holds the marker file, or an empty folder, so ``--out ~`` cannot wipe a home folder. A plain
folder from an older digest is moved into ``.digest-builds/`` once (the one moment when the path
is briefly absent) and is a symlink from then on.

Every path written is checked: relative, no ``..``, no NUL or control characters, no
Windows-reserved names, bounded length, and never the same file twice.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from digest.errors import DigestError
from digest.model import Story
from digest.util import read_file, slugify, write_file

MARKER = ".digest-site"
BUILDS = ".digest-builds"
# Beside each build folder, outside what is published: the files it holds and the mtime of
# each of its folders, written when it is committed (SiteWriter._write_manifest).
MANIFEST_SUFFIX = ".files"
_MANIFEST_HEAD = "digest build manifest 1"
MAX_PATH_CHARS = 1024  # the whole relative path
MAX_PART_CHARS = 200  # one folder or file name (filesystems allow 255 bytes)
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.I)
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f\\:*?"<>|]')


def check_relative_path(relative: str) -> PurePosixPath:
    """The relative path as a PurePosixPath, or DigestError if it is not a safe site path."""
    return PurePosixPath(_checked(relative))


def _checked(relative: str) -> str:
    """``relative`` itself, or DigestError if it is not a safe site path. A safe path is
    already in its normal form ("/"-separated, no empty, "." or ".." part), so it needs no
    Path object (100,000 pages made as many)."""

    def bad(problem: str) -> DigestError:
        return DigestError(
            repr(relative[:120]), f"is not a safe file name in the site: {problem}",
            "this is a bug in digest or a template: report it",
        )

    if not relative or len(relative) > MAX_PATH_CHARS:
        raise bad("empty or too long")
    if _BAD_CHARS.search(relative):
        raise bad("control character, backslash or a character Windows forbids")
    if relative.startswith("/"):
        raise bad("absolute path")
    for part in relative.split("/"):
        if part in ("", "..", "."):
            raise bad("an empty, '.' or '..' part")
        if len(part) > MAX_PART_CHARS:
            raise bad("a name longer than 200 characters")
        if _WINDOWS_RESERVED.match(part) or part.endswith((" ", ".")):
            raise bad(f"{part!r} is a reserved name on Windows")
    return relative


_SAFE_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?")


def unique_story_slugs(stories: list[Story]) -> list[Story]:
    """Every story with a safe slug no other story has (its page is ``story/<slug>/``).

    A slug is ASCII letters, digits and dashes, at most 100 characters. One that is not (from an
    old or edited state file) is made so; when two stories share a slug, the one with the
    greater id gets more of its id appended, so the result is the same whatever the order.
    """
    fixed = []
    for story in stories:
        slug = story.slug
        if not _SAFE_SLUG.fullmatch(slug):
            slug = f"{slugify(slug, 80)}-{slugify(story.id, 12)}"
        fixed.append((slug, story))
    taken: set[str] = set()
    result: dict[str, Story] = {}
    for slug, story in sorted(fixed, key=lambda pair: (pair[0], pair[1].id)):
        candidate, extra = slug, 0
        while candidate in taken:
            extra += 1
            candidate = f"{slug[:80]}-{slugify(story.id, 20)}" + (f"-{extra}" if extra > 1 else "")
        taken.add(candidate)
        result[story.id] = story if candidate == story.slug else _with_slug(story, candidate)
    return [result[story.id] for story in stories]


def _with_slug(story: Story, slug: str) -> Story:
    from dataclasses import replace

    return replace(story, slug=slug)


class SiteWriter:
    """Collects the files of one build in a new folder; ``commit`` publishes it atomically."""

    def __init__(self, target: Path, *, manifest: bool = True) -> None:
        """``manifest``: False does not trust the spare's manifest (``--full``): every
        folder of a recycled spare is read to find what to remove."""
        target = Path(os.path.abspath(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target = target.parent.resolve() / target.name  # the link itself, not followed
        self.builds = self.target.parent / BUILDS
        _check_replaceable(self.target, self.builds)
        self.builds.mkdir(exist_ok=True)
        # The live build: a file whose new bytes equal its bytes there is hard-linked from it,
        # so an unchanged file keeps its mtime (and costs no write).
        self.previous: Path | None = None
        if self.target.is_symlink() and self.target.resolve().parent == self.builds:
            self.previous = self.target.resolve()
        self._previous_root = str(self.previous) if self.previous is not None else ""
        # The new build goes into the build before the live one (the spare), renamed, when
        # there is one: most of its files and folders are already right (hard links to the
        # live build's files), so a rebuild makes few folders and deletes few files. Every
        # file of the new build is linked or written again (never written through a link);
        # files the new build does not have are removed at commit.
        self.staging = _recycle_spare(self.builds, self.target.name, self.previous)
        self.recycled = any(self.staging.iterdir())
        self.written: list[str] = []
        self.reused = 0  # files hard-linked from the previous build (same bytes and mtime)
        self._seen: set[str] = set()
        self._exact: set[str] = set()  # the paths written, as written
        # Folders as plain strings (tens of thousands of pages: Path objects cost more)
        self._root = str(self.staging)
        self._folders: set[str] = set()
        self._checked: set[str] = set()  # folders of a recycled staging checked for links
        self._recycled_dirs: set[str] = set()  # ...of those, the ones that are folders
        # What the recycled folder holds, when its manifest still describes it (every folder
        # has the mtime it had when the manifest was written: nothing was added, removed or
        # renamed in it since): (files, folders), "/"-separated, relative. Then the sweep at
        # commit removes the files the manifest lists and this build did not write, instead
        # of reading every folder (a scandir each: seconds at 100,000 story folders).
        self._known: _Manifest | None = None
        # The manifest written at commit: its sha256 and its files (site_signature).
        self._manifest: tuple[bytes, list[str]] | None = None
        if self.recycled and manifest:
            self._known = _read_manifest(self.staging)
            if self._known is not None:  # checked already: real folders, no links
                folders = {_inside(self._root, d) for d in self._known.folders}
                self._checked |= folders
                self._recycled_dirs |= folders

    def _claim(self, relative: str, overwrite: bool, folder: bool = True) -> tuple[str, str]:
        """Check ``relative``, reserve it for this build and (``folder``) make its folder.
        Returns (the checked relative path, the full path to write), as strings."""
        path = self._path(relative)
        key = path.casefold()  # Foo.html and foo.html collide on macOS/Windows
        if key in self._seen and not overwrite:
            raise DigestError(
                relative,
                "two pages would be written to the same file",
                "this is a bug in digest: report it with the inputs that caused it",
            )
        self._seen.add(key)
        self._exact.add(path)
        if folder:
            self.make_folder(path)
        return path, f"{self._root}/{path}"

    def make_folder(self, path: str) -> None:
        """Make the folder ``path`` (checked) goes in. In a recycled staging folder, a file or
        a symlink standing where one of its folders goes is removed first. Safe in forked
        workers making folders at the same time."""
        relative = os.path.dirname(path)  # "" for a file at the top
        parent = _inside(self._root, relative)
        if parent in self._folders:
            return
        if self.recycled:
            self._no_folder_links(relative)
            if parent in self._recycled_dirs:  # there already (a failing mkdir costs more)
                self._folders.add(parent)
                return
        try:
            # one mkdir: its own parent is there nearly always (makedirs would stat it first)
            os.mkdir(parent)
        except FileExistsError:
            if not os.path.isdir(parent):  # a recycled file where the folder goes
                _clear_way(self.staging, path)
                os.makedirs(parent, exist_ok=True)
        except (FileNotFoundError, NotADirectoryError):  # a folder above it is missing too
            try:
                os.makedirs(parent, exist_ok=True)
            except (FileExistsError, NotADirectoryError):  # a recycled file in the way
                _clear_way(self.staging, path)
                os.makedirs(parent, exist_ok=True)
        self._folders.add(parent)

    def _no_folder_links(self, relative: str) -> None:
        """A recycled folder never holds symlinks (digest makes none); should one stand where
        a folder of the folder ``relative`` (checked, "/"-separated) goes, it is removed, so
        nothing is ever written through it."""
        current = self._root
        for part in relative.split("/") if relative else ():
            current = f"{current}/{part}"
            if current not in self._checked:
                try:
                    mode = os.lstat(current).st_mode
                except OSError:
                    mode = 0
                if stat.S_ISLNK(mode):
                    try:
                        os.unlink(current)
                    except FileNotFoundError:  # another worker removed it
                        pass
                elif stat.S_ISDIR(mode):
                    self._recycled_dirs.add(current)
                self._checked.add(current)

    def _vacate(self, full: str) -> None:
        """Remove what a recycled staging folder holds at ``full`` (a file or a folder)."""
        if not self.recycled:
            return
        try:
            os.unlink(full)
        except FileNotFoundError:
            pass
        except (IsADirectoryError, PermissionError):
            shutil.rmtree(full, ignore_errors=True)

    def reserve(self, relative: str) -> tuple[str, str]:
        """Claim ``relative`` for a file that ``make_folder`` and then ``carry`` or ``put``
        will make, maybe in a forked worker (digest/render/site.py); the path is checked here,
        in one process. Returns (the checked path, the full path to write)."""
        path, full = self._claim(relative, False, folder=False)
        self.written.append(relative)
        return path, full

    def carry(self, path: str, full: str) -> bool:
        """Hard-link the live build's file at ``path`` to ``full`` (reserved); False if there
        is no such regular file. Safe in a forked worker; the caller counts ``reused``."""
        if self.previous is None:
            return False
        old = f"{self._previous_root}/{path}"
        try:
            status = os.lstat(old)
            if not stat.S_ISREG(status.st_mode):
                return False
            self._link_live(old, status, full)
        except OSError:
            return False
        return True

    def put(self, path: str, full: str, data: bytes) -> bool:
        """Write ``data`` to ``full`` (reserved), or link the live build's file if it holds
        exactly these bytes (then True). Safe in a forked worker; the caller counts ``reused``."""
        if self._same_bytes(path, data, full):
            return True
        self._vacate(full)  # never write through a link into the live build's file
        write_file(full, data)
        return False

    def _link_live(self, old: str, status: os.stat_result, full: str) -> None:
        """Make ``full`` the live build's file ``old`` (whose lstat is ``status``)."""
        if not self._same_file(full, status):
            self._vacate(full)
            os.link(old, full)

    def _same_file(self, full: str, status: os.stat_result) -> bool:
        """A recycled staging folder already holds the live build's file at ``full``."""
        if not self.recycled:
            return False
        try:
            here = os.lstat(full)
        except OSError:
            return False
        return (here.st_ino, here.st_dev) == (status.st_ino, status.st_dev)

    def write(self, relative: str, content: str | bytes, *, overwrite: bool = False) -> None:
        """Write one file. Writing the same path twice is an error unless ``overwrite``."""
        path, full = self._claim(relative, overwrite)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if overwrite and os.path.isfile(full):
            os.unlink(full)  # never write through a link into the previous build's file
        self.reused += self.put(path, full, data)
        self.written.append(relative)

    def put_chunks(self, path: str, full: str, chunks: Iterable[bytes]) -> bool:
        """Write one file (reserved) from pieces, never holding it whole (a large JSON
        export); True when the live build's file had the same bytes and is linked instead,
        as with ``put``. Safe in a forked worker; the caller counts ``reused``."""
        self._vacate(full)
        digest = hashlib.sha256()
        size = 0
        with open(full, "wb") as out:
            for data in chunks:
                out.write(data)
                digest.update(data)
                size += len(data)
        if self.previous is None:
            return False
        old = f"{self._previous_root}/{path}"
        try:
            status = os.lstat(old)
            if not stat.S_ISREG(status.st_mode) or status.st_size != size:
                return False
            with open(old, "rb") as existing:
                if hashlib.file_digest(existing, "sha256").digest() != digest.digest():
                    return False
            spare = full + ".digest-link"
            os.link(old, spare)
            os.replace(spare, full)  # the written file stays until the link replaces it
        except OSError:
            return False
        return True

    def _same_bytes(self, path: str, data: bytes, full: str) -> bool:
        """Hard-link the previous build's file at ``path`` if it holds exactly ``data``."""
        if self.previous is None:
            return False
        old = f"{self._previous_root}/{path}"
        try:
            status = os.lstat(old)
            if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
                return False
            if read_file(old) != data:
                return False
            self._link_live(old, status, full)
        except OSError:
            return False
        return True

    def copy_tree(self, source: Path, relative: str) -> None:
        """Copy a folder of assets; a later folder's file replaces an earlier one's."""
        for file in sorted(source.rglob("*")):
            if file.is_file():
                name = f"{relative}/{file.relative_to(source).as_posix()}"
                self.write(name, file.read_bytes(), overwrite=True)

    def _path(self, relative: str) -> str:
        # No absolute path, no "..", no empty part (check_relative_path), and no symlink in
        # the staging folder (a new one has none; a recycled one has any that stands in a
        # written path's way removed, _no_folder_links): the path cannot leave it.
        return _checked(relative)

    def commit(self) -> None:
        """Point the target at the finished build (one atomic rename), then tidy up."""
        marker = b"made by digest; safe to replace\n"
        self._exact.add(MARKER)
        self.reused += self.put(MARKER, f"{self._root}/{MARKER}", marker)
        folders = self._folders_written()
        if self.recycled:
            if self._known is not None:
                self._remove_known_stale(self._known.files, self._known.folders, folders)
            else:
                self._remove_stale()
        self._write_manifest(folders)
        if self.target.is_dir() and not self.target.is_symlink():
            # A plain folder from an older digest (or an empty one): move it aside once.
            legacy = _new_build_folder(self.builds, self.target.name)
            os.rmdir(legacy)
            os.rename(self.target, legacy)
        link = self.builds / f".link-{self.staging.name}"
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(os.path.relpath(self.staging, self.target.parent), link)
        os.replace(link, self.target)  # the switch: atomic
        # The build that was live is kept as the spare for the next build; the rest go.
        remove_old_builds(self.target, self.builds, keep=self.previous)

    def site_signature(self) -> str | None:
        """After ``commit``: what ``manifest_signature`` of the published folder gives (the
        up-to-date check's record of the live site), from the manifest as it was written,
        without reading it and every folder again. None when no manifest was written."""
        if self._manifest is None:
            return None
        manifest, files = self._manifest
        return _signature(self.staging.resolve(), manifest, files)

    def _folders_written(self) -> set[str]:
        """Every folder (relative, "" for the top) that holds a file this build wrote."""
        found = {""}
        for relative in self._exact:
            parent = os.path.dirname(relative)
            while parent not in found:
                found.add(parent)
                parent = os.path.dirname(parent)
        return found

    def _remove_known_stale(self, files: list[str], folders: list[str], used: set[str]) -> None:
        """The sweep when the recycled folder's manifest still describes it: remove the
        files it lists that this build did not write, then its folders not ``used`` by this
        build (deepest first). A folder that is not empty then (something appeared during
        the build) is swept the slow way."""
        for relative in files:
            if relative not in self._exact:
                try:
                    os.unlink(f"{self._root}/{relative}")
                except FileNotFoundError:  # replaced by a folder during the build, or gone
                    pass
                except IsADirectoryError:
                    pass  # a folder this build made: it holds what the build wrote
        for relative in sorted((d for d in folders if d not in used),
                               key=lambda d: d.count("/"), reverse=True):
            folder = f"{self._root}/{relative}"
            try:
                os.rmdir(folder)
            except FileNotFoundError:
                pass
            except OSError:
                if self._remove_stale(folder, relative + "/"):
                    os.rmdir(folder)

    def _write_manifest(self, written: set[str]) -> None:
        """Record what the finished build folder holds (its files, and ``written``, the
        folders that hold them), for when it is recycled. Written whole to a temporary file
        and renamed over the old one; a manifest that cannot be written is only a slower
        sweep later, so that is no error."""
        path = _manifest_path(self.staging)
        folders = sorted(written)
        files = sorted(self._exact)
        temporary = path.with_name(path.name + ".tmp")
        text = hashlib.sha256()  # of the bytes written: the manifest's part of its signature
        try:  # a line at a time: 200,000 lines at 100,000 articles
            with open(temporary, "wb") as out:

                def put(line: str) -> None:
                    data = line.encode("utf-8", "surrogateescape")
                    text.update(data)
                    out.write(data)

                put(_MANIFEST_HEAD + "\n")
                for relative in folders:
                    status = os.lstat(_inside(self._root, relative))
                    put(f"d {status.st_mtime_ns} {relative}\n")
                for relative in files:
                    put(f"f {relative}\n")
                put(f"end {len(folders)} {len(self._exact)}\n")
            os.replace(temporary, path)
            self._manifest = (text.digest(), files)
        except OSError:
            path.unlink(missing_ok=True)  # the spare's, renamed with it: it describes no more
            self._manifest = None

    def _remove_stale(self, folder: str | None = None, prefix: str = "") -> bool:
        """Delete what the recycled folder holds that this build did not write (and the
        folders that leaves empty). Symlinks are removed, never followed. Returns whether
        ``folder`` is left empty (a folder that keeps a file is not asked to go: one failed
        rmdir per story folder adds up)."""
        with os.scandir(folder or self.staging) as found:
            entries = list(found)
        empty = True
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if self._remove_stale(entry.path, f"{prefix}{entry.name}/"):
                    try:
                        os.rmdir(entry.path)
                        continue
                    except OSError:  # something appeared meanwhile
                        pass
                empty = False
            elif (prefix + entry.name not in self._exact
                  or entry.is_dir()):  # a symlink to a folder
                os.unlink(entry.path)
            else:
                empty = False
        return empty

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        _manifest_path(self.staging).unlink(missing_ok=True)  # a recycled folder's


def tree_digest(folder: Path) -> str:
    """A hash of every file's path and bytes under ``folder`` (following the top symlink)."""
    digest = hashlib.sha256()
    root = folder.resolve()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _manifest_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}{MANIFEST_SUFFIX}"


def _inside(root: str, relative: str) -> str:
    """The path of ``relative`` ("" for the top) under the folder ``root``."""
    return f"{root}/{relative}" if relative else root


def manifest_signature(folder: Path) -> str | None:
    """A hash of what the committed build ``folder`` holds, read through its manifest: the
    manifest (every folder's mtime, checked, and every file's path) and each file's inode
    and mtime, one ``lstat`` each. None when the manifest no longer describes the folder.

    A file added, removed or renamed anywhere moves its folder's mtime; a file rewritten in
    place moves its own; a file replaced has another inode. Unlike a walk of the tree, no
    folder is read (a ``scandir`` per story folder: seconds at 100,000 stories)."""
    found = _read_manifest(folder)
    if found is None:
        return None
    return _signature(folder, hashlib.sha256(found.text).digest(), found.files)


def _signature(folder: Path, manifest: bytes, files: list[str]) -> str | None:
    """manifest_signature's hash, from the manifest's sha256 and its files."""
    digest = hashlib.sha256(f"{folder}\0".encode("utf-8", "surrogateescape") + manifest)
    root = str(folder)
    try:
        for relative in files:
            status = os.lstat(f"{root}/{relative}")
            digest.update(f"{status.st_ino} {status.st_mtime_ns} {status.st_mode}\n".encode())
    except OSError:
        return None
    return digest.hexdigest()


class _Manifest(NamedTuple):
    files: list[str]  # relative, "/"-separated
    folders: list[str]  # every folder that holds a file ("" for the top)
    text: bytes  # the manifest as read


def _read_manifest(folder: Path) -> _Manifest | None:
    """What ``folder`` holds, from its manifest, if every folder it lists is still a folder
    with the mtime it had then; else None (no manifest, or the folder changed)."""
    try:
        text = _manifest_path(folder).read_bytes()
    except OSError:
        return None
    lines = text.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3 or lines[0] != _MANIFEST_HEAD or lines[-1] != "":
        return None
    files: list[str] = []
    folders: list[str] = []
    root = str(folder)
    try:
        for line in lines[1:-2]:
            if line.startswith("f "):
                files.append(line[2:])
                continue
            kind, mtime, relative = line.split(" ", 2)
            if kind != "d":
                return None
            status = os.lstat(_inside(root, relative))
            if not stat.S_ISDIR(status.st_mode) or status.st_mtime_ns != int(mtime):
                return None
            folders.append(relative)
        if lines[-2] != f"end {len(folders)} {len(files)}":  # cut short
            return None
    except (OSError, ValueError):
        return None
    return _Manifest(files, folders, text)


def remove_old_builds(target: Path, builds: Path, keep: Path | None = None) -> None:
    """Delete every build of ``target`` except the live one and ``keep`` (and folders of
    killed builds), and the manifests of the builds deleted."""
    live = target.resolve() if target.is_symlink() else None
    prefix = f"{target.name}-"
    for entry in sorted(builds.iterdir()):
        if entry.name.startswith(f".{prefix}") and entry.name.endswith(MANIFEST_SUFFIX + ".tmp"):
            entry.unlink(missing_ok=True)  # a manifest being written when a build was killed
            continue
        if entry.name.startswith(f".{prefix}") and entry.name.endswith(MANIFEST_SUFFIX):
            folder = builds / entry.name[1 : -len(MANIFEST_SUFFIX)]
            if folder not in (live, keep) or not folder.is_dir():
                entry.unlink(missing_ok=True)
            continue
        name = entry.name.removeprefix(".link-")
        if not name.startswith(prefix) or entry == live or (keep is not None and entry == keep):
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _recycle_spare(builds: Path, name: str, live: Path | None) -> Path:
    """The next build folder: the newest earlier build that is not live, renamed to the next
    number (its files are then replaced or removed), else a new empty folder."""
    spares = []
    for entry in builds.iterdir():
        match = re.fullmatch(rf"{re.escape(name)}-(\d+)", entry.name)
        if match and entry != live and entry.is_dir() and not entry.is_symlink():
            spares.append((int(match.group(1)), entry))
    folder = _new_build_folder(builds, name)
    if not spares:
        return folder
    _number, spare = max(spares)
    manifest = _manifest_path(spare)
    try:
        os.rmdir(folder)
        os.rename(spare, folder)  # same folder, next number: a new identity for page keys
    except OSError:
        folder.mkdir(exist_ok=True)
    else:
        try:  # its manifest goes with it (checked against its folders before it is used)
            os.replace(manifest, _manifest_path(folder))
        except OSError:
            pass
    return folder


def _clear_way(root: Path, path: str) -> None:
    """Remove files of a recycled folder that stand where ``path``'s folders go."""
    current = root
    for part in PurePosixPath(path).parent.parts:
        current = current / part
        if current.is_symlink() or current.is_file():
            current.unlink(missing_ok=True)  # missing: another worker removed it


def _new_build_folder(builds: Path, name: str) -> Path:
    numbers = [
        int(m.group(1))
        for entry in builds.iterdir()
        if (m := re.fullmatch(rf"{re.escape(name)}-(\d+)", entry.name))
    ]
    number = max(numbers, default=0) + 1
    while True:
        folder = builds / f"{name}-{number}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            number += 1


def _check_replaceable(target: Path, builds: Path) -> None:
    if target.is_symlink():
        points_to = Path(os.path.normpath(target.parent / os.readlink(target)))
        if points_to.parent == builds:
            return
        raise DigestError(
            str(target),
            f"is a symlink to {points_to} that digest did not make, so it will not be replaced",
            "choose another --out, or remove the symlink",
        )
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
