"""Scraped article dumps: plain text copied from a news page.

The first line is the site's category label, the second the headline (usually with the site's
name after a dash), the third the standfirst, then the body and whatever page furniture followed
it. A dump whose first line is a headline (it holds a dash or a bar between words, as
before a site's name, or is five words or more, and the next line holds none) has no
category line. A first line holding only the page's address gives the article's URL; a copy
of a browser's reader view (the site's domain under the headline, then the byline and the
reading time) gives the site's home page and the author. Ingest only splits these parts;
telling body from furniture is the clean stage's job.

An optional sidecar ``NAME.meta.toml`` beside ``NAME.txt`` may give ``url``, ``published``,
``source`` and ``author``.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
import unicodedata
from pathlib import Path

from digest.clean import table_row
from digest.config import SourceConfig
from digest.errors import DigestError
from digest.model import Article
from digest.util import INVISIBLE, read_file, stable_id, to_utc

META_KEYS = {"url", "published", "source", "author"}


# Byte-order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"),
)


def text_encoding(data: bytes) -> str | None:
    """The Unicode encoding ``data`` announces with a byte-order mark, or shows by its NULs:
    Windows editors (Notepad's "Unicode") and PowerShell's ``>`` save text as UTF-16, where
    every ASCII character is followed (or, big-endian, preceded) by a NUL byte. None: a
    byte-oriented encoding (UTF-8, or a legacy one)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 4 * even:
            return "utf-16-le"
        if even > 4 * odd:
            return "utf-16-be"
    return None


def read_text(path: Path) -> str:
    """A text file's contents: UTF-8, UTF-16/32 (with a byte-order mark, or without one as
    its NULs show), else Windows-1252, whose bytes are all characters (a Latin-1 file reads
    the same, apart from the rare C1 controls)."""
    data = read_file(path)
    unicode = text_encoding(data)
    if unicode:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(unicode)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def parse_dump_file(path: Path, source: SourceConfig | None = None) -> Article:
    try:
        text = read_text(path)
    except OSError as exc:
        raise DigestError(str(path), f"cannot read the file ({exc.strerror})") from exc
    meta = _read_meta(path)
    return parse_dump_text(text, str(path), source, meta)


def _read_meta(path: Path) -> dict[str, str]:
    meta_path = path.with_name(path.stem + ".meta.toml")
    if not meta_path.is_file():
        return {}
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DigestError(str(meta_path), f"invalid TOML ({exc})", "fix the sidecar file") from exc
    unknown = sorted(set(meta) - META_KEYS)
    if unknown:
        raise DigestError(
            str(meta_path),
            f"unknown key {unknown[0]!r}",
            f"use only: {', '.join(sorted(META_KEYS))}",
        )
    bad = [key for key, value in meta.items() if not isinstance(value, str)]
    if bad:
        raise DigestError(
            str(meta_path), f"{bad[0]} must be a string", f'write {bad[0]} = "..." with quotes'
        )
    return meta


def parse_dump_text(
    text: str,
    location: str,
    source: SourceConfig | None = None,
    meta: dict[str, str] | None = None,
) -> Article:
    meta = meta or {}
    if _looks_binary(text):
        raise DigestError(
            location,
            "not text: the file holds binary data (an image, a PDF, an archive?)",
            "save the article's text itself as a .txt file",
        )
    # A line of a zero-width space or a byte-order mark (pages put them between blocks, and
    # a copy keeps them) is a blank line, not the category or the headline.
    spaced = [line.translate(INVISIBLE).strip() for line in text.splitlines()]
    lines = [line for line in spaced if line]
    if not lines:
        raise DigestError(
            location,
            "the file is empty (or holds only spaces)",
            "paste the article's text into it (category, headline, then the text), or "
            "delete it",
        )
    # A dump that starts with the page's address, as a copy from the address bar leaves it.
    url = meta.get("url") or None
    while lines and _URL_LINE.fullmatch(lines[0]):
        url = url or lines[0]
        lines = lines[1:]
    if len(lines) < 2:
        raise DigestError(
            location,
            "not a scraped dump: expected a category line, then the headline, then the text",
            "see README: scraped dumps",
        )
    if _is_headline(lines[0]) and not _is_headline(lines[1], suffix_only=True):
        # no category line: the page's label was not copied, the headline comes first
        category: str | None = None
        headline, *rest = lines
    else:
        category, headline, *rest = lines
    home, author, rest = _reader_view_lines(rest)
    # The text as copied from a terminal, an e-mail or a PDF, its sentences cut into lines of
    # some 72 columns: a paragraph a line again (blank lines, where the copy kept them, still
    # end paragraphs)
    rest = unwrap_lines(spaced[_index_of_nth(spaced, sum(map(bool, spaced)) - len(rest)):])
    standfirst = rest[0] if rest and not _is_lone_dash(rest[0]) else ""
    body = rest[1:] if standfirst else rest
    published = to_utc(meta.get("published"))
    if meta.get("published") and published is None:
        raise DigestError(
            location + " (.meta.toml)",
            f"published {meta['published']!r} is not an ISO 8601 date",
            'write it like "2026-11-23T09:30:00+00:00"',
        )
    configured = source.name if source and source.name else None
    # A reader view's domain names the site when nothing else does.
    name = meta.get("source") or configured or (home or "").removeprefix("https://").strip("/")
    return Article(
        id=stable_id("scraped", url or Path(location).name),
        origin="scraped",
        location=location,
        title=headline,
        source_name=name,
        url=url,
        source_home=home,
        source_category=category,
        category_hint=source.category if source else None,
        summary=standfirst,
        raw_lines=tuple(body),
        author=meta.get("author") or author,
        published=published,
        site_names=tuple(n for n in (name,) if n),
    )


def _index_of_nth(spaced: list[str], count: int) -> int:
    """The index in ``spaced`` (lines with blank ones) after its first ``count`` non-blank
    lines."""
    seen = 0
    for index, line in enumerate(spaced):
        if seen == count:
            return index
        seen += bool(line)
    return len(spaced)


# A list item's marker: "- ", "* ", "• ", "1. ", "1) ", "(a) ", "a) " (an emoji is one too)
_ITEM = re.compile(r"(?:[-*+•·▪◦‣►▸➤→–—]|\d{1,3}[.)]|\(\w{1,3}\)|[a-z][.)])\s")
_SENTENCE_END = tuple(".!?:;…\"'”’)»。！？")
_WRAP_LIMIT = 120  # no wrapped text is wider: a longer line is a paragraph of its own


def _is_item(line: str) -> bool:
    if _ITEM.match(line):
        return True
    return bool(line) and unicodedata.category(line[0]) == "So" and line[1:2] in (" ", "\ufe0f")


def _first_word(line: str) -> str:
    return line.split(maxsplit=1)[0] if line else ""


def unwrap_lines(spaced: list[str]) -> list[str]:
    """The non-blank lines of ``spaced`` (stripped lines, "" for a blank one), with the lines of
    hard-wrapped text joined back into paragraphs.

    Text is hard-wrapped when at least two of its lines of 40 characters or more break off a
    sentence mid-way (no final punctuation, the next line goes on in small letters) and few
    lines are wider than any wrapping makes them. Then a line is joined to the next one
    when the next one's first word would not have fitted on it (the wrapping moved it down),
    or when it breaks off a sentence that the next line goes on with. Blank lines, list items,
    table rows and everything from the first lone dash on (the related-posts widget) are
    never joined; nor is a short line that stands alone (a heading) to a sentence before it.
    """
    lines = [line for line in spaced if line]
    end = next((n for n, line in enumerate(spaced) if line in {"-", "–", "—"}), len(spaced))
    body = [line for line in spaced[:end] if line]
    if not body or sum(len(line) > _WRAP_LIMIT for line in body) * 4 > len(body):
        return lines

    def plain(line: str) -> bool:
        return bool(line) and not _is_item(line) and table_row(line) is None

    def breaks_off(a: str, b: str) -> bool:
        return (len(a) >= 40 and not a.endswith(_SENTENCE_END) and b[:1].islower()
                and plain(a) and plain(b))

    pairs = list(zip(spaced[:end], spaced[1:end], strict=False))
    # once is enough where blank lines part the paragraphs: a paragraph of lines is wrapped
    if sum(breaks_off(a, b) for a, b in pairs) < (1 if len(body) < end else 2):
        return lines
    width = max(len(line) for line in body if len(line) <= _WRAP_LIMIT)

    def full(a: str, b: str, slack: int = 0) -> bool:
        """The first word of ``b`` would not have fitted on ``a``; ``slack``: the columns
        a line from a PDF (set in a proportional font) may fall short by."""
        return len(a) + 1 + len(_first_word(b)) > width - slack

    out: list[str] = []
    joining = False  # the last line of ``out`` goes on in the next one
    for index, line in enumerate(spaced):
        if not line:
            joining = False
            continue
        if joining:
            # "long-" + "running": a word the wrapping cut at its hyphen
            hyphen = out[-1].endswith("-") and out[-1][-2:-1].isalpha() and line[:1].islower()
            out[-1] = out[-1] + line if hyphen else f"{out[-1]} {line}"
        else:
            out.append(line)
        after = spaced[index + 1] if index + 1 < end else ""
        following = spaced[index + 2] if index + 2 < end else ""
        joining = bool(after) and index < end and plain(after) and table_row(line) is None
        if not joining:
            continue
        if not line.endswith(_SENTENCE_END):
            joining = (full(line, after, max(4, width // 10))
                       or after[:1].islower() and len(line) * 2 >= width)
        else:
            # a sentence ended: the next line goes on with the paragraph only if its first
            # word was moved down, and it is not a heading standing alone
            alone = (not after.endswith(_SENTENCE_END) and not after[:1].islower()
                     and not (following and full(after, following)))
            joining = full(line, after) and not alone
    return out


_URL_LINE = re.compile(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?", re.IGNORECASE)
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}")
# "4 min read", "5 minutes", Firefox's "5–7 minutes", "Reading time: 3 min".
_READING_TIME = re.compile(
    r"(?:(?:estimated\s+)?reading\s+time:?\s*)?(?:about\s+|~\s*)?\d{1,3}"
    r"(?:\s*[-–—]\s*\d{1,3})?\s*(?:min(?:ute)?s?\.?)(?:\s+read(?:ing)?)?",
    re.IGNORECASE,
)


def _reader_view_lines(rest: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(site home, author, the lines after them) for a copy of a browser's reader view,
    which puts the site's domain under the headline, then the byline and the reading time
    ("example.com", "A. Writer", "5–7 minutes"), before the text. Other dumps come back
    as they are."""
    if not rest or not _DOMAIN.fullmatch(rest[0]) or not rest[0].islower():
        return None, None, rest
    home = "https://" + rest[0].lower().removeprefix("www.") + "/"
    after = rest[1:]
    author = None
    # The byline sits between the domain and the reading time, when the page had one.
    if len(after) > 1 and _READING_TIME.fullmatch(after[1]) and _is_byline(after[0]):
        author, after = after[0].removeprefix("By ").removeprefix("by ").strip(), after[1:]
    if after and _READING_TIME.fullmatch(after[0]):
        after = after[1:]
    return home, author, after


def _is_byline(line: str) -> bool:
    """A short line of names: "A. Writer", "By Ann One and Bob Two"."""
    words = line.split()
    return 0 < len(words) <= 8 and not line.endswith((".", "!", "?", ":")) and all(
        w[:1].isupper() or w in ("and", "&", ",", "by", "de", "van", "von") for w in words
    )


def _looks_binary(text: str) -> bool:
    """A NUL (as git tells binary files), or more than one character in twenty undecodable
    or a control character: not a page's text (one with a few bad bytes is still read)."""
    if "\x00" in text[:8000]:
        return True
    sample = text[:20_000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
    return bad * 20 > len(sample)


_SITE_SEPARATORS = (" - ", " – ", " — ", " | ")


def _is_headline(line: str, suffix_only: bool = False) -> bool:
    """A line that cannot be a category label: it holds a dash or a bar between words, as a
    headline does before its site's name ("Caps Deposits - Block Ledger"), or (unless
    ``suffix_only``) has five words or more. Labels are short: "Markets", "De-fi", "others",
    "Press Release"."""
    if any(sep in line for sep in _SITE_SEPARATORS):
        return True
    return not suffix_only and len(line.split()) >= 5


def _is_lone_dash(line: str) -> bool:
    return line in {"-", "–", "—"}
