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
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from digest.model import Story

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


def publish_pictures(
    stories: list[Story], content_dir: Path
) -> tuple[list[Story], dict[str, str], list[str]]:
    """The stories with their Markdown pictures renamed for the site.

    Returns (stories, pictures, notes): ``pictures`` maps each file name under ``media/`` to
    the file it is copied from; ``notes`` says which pictures were left out and why. A
    story whose body has no picture of this kind is returned as it is (the check is one
    substring search per story).
    """
    if not any(_MARK in s.primary.body_html for s in stories):
        return stories, {}, []
    root = os.path.realpath(content_dir)
    pictures: dict[str, str] = {}
    notes: list[str] = []
    digests: dict[str, str | None] = {}  # each file's media name, once per build
    out = []
    for story in stories:
        primary = story.primary
        if _MARK not in primary.body_html:
            out.append(story)
            continue
        folder = os.path.dirname(os.path.realpath(primary.location))
        allowed = root if _inside(folder, root) else folder

        def one(match: re.Match[str], primary=primary, folder=folder, allowed=allowed) -> str:
            src = match.group(1)
            if primary.origin != "markdown" or not src.startswith(LOCAL):
                return ""  # the mark in a feed or a page: not a file of this site
            wanted = unquote(src[len(LOCAL):])
            path = os.path.realpath(os.path.join(folder, wanted))
            if path not in digests:
                digests[path] = _media_name(path, allowed, wanted, primary.location, notes)
            name = digests[path]
            if name is None:
                return ""
            pictures[name] = path
            return match.group(0).replace(src, MEDIA + name, 1)

        body = _IMG.sub(one, primary.body_html)
        if "<p>" in body:  # a paragraph that held only pictures left out
            body = _EMPTY_PARAGRAPH.sub("", body)
        # text_key="": the kept digest was made of the body before; the page keys hash this one
        renamed = replace(primary, body_html=body, text_key="")
        out.append(replace(story, primary=renamed))
    return out, pictures, notes


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _media_name(
    path: str, allowed: str, wanted: str, location: str, notes: list[str]
) -> str | None:
    """The picture's name under media/ (a digest of its bytes and its suffix), or None with
    a note saying why it is left out."""
    def note(problem: str, fix: str) -> None:
        notes.append(f"{location}: picture {wanted!r} {problem}; it was left out ({fix})")

    if not _inside(path, allowed):
        note("is outside the content folder", "keep pictures inside the content folder")
        return None
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".svg":
        note("is an SVG, which is not copied (opened on its own, an SVG runs its scripts as "
             "part of the site)", "export it as a PNG")
        return None
    try:
        size = os.path.getsize(path)
        if size > MAX_PICTURE_BYTES:
            note(f"is {size / 1048576:.0f} MB, over {MAX_PICTURE_BYTES // 1048576} MB",
                 "save a smaller copy for the web")
            return None
        with open(path, "rb") as picture:
            data = picture.read()
    except IsADirectoryError:
        note("is a folder", "name the picture's file")
        return None
    except OSError:
        note(f"was not found in {os.path.dirname(location) or '.'}",
             "put the file beside the Markdown file, or fix the name in the text")
        return None
    if not _is_kind(suffix, data[:16]):
        note(f"is not a {suffix[1:].upper()} picture (its bytes say otherwise)",
             "save it in the format its name says")
        return None
    digest = hashlib.blake2b(data, digest_size=10).hexdigest()
    return digest + (".jpg" if suffix == ".jpeg" else suffix)


def copy_pictures(writer: SiteWriter, pictures: dict[str, str]) -> list[str]:
    """Write each picture under ``media/`` (a file the live build has with the same bytes
    is linked from it, as every page: digest/output.py). Returns a note per picture that
    could not be read again, or changed since it was named."""
    notes = []
    for name, path in sorted(pictures.items()):
        try:
            with open(path, "rb") as picture:
                data = picture.read()
        except OSError as exc:
            notes.append(f"{path}: could not be copied into the site: {exc.strerror or exc}")
            continue
        if not name.startswith(hashlib.blake2b(data, digest_size=10).hexdigest()):
            notes.append(f"{path}: changed during the build; build again to show the new one")
        writer.write(f"{MEDIA_FOLDER}/{name}", data)
    return notes


def site_addresses(text: str, prefix: str) -> str:
    """A rendered page or feed with each ``MEDIA`` address made ``prefix`` + media/..."""
    if MEDIA not in text:
        return text
    return text.replace(MEDIA, prefix + MEDIA_FOLDER + "/")
