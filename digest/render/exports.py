"""The exports (the search index, stories.json), made again from the parts that changed.

An export holds one record per story, so any new story changes it; at 10,000 stories making
the two of them took a second, most of an incremental build's rendering. But a record only
depends on its story's view (and, in stories.json, on the story's ranking score, which
moves with the clock). So each export is written together with an index: for each record,
the digest of its story view without the score (digest/render/keys.py) and where its fixed
parts lie in the file. The next build copies the bytes of every record whose view has the
same digest from the live build's file, makes only the clock-dependent parts again (the
score), and encodes only the records of new or changed stories.

The index is kept in the state with the page keys of the build folder it describes. It is
used only for that folder's file, and only while the file has the size and mtime it was
written with and the rendering code is the same (a file edited by hand, a digest upgrade:
every record is encoded again). The bytes are those a full encoding gives (tests).
"""

from __future__ import annotations

import json
import os
import stat
import struct
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from digest.rank import SCORE_DIGITS
from digest.render.context import StoryView
from digest.util import iso

DIGEST_SIZE = 20  # bytes of a view digest (Encoder: blake2b, 20 bytes)
_HEAD = struct.Struct("<32sqqII")  # code, file size, mtime_ns, records, fixed parts a record


@dataclass(frozen=True)
class RecordFormat:
    """How one export turns a story view into its record.

    ``parts(view)``: the record's text in parts, fixed (not clock-dependent) parts at even
    places and clock-dependent parts between them, so ``len == 2 * fixed - 1``.
    ``fresh(view)``: the clock-dependent parts alone (what a reused record makes again).
    ``lines``: one record a line between "[" and "]" lines; else a compact array.
    """

    name: str
    parts: Callable[[StoryView], tuple[str, ...]]
    fresh: Callable[[StoryView], tuple[str, ...]]
    fixed: int
    lines: bool
    head: bytes = b""  # before the array: the search index is a script that names it
    tail: bytes = b""  # after it

    @property
    def clocked(self) -> bool:
        """Whether a record prints something that moves with the clock (a score)."""
        return self.fixed > 1


def _search_parts(text_limit: int) -> Callable[[StoryView], tuple[str, ...]]:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def parts(s: StoryView) -> tuple[str, ...]:
        text = " ".join(s.paragraphs)
        if len(text) > text_limit:
            text = text[:text_limit].rsplit(" ", 1)[0]
        return (
            encode(
                {
                    "t": s.title,
                    "u": s.path,
                    "s": s.summary,
                    "x": text,
                    "c": s.topic_name,
                    "o": ", ".join(link.name for link in s.sources),
                    "d": iso(s.published),
                }
            ),
        )

    return parts


SEARCH_INDEX = "search-index.js"
SEARCH_GLOBAL = "digestSearchIndex"


def search_format(text_limit: int = 3000) -> RecordFormat:
    """The index static/search.js reads (``SEARCH_INDEX``): one compact record per story,
    newest first, as a script that sets ``window.digestSearchIndex`` to their array, so a
    page opened from the disk (file://, where browsers refuse to fetch files) loads it too.

    t title, u page path, s summary, x body text (cut at ``text_limit`` characters),
    c topic name, o source names, d published (ISO 8601).
    """
    return RecordFormat("search", _search_parts(text_limit), lambda _s: (), 1, False,
                        head=f"window.{SEARCH_GLOBAL}=".encode(), tail=b";")


_STORY_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _story_score(s: StoryView) -> tuple[str]:
    return (_STORY_ENCODE(round(s.score, SCORE_DIGITS)),)


def _story_parts(s: StoryView) -> tuple[str, ...]:
    # json's text of StoryView.as_json() (json's default ", " and ": "), cut around the
    # score: the fields before it, the score, the fields after it (none of them empty).
    before, after = s.json_fields()
    head = _STORY_ENCODE(before)[:-1] + ', "score": '
    tail = ", " + _STORY_ENCODE(after)[1:]
    return head, _story_score(s)[0], tail


def stories_format() -> RecordFormat:
    """stories.json: ``StoryView.as_json()`` of each story, a line each."""
    return RecordFormat("stories", _story_parts, _story_score, 2, True)


@dataclass(frozen=True)
class ExportIndex:
    """Where each record's fixed parts lie in one written export file."""

    code: bytes  # the rendering code's digest (digest/render/keys.py)
    size: int  # the file's size and mtime when the index was made
    mtime_ns: int
    fixed: int  # fixed parts a record
    digests: bytes  # DIGEST_SIZE bytes a record
    spans: array  # per record, per fixed part: offset, length

    def pack(self) -> bytes:
        count = len(self.digests) // DIGEST_SIZE
        head = _HEAD.pack(self.code, self.size, self.mtime_ns, count, self.fixed)
        return head + self.digests + self.spans.tobytes()

    @classmethod
    def unpack(cls, blob: bytes) -> ExportIndex | None:
        """None for a blob that is not an index this code wrote."""
        try:
            code, size, mtime_ns, count, fixed = _HEAD.unpack_from(blob)
            start = _HEAD.size
            digests = blob[start : start + count * DIGEST_SIZE]
            spans = array("q")
            spans.frombytes(blob[start + count * DIGEST_SIZE :])
        except (struct.error, ValueError):
            return None
        if len(digests) != count * DIGEST_SIZE or len(spans) != count * fixed * 2:
            return None
        if spans and (min(spans) < 0 or max(
            offset + length for offset, length in zip(spans[::2], spans[1::2], strict=True)
        ) > size):
            return None  # not within the file it describes: a damaged state
        return cls(code, size, mtime_ns, fixed, digests, spans)

    def matches(self, path: Path, code: bytes, fixed: int) -> bool:
        """Whether this index describes the file at ``path`` as it is now."""
        if self.code != code or self.fixed != fixed:
            return False
        try:
            status = os.lstat(path)
        except OSError:
            return False
        return (
            stat.S_ISREG(status.st_mode)
            and status.st_size == self.size
            and status.st_mtime_ns == self.mtime_ns
        )


