"""Small pure helpers shared by several stages."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex id that depends only on ``parts``."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def code_digest(files: Iterable[Path], seed: bytes = b"", root: Path | None = None) -> bytes:
    """A hash of source files (each named by its path under ``root``, or its name) after
    ``seed``: cache keys include it, so a changed file invalidates what was made with it."""
    digest = hashlib.sha256(seed)
    for path in sorted(files):
        name = path.relative_to(root).as_posix() if root else path.name
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _normal_name(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


_VERSIONS: dict[str, str] | None = None


def installed_version(name: str) -> str | None:
    """The version of the installed distribution ``name`` (None: not installed), as the
    first ``*.dist-info`` or ``*.egg-info`` folder for it on ``sys.path`` names it.

    What ``importlib.metadata.version`` answers for an installed package, read from the
    folder names instead of each package's METADATA: importing importlib.metadata (and
    the email parser it reads METADATA with) took longer than a build with nothing to do
    spends on anything else but Python's own start.
    """
    global _VERSIONS
    if _VERSIONS is None:
        import sys

        found: dict[str, str] = {}
        for entry in sys.path:
            try:
                names = os.listdir(entry or ".")
            except OSError:  # a zip file, a missing folder
                continue
            for folder in sorted(names):
                stem, dot, kind = folder.rpartition(".")
                if dot and kind in ("dist-info", "egg-info") and "-" in stem:
                    # name-1.2.dist-info; name-1.2-py3.11.egg-info (a name holds no "-")
                    dist, version = stem.split("-")[:2]
                    found.setdefault(_normal_name(dist), version)
        _VERSIONS = found
    return _VERSIONS.get(_normal_name(name))


def hash_parts(digest: Any, parts: Iterable[str]) -> None:
    """Feed ``parts`` to ``digest`` (a hashlib object), each after its length, so that no two
    lists of parts feed the same bytes. In one ``update``: the keys of 100,000 stories and
    articles are made of a dozen parts each."""
    digest.update("".join([f"{len(part)}:{part}" for part in parts]).encode(
        "utf-8", "surrogatepass"))


def read_file(path: Path | str) -> bytes:
    """``Path.read_bytes()`` in fewer system calls (no buffered file object: no isatty
    ioctl, no seeks); they add up over tens of thousands of inputs and pages."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        want = os.fstat(fd).st_size + 1  # all of it, and the end-of-file in a second read
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            want = 1 << 16
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_file(path: Path | str, data: bytes) -> None:
    """``Path.write_bytes(data)`` in fewer system calls (see read_file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


# Characters that show nothing (zero-width spaces and joiners, a byte-order mark, a soft
# hyphen): removed from text before it is read (str.translate table)
# Scripts written without spaces between words, as a regex character class's body (for
# dedupe's units, after NFKD and without combining marks, and topics' word boundaries):
# Thai letters and vowel signs (its currency sign and punctuation excluded), hiragana and
# katakana (not the "・" name separator), the CJK ideographs with 々 〆 〇.
UNSPACED_SCRIPTS = (
    "\u0e01-\u0e3a\u0e40-\u0e4e"
    "\u3005-\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)


def unspaced_units(run: str) -> list[str]:
    """A run of a script written without spaces as the units it is compared by: overlapping
    two-character pieces ("比特币" -> "比特", "特币"), or the one character."""
    return [run] if len(run) < 2 else [run[k : k + 2] for k in range(len(run) - 1)]


INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def squash(text: str) -> str:
    """Unicode NFC and collapsed whitespace (what ``re.sub(r"\\s+", " ", ...).strip()`` gives:
    str.split and re's \\s know the same whitespace; a test checks)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Scripts written without spaces between words: each character's syllable is a word of its own
_SYLLABIC = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _transliterated(run: str) -> str:
    """A run of non-ASCII characters in ASCII letters (anyascii): "Биткоин" -> "Bitkoin",
    "Straße" -> "Strasse", "网络费用" -> " Wang Luo Fei Yong "."""
    from anyascii import anyascii

    # letters, marks and digits only: an emoji or a symbol is no word ("🚀" is not "rocket")
    run = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in run)
    if _SYLLABIC.search(run):
        return " " + " ".join(anyascii(char) for char in run if char != " ") + " "
    return anyascii(run)


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII, lower-case, dash-separated, bounded; never empty. Letters of other scripts are
    transliterated, so a Russian, Greek, Arabic or Chinese headline gives a readable slug."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: _transliterated(m.group()), text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    slug = slug.strip("-") or "item"
    if slug in _WINDOWS_RESERVED:  # "con", "nul", "com1"...: not a usable file name on Windows
        slug = f"{slug}-item"
    return slug


