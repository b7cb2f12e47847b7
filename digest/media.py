"""Pictures that sit beside a Markdown article (a Hugo or Jekyll page bundle, an Obsidian
vault's attachments): copied into the site's ``media/`` folder and shown with the story.

Three steps, kept apart so each cache stays right:

1. **Reading** (digest/ingest/markdown.py, ``_local_pictures``): an image whose address is a path
   (``![chart](chart.png)``, ``<img src="img/chart.png">``, ``{{< figure src="chart.png" >}}``,
   ``![[chart.png]]``) gets the address ``LOCAL`` + that path. Only the path is recorded,
   not the picture: the parse cache keys a Markdown file by its own bytes, so a picture
   edited later must not leave an old copy in a kept parse. ``LOCAL`` is an absolute
   ``https`` address under the reserved ``.invalid`` domain, which the sanitiser keeps as
   it is (a relative one it would drop, or resolve against the post's original address).
2. **The build** (``publish_pictures``): each story's picture paths are resolved against
   its Markdown file's folder, checked (inside the content folder, a picture of a kind
   browsers show, by its first bytes too, not too large), and renamed after a digest of
   their bytes: ``MEDIA`` + ``3f2a...e1.png``. Same bytes, same name: an unchanged picture
   keeps its name (and every page showing it keeps its page key, digest/render/keys.py); an
   edited one gets a new one, so no browser or CDN shows the old picture from its cache.
   A picture that is missing or not allowed is left out, and the build says which and why.
3. **Rendering** (``site_addresses``): ``MEDIA`` becomes the page's way to the site's
   ``media/`` folder (relative, as every link of the site) in pages, and the site's address
   in feeds, which readers show away from the site.

SVG is not copied: opened on its own, an SVG file runs its scripts with the site's origin.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import stat
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urljoin

from digest.model import Article, Story
from digest.util import RACY_NS, web_address

if TYPE_CHECKING:
    from digest.output import SiteWriter

# The reserved domain: no real address ever has it (RFC 2606).
LOCAL = "https://digest.invalid/local/"
MEDIA = "https://digest.invalid/media/"
_MARK = "https://digest.invalid/"
MEDIA_FOLDER = "media"

# What browsers show in an <img>, by suffix, and how each kind's bytes begin. An .svg beside
# an article is marked too, so the build can say why it is not copied.
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
MAX_PICTURE_BYTES = 20 * 1024 * 1024  # a photo straight off a camera is under this


def _is_kind(suffix: str, head: bytes) -> bool:
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head[4:12] in (b"ftypavif", b"ftypavis")  # .avif


# An <img> as the sanitiser writes it (digest/clean.py: nh3 quotes with " and escapes &).
_IMG = re.compile(r'<img\b[^>]*?\ssrc="(https://digest\.invalid/[^"]*)"[^>]*>')


_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")


Known = dict[str, tuple[str, str]]  # a picture's real path -> (its stat stamp, its media name)


def publish_pictures(
    stories: list[Story], content_dir: Path, known: Known | None = None
) -> tuple[list[Story], dict[str, str], list[str], Known]:
    """The stories with their Markdown pictures renamed for the site.

    ``known``: the names of earlier builds, by path and stat stamp (the state's
    ``picture_names``): an unchanged picture is not read again. Returns (stories, pictures,
    notes, names): ``pictures`` maps each file name under ``media/`` to the file it is
    copied from; ``notes`` says which pictures were left out and why; ``names`` is what the
    state keeps for the next build. A story whose body has no picture of this kind is
    returned as it is (the check is one substring search per story).
    """
    if not any(_marked(s.primary) for s in stories):
        return stories, {}, [], {}
    namer = _Namer(os.path.realpath(content_dir), known or {})
    out = []
    for story in stories:
        primary = story.primary
        if not _marked(primary):
            out.append(story)
            continue
        folder = os.path.dirname(os.path.realpath(primary.location))
        image = primary.image
        if image is not None and image.startswith(_MARK):  # the lead picture, the same way
            image = None
            if primary.origin == "markdown" and primary.image.startswith(LOCAL):
                image = _address(namer, folder, primary, primary.image)

        def one(match: re.Match[str], primary=primary, folder=folder) -> str:
            src = match.group(1)
            if primary.origin != "markdown" or not src.startswith(LOCAL):
                return ""  # the mark in a feed or a page: not a file of this site
            address = _address(namer, folder, primary, src)
            return "" if address is None else match.group(0).replace(
                src, html.escape(address), 1)

        body = primary.body_html
        if _MARK in body:
            body = _IMG.sub(one, body)
            if "<p>" in body:  # a paragraph that held only pictures left out
                body = _EMPTY_PARAGRAPH.sub("", body)
        # text_key="": the kept digest was made of the body before; the page keys hash this one
        renamed = replace(primary, body_html=body, image=image, text_key="")
        out.append(replace(story, primary=renamed))
    return out, namer.pictures, namer.notes, namer.names


def _address(namer: _Namer, folder: str, article: Article, src: str) -> str | None:
    """Where the picture marked ``src`` (``LOCAL`` + its path) is shown from: ``MEDIA`` + its
    name, or, for a path from the site's root that the content folder does not have in a
    Markdown article that names its original address, the picture at that address (the
    article's own site has it); None when it is left out."""
    wanted = unquote(src[len(LOCAL):])
    original = web_address(article.url or "") if wanted.startswith("/") else None
    name = namer.name(folder, wanted, article.location, missing_ok=original is not None)
    if name is not None:
        return MEDIA + name
    if original is not None and not namer.found(folder, wanted):
        try:
            return urljoin(original, quote(wanted, safe="/"))
        except ValueError:  # (checked by web_address: not expected)
            return None
    return None


def _marked(article: Article) -> bool:
    """The article's body or lead picture holds the mark (a picture to copy, or a forged
    mark to drop)."""
    return _MARK in article.body_html or (article.image is not None
                                          and article.image.startswith(_MARK))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Namer:
    """Each picture's name under media/: a digest of its bytes, and its suffix."""

    def __init__(self, root: str, known: Known) -> None:
        self.root = root  # the content folder, real path
        self.known = known
        self.names: Known = {}  # this build's, for the state
        self.pictures: dict[str, str] = {}  # media name -> the file
        self.notes: list[str] = []
        self._done: dict[tuple[str, str], str | None] = {}  # once per file and article

    def path(self, folder: str, wanted: str) -> str:
        """The file ``wanted`` names: a path beside the article (``folder``), or one from
        the site's root ("/images/x.png") in the content folder, else in its static/ folder
        (where a Hugo site keeps such files)."""
        if not wanted.startswith("/"):
            return os.path.realpath(os.path.join(folder, wanted))
        relative = wanted.lstrip("/")
        for base in (self.root, os.path.join(self.root, "static")):
            path = os.path.realpath(os.path.join(base, relative))
            if os.path.lexists(path):
                return path
        return os.path.realpath(os.path.join(self.root, relative))

    def found(self, folder: str, wanted: str) -> bool:
        """Whether the file ``wanted`` names exists (``path``)."""
        return "\0" not in wanted and os.path.lexists(self.path(folder, wanted))

    def name(self, folder: str, wanted: str, location: str,
             missing_ok: bool = False) -> str | None:
        """The media name of ``wanted`` (a path as the article at ``location`` gives it,
        read from ``folder``), or None with a note saying why it is left out (no note for
        a missing file when ``missing_ok``: the caller shows it from elsewhere)."""
        if "\0" in wanted:  # (written as raw HTML with the mark: no file has such a name)
            self.notes.append(f"{location}: picture {wanted!r} is no file name; it was left "
                              "out (fix the name in the text)")
            return None
        path = self.path(folder, wanted)
        if missing_ok and not os.path.lexists(path):
            return None
        if (path, location) not in self._done:
            # a Markdown file in the content folder may show any picture in it; one named
            # by a [[sources]] path elsewhere, those in its own folder and below
            allowed = self.root if _inside(folder, self.root) else folder
            found = self._name(path, allowed, wanted, location)
            self._done[path, location] = found
            if found is not None:
                self.pictures[found] = path
        return self._done[path, location]

    def _name(self, path: str, allowed: str, wanted: str, location: str) -> str | None:
        def note(problem: str, fix: str) -> None:
            self.notes.append(f"{location}: picture {wanted!r} {problem}; it was left out "
                              f"({fix})")

        if not _inside(path, allowed):
            note("is outside the content folder", "keep pictures inside the content folder")
            return None
        suffix = os.path.splitext(path)[1].lower()
        if suffix == ".svg":
            note("is an SVG, which is not copied (opened on its own, an SVG runs its scripts "
                 "as part of the site)", "export it as a PNG")
            return None
        try:
            status = os.stat(path)
        except OSError:
            if wanted.startswith("/"):  # from the site's root
                note(f"was not found in the content folder ({self.root}) or its static/ "
                     "folder", "put the file there at that path, or fix the name in the text")
            else:
                note(f"was not found in {os.path.dirname(location) or '.'}",
                     "put the file beside the Markdown file, or fix the name in the text")
            return None
        if stat.S_ISDIR(status.st_mode):
            note("is a folder", "name the picture's file")
            return None
        if status.st_size > MAX_PICTURE_BYTES:
            note(f"is {status.st_size / 1048576:.0f} MB, over "
                 f"{MAX_PICTURE_BYTES // 1048576} MB", "save a smaller copy for the web")
            return None
        stamp = (f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:"
                 f"{status.st_ino}:{status.st_dev}")
        kept = self.known.get(path)
        if kept is not None and kept[0] == stamp:
            self.names[path] = kept
            return kept[1]
        read_at = time.time_ns()
        try:
            with open(path, "rb") as picture:
                data = picture.read()
        except OSError as exc:
            note(f"could not be read ({exc.strerror or exc})", "check the file's permissions")
            return None
        if not _is_kind(suffix, data[:16]):
            note(f"is not a {suffix[1:].upper()} picture (its bytes say otherwise)",
                 "save it in the format its name says")
            return None
        name = media_name(data, suffix)
        if status.st_mtime_ns < read_at - RACY_NS:
            self.names[path] = (stamp, name)
        return name


def media_name(data: bytes, suffix: str) -> str:
    """A picture's file name under media/: a digest of its bytes, then its suffix."""
    return hashlib.blake2b(data, digest_size=10).hexdigest() + (
        ".jpg" if suffix == ".jpeg" else suffix)


def copy_pictures(writer: SiteWriter, pictures: dict[str, str]) -> list[str]:
    """Put each picture under ``media/``. A name the live build has is linked from it: the
    name is the digest of the bytes, so they are the same (and keep their mtime). Returns a
    note per picture that could not be read, or that changed since it was named."""
    notes = []
    for name, path in sorted(pictures.items()):
        target, full = writer.reserve(f"{MEDIA_FOLDER}/{name}")
        writer.make_folder(target)
        if writer.carry(target, full):
            writer.reused += 1
            continue
        try:
            with open(path, "rb") as picture:
                data = picture.read()
        except OSError as exc:
            data = b""
            notes.append(f"{path}: could not be copied into the site: {exc.strerror or exc}")
        if data and media_name(data, os.path.splitext(name)[1]) != name:
            notes.append(f"{path}: changed during the build; build again to show the new one")
        writer.reused += writer.put(target, full, data)
    return notes


def site_addresses(text: str, prefix: str) -> str:
    """A rendered page or feed with each ``MEDIA`` address made ``prefix`` + media/..."""
    if MEDIA not in text:
        return text
    return text.replace(MEDIA, prefix + MEDIA_FOLDER + "/")