class ExportWriter:
    """Writes one export of ``views`` as bytes (``chunks``), copying the fixed parts of
    records whose view digest the live build's index knows from the live build's file;
    ``index(path)`` then describes the file written."""

    def __init__(
        self,
        form: RecordFormat,
        views: Sequence[StoryView],
        digest_of: Callable[[StoryView], bytes] | None,
        code: bytes = b"",
        old: tuple[Path, bytes] | None = None,
    ) -> None:
        """``digest_of``: a view's digest without its score (PageKeys.view_digest); None
        keeps no index. ``code``: the rendering code's digest. ``old``: the live build's
        file and its index's blob (ExportIndex.pack), if any."""
        self.form = form
        self.views = views
        self.digest_of = digest_of
        self.code = code
        self.old = old
        self.encoded = 0  # records encoded in full (the rest were copied)
        self._digests = bytearray()
        self._spans = array("q")

    def _previous(self) -> ExportIndex | None:
        """The live build's index, if it describes the live build's file as it is now."""
        if self.old is None or self.digest_of is None:
            return None
        path, blob = self.old
        index = ExportIndex.unpack(blob)
        if index is None or not index.matches(path, self.code, self.form.fixed):
            return None
        return index

    def chunks(self) -> Iterator[bytes]:
        """The export's bytes, in pieces (a record each): never the whole file in memory."""
        self.encoded = 0
        self._digests = bytearray()
        self._spans = array("q")
        previous = self._previous()
        old_file: BinaryIO | None = None
        if previous is not None and self.old is not None:
            try:
                old_file = open(self.old[0], "rb")  # noqa: SIM115 (closed below)
            except OSError:
                previous = None
        head, tail = self.form.head, self.form.tail
        opening, between, closing = (
            (b"[\n", b",\n", b"\n]") if self.form.lines else (b"[", b",", b"]")
        )
        try:
            yield from self._records(previous, old_file, head + opening, between)
        finally:
            if old_file is not None:
                old_file.close()
        yield (closing if self.views else head + b"[]") + tail + b"\n"

    def _records(
        self,
        previous: ExportIndex | None,
        old_file: BinaryIO | None,
        opening: bytes,
        between: bytes,
    ) -> Iterator[bytes]:
        form = self.form
        where: dict[bytes, int] = {}  # the live build's records, by view digest
        old_spans = array("q")
        if previous is not None:
            old_digests, old_spans = previous.digests, previous.spans
            where = {
                old_digests[start : start + DIGEST_SIZE]: number
                for number, start in enumerate(range(0, len(old_digests), DIGEST_SIZE))
            }
        spans = self._spans
        digests = self._digests
        position = 0
        separator = opening
        digest_of = self.digest_of
        for view in self.views:
            digest = digest_of(view) if digest_of is not None else b""
            number = where.get(digest)
            kept = self._read(old_file, old_spans, number) if number is not None else None
            if kept is not None:  # the fixed parts as they are, the fresh ones made again
                fresh = form.fresh(view)
                parts = [kept[0]]
                for extra, data in zip(fresh, kept[1:], strict=True):
                    parts += (extra.encode("utf-8"), data)
            else:
                self.encoded += 1
                parts = [text.encode("utf-8") for text in form.parts(view)]
            position += len(separator)
            for place, data in enumerate(parts):
                if place % 2 == 0:  # a fixed part: where the next build finds it
                    spans.append(position)
                    spans.append(len(data))
                position += len(data)
            digests += digest
            yield separator + b"".join(parts)
            separator = between

    def _read(self, old_file: BinaryIO | None, spans: array, number: int) -> list[bytes] | None:
        """Record ``number``'s fixed parts from the live build's file; None if cut short."""
        if old_file is None:
            return None
        found = []
        base = number * self.form.fixed * 2
        for part in range(self.form.fixed):
            offset, length = spans[base + 2 * part], spans[base + 2 * part + 1]
            old_file.seek(offset)
            data = old_file.read(length)
            if len(data) != length:
                return None
            found.append(data)
        return found

    def index(self, path: Path | str) -> bytes | None:
        """The index of the file just written to ``path`` (or linked there in its place:
        the same bytes), to keep with the page keys; None without ``digest_of``."""
        if self.digest_of is None:
            return None
        status = os.stat(path)
        return ExportIndex(
            self.code, status.st_size, status.st_mtime_ns, self.form.fixed,
            bytes(self._digests), self._spans,
        ).pack()