_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))]
)


def to_utc(value: object) -> datetime | None:
    """Aware UTC datetime from a datetime, date or ISO 8601 string; None if unusable.

    Naive values are taken to be UTC.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if " " in text and "T" not in text:
            text = text.replace(" ", "T", 1)
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=UTC)
    return result.astimezone(UTC)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, seconds precision."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    # Formatted by hand: a page prints several dates per story, and this takes half the time
    # of astimezone + replace + isoformat + replace (the same text, tested).
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (  # noqa: UP031 (an f-string is slower)
        value.year, value.month, value.day, value.hour, value.minute, value.second
    )


def default_templates_dir() -> Path:
    """The templates shipped with digest (inside the wheel, or at the repo root)."""
    from digest.errors import DigestError

    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise DigestError("templates", "digest's own templates are missing", "reinstall digest")


PROGRESS_EVERY = 5.0  # seconds between a Ticker's lines


class Ticker:
    """A progress line for long work: ``add(k)`` counts ``k`` more items done, and every
    ``every`` seconds at most ``say`` gets "<doing> 40,960 of 96,152 <what> (42%)". Work
    that ends within ``every`` seconds says nothing, so small builds stay quiet."""

    def __init__(self, say: Callable[[str], None], doing: str, total: int, what: str,
                 every: float | None = None) -> None:
        import time

        self._clock = time.monotonic
        self.say, self.doing, self.total, self.what = say, doing, total, what
        self.every = PROGRESS_EVERY if every is None else every
        self.done = 0
        self._last = self._clock()

    def add(self, count: int) -> None:
        self.done += count
        now = self._clock()
        if now - self._last >= self.every and self.done < self.total:
            self._last = now
            self.say(f"{self.doing} {self.done:,} of {self.total:,} {self.what} "
                     f"({100 * self.done // max(self.total, 1)}%)")


# A power or an index as a character ("km²", "10⁻³", "CO₂"): what the clean stage and the
# page reader write for a <sup> or <sub> of digits and + - − = ( ) alone
SUPERSCRIPTS = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")
SUBSCRIPTS = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")

# A file changed this close to its hashing is hashed again next time: more than the 2 s
# granularity of FAT mtimes, so a change in the same tick as the hashing is never missed
# (the parse cache's file digests, digest/cache.py; the pictures' names, digest/media.py).
RACY_NS = 3_000_000_000


# An http(s) URL whose host is plain letters, digits, dots and hyphens (nearly every one):
# its host is read without urlsplit, which took most of the ranking's time. Anything else
# (user info, IPv6, other characters) goes through urlsplit; both give the same host.
_PLAIN_HOST = re.compile(
    r"https?://([a-z0-9.-]+)(?::[0-9]*)?(?=[/?#]|\Z)", re.IGNORECASE | re.ASCII
)


def url_host(url: str | None) -> str:
    """``urlsplit(url.strip()).hostname`` without its trailing dot, lower case; "" when
    there is none (or the URL does not parse: "http://[x")."""
    from urllib.parse import urlsplit

    if not url:
        return ""
    url = url.strip()
    plain = _PLAIN_HOST.match(url)
    if plain is not None:
        return plain.group(1).rstrip(".").lower()
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def web_address(address: str) -> str | None:
    """``address`` stripped when it is an http(s) address with a host (a picture or a page
    on the web), else None: a relative path, another scheme, "http://" alone, or an
    address that does not parse ("http://[x")."""
    from urllib.parse import urlsplit

    address = address.strip()
    if not address.lower().startswith(("https://", "http://")):
        return None
    try:
        return address if urlsplit(address).netloc else None
    except ValueError:
        return None

