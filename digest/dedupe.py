"""Dedupe: the same story from several sources becomes one Story.

Rules, in order (see docs/dedupe.md for the tuning figures):

1. **Exact duplicates** are merged whatever their dates: the same URL key (canonical URL with
   ``www.`` dropped), or the same normalised headline *and* the same body fingerprint. Within
   the window, one outlet's articles under one headline too (``_one_outlet_pairs``: its page
   and an aggregator's item credited to it, which links a redirect).
2. **Near duplicates** are only looked for between articles published within
   ``window_hours`` of each other. Candidates come from MinHash signatures (rensa) over word
   shingles of the body and of its lead (in Chinese, Japanese and Thai, written without
   spaces, a "word" is a two-character unit: ``_words``), banded for LSH and paired only
   with their neighbours in time, so the work grows linearly. A candidate pair is a duplicate when
   * the bodies are similar (estimated Jaccard >= ``threshold``), or one body contains most of
     the other (a trimmed or extended copy) and their leads agree; or
   * the headlines are near-identical (token-set Jaccard >= ``headline_threshold`` over
     content words, sharing a rare word) and the bodies do not disagree; or
   * one item is headline-only and most of its headline words, including most of the words
     it adds to the other's headline, occur in the other's headline and lead; or
   * within ``quote_hours`` (24), the texts share a verbatim quotation of ``quote_words`` (12)
     words or more, a rare headline word written as a name in the texts, and a telling
     figure outside the quotes: one event rewritten by several outlets around the
     statement they all quote (``_quoted_story``).
   Vetoes: headline figures that differ or are missing from the other report ("raises $10M"
   vs "raises another $20M"; a headline may round: "6%" is "6.2%", ``headline_figures_agree``),
   a follow-up word in one headline only ("second", "again"), a one-word entity swap, bodies
   whose figures mostly differ; template headlines ("Bitcoin price today: ...") on different
   days never merge on the headline alone.
3. **Clustering without snowballing**: exact duplicates form atoms; atoms are visited in
   primary order and each joins the story of a neighbour only if it also passes a (relaxed)
   check against that story's *primary* article, so A~B~C cannot glue C to an unrelated A.

The primary article is the earliest published (undated last), then the longest body, then the
smallest id, so the choice is deterministic; a headline-only item (a link aggregator's) gives
way to the story's earliest full text (``_lead_first``).

Story ids never change: an article already attached to a story keeps it (the mapping lives in
the state), and a new story takes an id derived from its primary article.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from html.parser import HTMLParser
from itertools import filterfalse
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import numpy as np

from digest.model import Article, StoryIdentity, make_text_key, text_key
from digest.util import UNSPACED_SCRIPTS, hash_parts, slugify, stable_id, unspaced_units

HEADLINE_WINDOW = timedelta(days=3)  # kept for callers; the window is DedupeSettings.window_hours

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "cmpid",
        "ncid",
        "sr_share",
        "amp",
        "outputtype",
        "_ga",
        "_gl",
        "spm",
        "cmp",
        "src",
        "share",
        "smid",
        "guccounter",
        "__twitter_impression",
        "taid",
        "ito",
        "wt_mc",
        "wt.mc_id",
        "at_medium",
        "at_campaign",
        "soc_src",
        "soc_trk",
        "ocid",
        "mbid",
        "xtor",
        "ns_source",
        "ns_mchannel",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "guce_referrer",
        "guce_referrer_sig",
        "traffic_source",
    }
)
# Keys that are tracking only with certain values (elsewhere they can select content):
# "?mod=rss_markets" (a feed link's), "?sh=3f1a2b4c5d6e" (a share hash), "?feature=share",
# "?source=rss", "?rss=1". Medium writes which of its feeds a link came from on every link
# of an item, its body's as well: "?source=rss----5e4a1c0bf0e5---4" (a publication's feed),
# "?source=rss-8a7b6c5d4e3f------2" (a writer's); any value that opens with "rss" says so
# ("?source=docs" or "?source=en" elsewhere can select content, and stays).
_TRACKING_VALUES = {
    "mod": re.compile(r"rss.*", re.IGNORECASE),
    "sh": re.compile(r"[0-9a-f]{6,12}", re.IGNORECASE),
    "feature": re.compile(r"share|youtu\.be|emb_\w+", re.IGNORECASE),
    "source": re.compile(r"rss.*|feeds?|twitter|facebook|linkedin|newsletter|email",
                         re.IGNORECASE | re.S),
    "partner": re.compile(r"rss|feeds?", re.IGNORECASE),
    "rss": re.compile(r"1|true|yes", re.IGNORECASE),
    "fromrss": re.compile(r"1|true|yes|y", re.IGNORECASE),
}
# A session id in the path: "/story;jsessionid=0A1B2C"
_SESSION = re.compile(r";(?:jsessionid|sid|phpsessid)=[^/]*$", re.IGNORECASE)
# Parameters that only ask for the AMP rendering when they carry the value "amp":
# "?output=amp", "?format=amp" (elsewhere they can select real content).
_AMP_VALUED = frozenset({"output", "format", "view"})
# Google's AMP cache serves a page as https://<host-with-dashes>.cdn.ampproject.org/c/s/<host>/<path>
_AMP_CACHE = re.compile(r"^/[a-z]/(?:s/)?([^/]+\.[^/]+)(/.*)?$", re.IGNORECASE)
COHESION_RELAX = 0.8  # joining a story: thresholds against its primary, times this factor
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)
_MOBILE_PREFIXES = ("amp.", "m.", "mobile.")
# Google News links an item as /rss/articles/<id>?oc=5 in its feeds and /articles/<id>?hl=..
# &gl=..&ceid=.. on its pages (/__i/rss/rd/articles/<id> in older feeds): one page.
_GOOGLE_NEWS = re.compile(r"^/(?:__i/rss/rd/|rss/)?articles/([^/]+)/?$")


@dataclass(frozen=True)
class DedupeSettings:
    """Knobs of the dedupe stage; the defaults are the tuned values (docs/dedupe.md)."""

    window_hours: int = 72
    threshold: float = 0.5  # body: estimated Jaccard of word shingles
    containment: float = 0.8  # body: share of the shorter body found in the longer one
    lead_threshold: float = 0.5  # trimmed/extended copies must also share their lead
    headline_threshold: float = 0.7  # headline: token-set Jaccard of content words
    short_coverage: float = 0.6  # short item: share of its headline words in the other's lead
    short_novel: float = 0.34  # ... and share of the words it adds to the other's headline
    shingle: int = 3
    num_perm: int = 128
    bands: int = 32
    lead_words: int = 60
    min_body_words: int = 25  # bodies this long are compared by MinHash
    short_words: int = 15  # below this an item is headline-only: the short-item rule applies
    tracking_params: tuple[str, ...] = ()
    max_neighbours: int = 24  # per LSH bucket, compare each item with this many neighbours
    quote_words: int = 12  # a quotation this long (words, verbatim) shared by two texts ...
    quote_hours: int = 24  # ... within this many hours ties them (with a name and a figure)
    # a shorter quotation ties them only with stronger figures (``_quoted_story``)
    short_quote_words: int = 7


DEFAULTS = DedupeSettings()


# ---------------------------------------------------------------- URLs


def canonical_url(url: str | None, extra_params: Iterable[str] = ()) -> str | None:
    """Normalise a URL so that the copies of one page compare equal.

    Lower-case scheme and host, no default port, no fragment, no tracking parameters
    (utm_* and the list above, plus ``extra_params``), AMP and mobile variants folded
    (``amp.``/``m.``/``mobile.`` hosts, ``/amp`` path suffix, ``?amp=1``,
    ``?outputType=amp``), no trailing slash except for the root.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    path = parts.path or "/"
    if host.endswith(".cdn.ampproject.org"):
        cached = _AMP_CACHE.match(path)
        if cached:  # the cached copy of a publisher's page is that page
            is_https = "/s/" in path[:4]
            return canonical_url(
                f"{'https' if is_https else 'http'}://{cached[1]}{cached[2] or '/'}"
                + (f"?{parts.query}" if parts.query else ""),
                extra_params,
            )
    if host == "news.google.com":
        wrapped = _GOOGLE_NEWS.match(path)
        if wrapped:  # one article id, whatever the feed's edition and language parameters
            return f"https://news.google.com/articles/{wrapped[1]}"
    for prefix in _MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    try:
        port = parts.port
    except ValueError:
        port = None
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    drop = TRACKING_PARAMS | {p.lower() for p in extra_params}
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_")
        and key.lower() not in drop
        and not (key.lower() in _AMP_VALUED and value.lower() == "amp")
        and not (key.lower() in _TRACKING_VALUES and _TRACKING_VALUES[key.lower()].fullmatch(value))
    ]
    if ";" in path:
        path = _SESSION.sub("", path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    for suffix in ("/amp", "/amp.html", ".amp"):
        if path.lower().endswith(suffix) and len(path) > len(suffix) + 1:
            path = path[: -len(suffix)]
            break
    # "/amp/section/story": the AMP copy under a path prefix (needs a page after it)
    if path.lower().startswith("/amp/") and path.count("/") >= 3:
        path = path[4:]
    # "/story/index.html" is the directory's page: the same as "/story"
    for index in ("/index.html", "/index.htm"):
        if path.lower().endswith(index):
            path = path[: -len(index)] or "/"
            break
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


# A plain http(s) URL: printable ASCII, a host without brackets (IPv6, checked by
# urlsplit) or backslash; its host, path and query as urlsplit reads them.
_PLAIN_URL = re.compile(
    r"https?://([!-\"$-.0->@-Z^-~]+)((?:/[!-\"$->@-~]*)?)(?:\?([!-\"$-~]*))?(?:#[!-~]*)?"
)


def url_key(url: str | None) -> str | None:
    """What two URLs must share to be the same page: the canonical URL minus ``www.``
    and with http and https treated alike."""
    if not url:
        return None
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None and plain[1] != "www.":  # the common case, as below
        host, path, query = plain.groups()
        key = "https://" + host.removeprefix("www.") + path
        return key + "?" + query if query else key
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[x": compared as it is
        return url
    if parts.scheme not in ("http", "https"):
        return url
    host = parts.netloc.removeprefix("www.")
    return urlunsplit(("https", host, parts.path, parts.query, ""))


def is_site_root(url: str | None) -> bool:
    """A site's home page ("https://news.example/", no path, no query): no article's own
    address. Some feeds link every item to it, and some pages name it as their canonical
    link, so it says nothing about which story an article reports."""
    key = url_key(url)
    if not key or not key.startswith("https://"):
        return False
    rest = key[len("https://") :]
    return "/" not in rest.rstrip("/") and "?" not in rest


_PROBE = "http://probe.invalid/"


@lru_cache(maxsize=8192)
def _is_tracking(pair: str, extra: tuple[str, ...]) -> bool:
    """Whether canonical_url drops the query parameter ``pair`` ("name=value", as written)."""
    return "?" not in (canonical_url(f"{_PROBE}?{pair}", extra) or "")


def clean_link(url: str | None, extra_params: Iterable[str] = ()) -> str | None:
    """``url`` without the query parameters ``canonical_url`` counts as tracking (utm_*,
    fbclid, gclid, mc_cid, ...; ``extra_params``: ``[dedupe] tracking_params``), the rest of
    it as written: host, path, the other parameters in their order, the fragment. One list
    for the project: the clean stage cleans the links in bodies with it, the renderer the
    links it prints (digest/render/links.py)."""
    if not url or "?" not in url:
        return url
    rest, hash_mark, fragment = url.partition("#")
    head, _mark, query = rest.partition("?")
    if not head.lower().startswith(("http://", "https://")):
        return url
    extra = tuple(extra_params)
    kept = [pair for pair in query.split("&") if pair and not _is_tracking(pair, extra)]
    if len(kept) == len([pair for pair in query.split("&") if pair]):
        return url
    return head + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment


class _CanonicalFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found or tag not in ("link", "meta"):
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.found = values.get("href") or None
        elif tag == "meta" and values.get("property", "").lower() == "og:url":
            self.found = values.get("content") or None


def canonical_from_html(html: str, base_url: str | None = None) -> str | None:
    """The page's own ``<link rel="canonical">`` (or ``og:url``), normalised; None if absent."""
    finder = _CanonicalFinder()
    try:
        finder.feed(html[:200_000])
    except Exception:  # noqa: BLE001 - broken markup: no canonical link
        return None
    if not finder.found:
        return None
    try:
        return canonical_url(urljoin(base_url or "", finder.found.strip()))
    except ValueError:  # a malformed link or base ("http://[x"): no canonical link
        return None


def canonical_from_entry(entry: Mapping[str, Any]) -> str | None:
    """A feed entry's own canonical/origin link (feedparser dict), normalised; None if absent.

    Looks at ``feedburner_origlink``, ``links`` with ``rel="canonical"``, and ``origlink``.
    """
    for key in ("feedburner_origlink", "origlink"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return canonical_url(value)
    for link in entry.get("links", []) or []:
        if isinstance(link, Mapping) and str(link.get("rel", "")).lower() == "canonical":
            href = link.get("href")
            if isinstance(href, str) and href.strip():
                return canonical_url(href)
    return None


def with_canonical(
    article: Article, extra_params: Iterable[str] = (), keyed: bool = False
) -> Article:
    """Set ``canonical_url``. A canonical link given by ingest wins (normalised too).

    ``keyed``: set ``text_key`` too (model.make_text_key), in the same copy.
    """
    given = canonical_url(article.canonical_url, extra_params) if article.canonical_url else None
    own = canonical_url(article.url, extra_params)
    if given and own and is_site_root(given) and not is_site_root(own):
        given = None  # a page naming its site's home page as canonical: a template's mistake
    url = given or own
    if keyed:
        return replace(article, canonical_url=url, text_key=make_text_key(article))
    return replace(article, canonical_url=url)


# ---------------------------------------------------------------- text features


def headline_key(title: str) -> str:
    """Case, accents, punctuation and spacing removed."""
    return " ".join(_words(title))


# Wire-desk and newsroom kickers in front of a headline: "UPDATE 2-", "EXCLUSIVE:",
# "Breaking:", "WATCH:", "REFILE-". They label the copy, not the news, and would otherwise
# count as headline words (and "2" as a headline figure, "update" as a column word). With a
# colon (or a spaced dash or bar) any case; glued to a hyphen only in capitals, the wire
# style, so "Video-game maker ..." keeps its first word.
_KICKER_WORDS = (
    r"update(?:d)?(?:\s*\d{1,2})?|refile|repeat|corrected|correction|exclusive|breaking"
    r"(?:\s+news)?|just\s+in|watch|video|listen|audio|podcast|developing|urgent|alert|flash"
)
_KICKER = re.compile(rf"^\s*(?:{_KICKER_WORDS})\s*(?::|\s[-–—|]\s)\s*", re.IGNORECASE)
_WIRE_KICKER = re.compile(rf"^\s*(?:{_KICKER_WORDS})\s*[-–—]\s*(?=\S)", re.IGNORECASE)
# A trailing tag in brackets that names the format or the wire, not the news:
# "(Reuters)", "[Video]", "(Updated)", "(corrected)".
_TAIL_WORDS = (
    r"reuters|ap|afp|dpa|bloomberg|xinhua|video|videos|photos|audio|podcast"
    r"|watch|update|updated|corrected|correction|exclusive|breaking|sponsored|opinion"
    r"|press\s+release"
)
_TAIL_TAG = re.compile(rf"\s*[(\[](?:{_TAIL_WORDS})[)\]]\s*$", re.IGNORECASE)
# The same for Chinese, Japanese and Korean outlets, which put the kicker in brackets
# ("【快讯】", "［速報］", "[속보]", "「速报」", and English "[BREAKING]", "【UPDATE】") or
# before a bar or colon ("快讯｜", "独家丨", "突发："), and the format or update tag at the
# end ("(종합2보)", "【動画】", "（视频）"). Only known words, in any of those brackets:
# "「我们不会退出」" (a quotation) and "[Bitcoin]" stay. One exception, the lenticular
# brackets 【】: Chinese outlets put a short section or topic label there ("【财经】",
# "【观察】", "【比特币】") that differs between copies of one story, so any lead of one to
# four CJK characters in 【】 goes. The cost: a headline whose only subject is that label
# ("【比特币】价格创新高") loses it; a full article is still told apart by its text, a
# headline-only item with another label in the same hours may join a story.
_CJK_KICKER_WORDS = (
    r"快讯|快訊|快报|快報|独家|獨家|重磅|突发|突發|速报|速報|最新|更新|视频|視頻|直播"
    r"|独自|続報|詳報|動画|号外"
    r"|속보|단독|영상|종합(?:\s*\d{1,2}\s*보)?|\d{1,2}\s*보"
)
_CJK_TAIL_WORDS = (
    r"视频|視頻|图|圖|组图|組圖|图文|圖文|更新|直播|動画|写真|速報|続報"
    r"|영상|사진|포토|종합(?:\s*\d{1,2}\s*보)?|\d{1,2}\s*보"
)
# Han, kana and Hangul: what a 【】 label may be made of
_CJK_LABEL = (
    "\u3005-\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3"
)
_CJK_KICKER = re.compile(
    rf"^\s*(?:[\[［【「〖〔]\s*(?:{_CJK_KICKER_WORDS}|{_KICKER_WORDS})\s*[\]］】」〗〕]"
    rf"|【[{_CJK_LABEL}]{{1,4}}】"
    rf"|(?:{_CJK_KICKER_WORDS})\s*[｜丨|:：])\s*",
    re.IGNORECASE,
)
_CJK_TAIL_TAG = re.compile(
    rf"\s*[(\[（［【〔]\s*(?:{_CJK_TAIL_WORDS}|{_TAIL_WORDS})\s*[)\]）］】〕]\s*$",
    re.IGNORECASE,
)
# A character from U+2E80 on: CJK punctuation and scripts, Hangul, full-width forms
_CJK_RANGE = re.compile("[\u2e80-\U0010ffff]")


def _maybe_cjk(title: str) -> bool:
    """Whether the CJK kicker patterns can match: a "[" or a character from U+2E80 on.
    Plain English headlines (most of a batch) skip them at the cost of two string scans."""
    return "[" in title or (not title.isascii() and _CJK_RANGE.search(title) is not None)


# "｜" (the full-width bar) needs no spaces: Chinese and Japanese headlines have none
_SUFFIX_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", "｜")
_FORMAT_TAILS = frozenset({"video", "videos", "watch", "podcast", "photos", "audio", "opinion"})


def headline_cores(articles: Sequence[Article]) -> list[str]:
    """Each headline without the decorations copies of one story differ by.

    Kickers in front ("UPDATE 2-", "EXCLUSIVE:", "【快讯】", "独家丨", "[속보]", "[BREAKING]",
    a short 【】 label), format or wire tags at the end ("(Reuters)", "[Video]", "(종합2보)",
    "【動画】") and a trailing " | Name" / " - Name" when Name is the name of a
    source in this batch or ends at least three headlines of two sources or more (a
    syndicated copy keeps the originating outlet's name: "... - The Ledger" on an
    aggregator). Other endings stay: "... - Again" is news. One pass, no pairwise work.
    """
    names = {_name_key(a.source_name) for a in articles if a.source_name} | _FORMAT_TAILS
    for article in articles:
        names.update(_name_key(n) for n in article.site_names)
    names.discard("")
    cjk = [_maybe_cjk(a.title) for a in articles]  # once: what is stripped is a part of it
    stripped = [_strip_kickers(a.title, c) for a, c in zip(articles, cjk, strict=True)]
    ends: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    for article, title in zip(articles, stripped, strict=True):
        parts = _split_tail(title)
        if parts is not None:
            key = _name_key(parts[1])
            counts[key] += 1
            ends.setdefault(key, set()).add(article.source_name)
    names.update(k for k, c in counts.items() if c >= 3 and len(ends[k]) >= 2)
    cores = []
    for title, c in zip(stripped, cjk, strict=True):
        for _ in range(3):  # "... - Markets - The Ledger": at most a few layers
            parts = _split_tail(title)
            if parts is None or _name_key(parts[1]) not in names:
                break
            title = parts[0]
        cores.append(_strip_tail(title, c))
    return cores


def _strip_kickers(title: str, cjk: bool) -> str:
    """``cjk``: ``_maybe_cjk(title)``, else only the English kickers are tried."""
    for _ in range(3):  # "UPDATE 1-EXCLUSIVE-...", "【快讯】【独家】..."
        shorter = _KICKER.sub("", title, count=1)
        wire = _WIRE_KICKER.match(shorter)
        if wire and not any(ch.islower() for ch in wire[0]):
            shorter = shorter[wire.end() :]
        if cjk:
            shorter = _CJK_KICKER.sub("", shorter, count=1)
        if shorter == title or not shorter.strip():
            break
        title = shorter
    return _strip_tail(title, cjk)


def _strip_tail(title: str, cjk: bool) -> str:
    """Without a format or wire tag at the end ("(Reuters)", "(종합2보)", "【動画】")."""
    if not cjk:
        return _TAIL_TAG.sub("", title) or title
    for _ in range(2):  # "... (종합2보) [영상]"
        shorter = _CJK_TAIL_TAG.sub("", title)
        if shorter == title or not shorter.strip():
            break
        title = shorter
    return title


def _split_tail(title: str) -> tuple[str, str] | None:
    """"Headline | Name" -> (headline, name) when Name is short (at most five words)."""
    best = max(title.rfind(sep) for sep in _SUFFIX_SEPARATORS)
    if best <= 0:
        return None
    sep = next(sep for sep in _SUFFIX_SEPARATORS if title.startswith(sep, best))
    head, tail = title[:best].strip(), title[best + len(sep) :].strip()
    if not head or not tail or len(tail.split()) > 5:
        return None
    return head, tail


def _name_key(name: str) -> str:
    return "".join(_WORD.findall(name.casefold())).replace("_", "")


def _words(text: str) -> list[str]:
    """The text's words: case folded, accents removed, split on non-word characters.

    Chinese, Japanese and Thai are written without spaces between words: each run of
    ideographs, kana or Thai letters is cut into overlapping two-character units ("比特币"
    -> "比特", "特币"; a single character stays as it is), the usual way to search and
    compare these scripts without a dictionary. Latin, digits and every other script
    (Korean puts spaces between words) stay whole words: "比特币etf获批" -> "比特", "特币",
    "etf", "获批".
    """
    text = text.casefold()
    if text.isascii():  # the words _WORD finds, four times as fast
        return text.translate(_ASCII_NON_WORD).split()
    text = unicodedata.normalize("NFKD", text)
    # without combining marks (accents); filterfalse calls the C function directly
    text = "".join(filterfalse(unicodedata.combining, text))
    if _UNSPACED_CHAR.search(text) is None:
        return _WORD.findall(text)
    words: list[str] = []
    for run, other in _UNSPACED_TOKEN.findall(text):
        if other:
            words.append(other)
        else:
            words.extend(unspaced_units(run))
    return words


_WORD = re.compile(r"\w+")
_UNSPACED = UNSPACED_SCRIPTS  # scripts written without spaces (digest/util.py)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# A run of those (group 1), or a run of the other word characters (group 2)
_UNSPACED_TOKEN = re.compile(f"([{_UNSPACED}]+)|([^\\W{_UNSPACED}]+)")
# Every ASCII character \w does not match, as a space: an ASCII text's words are then its
# whitespace-separated runs.
_ASCII_NON_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not re.fullmatch(r"\w", chr(c))}
)
_STOP = frozenset(
    "a an the and or but of to in on at for by with from as is are was were be been it its "
    "this that these those after before over into up out new says said amid than more as "
    "about against vs via how why what who will can could would has have had not no".split()
)
_TEMPLATE_WORDS = frozenset(
    "today daily weekly tonight live recap roundup wrap briefing morning evening "
    "week weekend update price prices".split()
)
_FOLLOW_UP = frozenset("another again second further additional fresh extra".split()) | {
    # the same in Chinese and Japanese, as _words cuts them ("再び" -> "再ひ")
    token
    for phrase in ("再次", "再度", "再遭", "又一", "第二", "再び", "追加")
    for token in _words(phrase)
}
_UNITS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
    "x": 1.0,
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
}
# A figure stands between non-word characters, or next to Chinese, Japanese or Thai text
# (written without spaces: "损失约1200万美元", "約3時間"); 万 and 亿/億 are units. Not
# figures: a number glued to a name by a hyphen after a letter (a model, a standard, a
# region: "Lumen-4", "VX-900", "ERC-20", "nf-east-2", "COVID-19"; "4-GPU" keeps its count),
# and a clock time ("13:05", "4:02:30", "4 PM", "8 a.m."; a ratio "3:1" stays).
_NUMBER = re.compile(
    rf"(?=\d)(?<!\.)(?<![^\W{_UNSPACED}])(?<![^\W\d_]-)(?!(?<=\d:)\d\d(?!\d))"
    rf"(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?!:\d\d(?!\d))(?!\s*[ap]\.?m\b)\s*"
    rf"(k|thousand|mn|mln|million|m|bn|billion|b|tn|trillion|t|x|万|萬|亿|億)?"
    rf"(?![^\W{_UNSPACED}])",
    re.IGNORECASE,
)
# The day and the year of a date written with the month's name ("on March 10, 2026",
# "10 March 2026", "Mar. 10"): read only around a number that could be one (a day of 1-31,
# a year of 1900-2100), in the few characters next to it.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# written with a capital, as a name: "may 10" is no date
_MONTH_BEFORE = re.compile(rf"\b(?=[A-Z])(?i:{_MONTH})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?$")
_MONTH_AFTER = re.compile(rf"\s+(?=[A-Z])(?i:{_MONTH})\b")
_DATE_REACH = 24  # characters before a number searched for "<month> <day>, "


def _in_date(text: str, start: int, end: int, value: float) -> bool:
    """The number at ``text[start:end]`` is a date's day or year, next to a month's name:
    "March 10, 2026" or "10 March 2026" (a day before its month, a year after it)."""
    if _MONTH_BEFORE.search(text, max(start - _DATE_REACH, 0), start):
        return True
    return value <= 31 and _MONTH_AFTER.match(text, end) is not None


def numbers(text: str) -> tuple[tuple[float, int], ...]:
    """Amounts in ``text`` as (value, significant digits): "$1.2bn", "1.2 billion" and
    "1,200,000,000" all give 1.2e9. Plain numbers ("3", "3.25", "62,460") are exact:
    their precision is given as 0, which means "compare exactly". Names, clock times and
    dates are not amounts (``_NUMBER``, ``_in_date``): read as figures, "Lumen-4", "13:05"
    or "March 10, 2026" made headline figures that vetoed a rewrite of the same event."""
    found = set()
    for match in _NUMBER.finditer(text):
        digits, unit = match.groups()
        plain = digits.replace(",", "")
        scale = _UNITS.get(unit.lower(), 1.0) if unit else 1.0
        value = float(plain) * scale
        if (
            scale == 1.0
            and (1 <= value <= 31 or 1900 <= value <= 2100)
            and plain.isdigit()
            and _in_date(text, match.start(), match.end(1), value)
        ):
            continue  # a date's day or year
        significant = len(plain.replace(".", "").strip("0")) if scale > 1 else 0
        found.add((value, significant))
    return tuple(sorted(found))


def _same_amount(x: tuple[float, int], y: tuple[float, int]) -> bool:
    """Equal once both are rounded to the precision of the less precise: "$38.2 million"
    and "$38M" agree; "$62,460" and "$63,190" do not."""
    if x[1] == 0 and y[1] == 0:
        return math.isclose(x[0], y[0], rel_tol=1e-9)
    digits = max(min(x[1] or 99, y[1] or 99), 1)
    return _round_sig(x[0], digits) == _round_sig(y[0], digits)


def _round_sig(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _number_overlap(a: Sequence[tuple[float, int]], b: Sequence[tuple[float, int]]) -> int:
    """How many of ``a`` have the same amount in ``b``."""
    return sum(1 for x in a if any(_same_amount(x, y) for y in b))


def headline_figures_agree(x: tuple[float, int], y: tuple[float, int]) -> bool:
    """The same amount (``_same_amount``), or a plain figure written one decimal coarser
    than the other and within rounding of it: a headline says "Difficulty Jumps 6%" of the
    6.2% its text (or another outlet's headline) gives, "12.5%" of 12.46%. With a unit the
    coarser precision already rules ("$41M" is "$41.3 million"). Plain figures further
    apart stay apart ("6%" / "8%", "6%" / "6.7%"), and so does a figure two decimals finer:
    a rate of 3.25% is no headline's "3%"; plain integers ("935,000" / "935,424") compare
    exactly, as before. Only the headline vetoes read this: a text states its figures, so
    bodies keep comparing them exactly (a column's "rose 3%" and next day's "rose 3.4%")."""
    if _same_amount(x, y):
        return True
    if x[1] or y[1]:
        return False
    dx, dy = _decimals(x[0]), _decimals(y[0])
    if abs(dx - dy) != 1:
        return False
    step = 10.0 ** -min(dx, dy)  # the coarser figure's last digit
    return abs(x[0] - y[0]) <= step / 2 * (1 + 1e-9)


def _decimals(value: float) -> int:
    """Digits after the point of a plain figure as written (trailing zeros aside): its
    shortest repr is the written form, "6.2" -> 1, "6" -> 0."""
    written = repr(value)
    if "e" in written or "n" in written:  # huge, tiny, inf or nan: no rounding
        return 0
    fraction = written.partition(".")[2]
    return 0 if fraction in ("", "0") else len(fraction)


def _headline_overlap(a: Sequence[tuple[float, int]], b: Sequence[tuple[float, int]]) -> int:
    """How many of the headline figures ``a`` agree with one of ``b`` (``headline_figures_agree``:
    a headline may round)."""
    return sum(1 for x in a if any(headline_figures_agree(x, y) for y in b))


@dataclass
class _Features:
    """Per-article features, index-aligned with the sorted article list."""

    times: np.ndarray  # seconds since epoch, float64; NaN when undated
    days: list[int | None]
    heads: list[frozenset[str]]
    head_numbers: list[tuple[tuple[float, int], ...]]
    templates: list[bool]
    body_words: np.ndarray  # int
    shingles: np.ndarray  # int: number of shingles (approximate set size)
    sig: np.ndarray  # (n, perm) uint32, full body
    lead: np.ndarray  # (n, perm) uint32, first lead_words words
    prints: list[int]  # a 64-bit hash of the text with its whitespace collapsed
    articles: list[Article]  # texts are rebuilt on demand: keeping 100k joined bodies costs
    body_numbers: dict[int, tuple[tuple[float, int], ...]] = field(default_factory=dict)
    stems: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    # headlines in Chinese, Japanese or Thai: their two-character units with the units on
    # either side (``_junctions``)
    junctions: dict[int, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    # texts quoting someone: the hashes of their quotations' word runs of
    # ``short_quote_words`` (the search and the first test) and of ``quote_words``
    # (``_quote_shingles``); the rest have no entry
    quotes: dict[int, frozenset[int]] = field(default_factory=dict)
    long_quotes: dict[int, frozenset[int]] = field(default_factory=dict)
    # read for pairs sharing a quotation only: the names and the figures outside quotes
    names: dict[int, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    unquoted_numbers: dict[int, tuple[tuple[float, int], ...]] = field(default_factory=dict)
    # read for pairs under agreeing headline figures only (``_figured_story``)
    percents: dict[int, frozenset[float]] = field(default_factory=dict)
    # the kept keys of each text's telling figures (``figure_keys``): how many (-1: more than
    # were kept) and the keys; None: read from the texts
    figure_counts: list[int] | None = None
    figure_table: np.ndarray | None = None

    def stems_of(self, i: int, limit: int) -> frozenset[str]:
        """Headline words and the first ``limit`` body words, cut to five letters (a crude
        stemmer: "leveraged" and "leverage" agree)."""
        key = (i, limit)
        if key not in self.stems:
            words = _words(self.text(i))[:limit]
            self.stems[key] = frozenset(w[:5] for w in words) | {w[:5] for w in self.heads[i]}
        return self.stems[key]

    def text(self, i: int) -> str:
        article = self.articles[i]
        return article.text or article.summary

    def numbers_of(self, i: int) -> tuple[tuple[float, int], ...]:
        if i not in self.body_numbers:
            self.body_numbers[i] = numbers(self.text(i))
        return self.body_numbers[i]

    def figure_keys_of(self, i: int) -> list[float]:
        """``figure_keys`` of the text's figures: kept with its features, or read now."""
        if self.figure_counts is not None and self.figure_table is not None:
            count = self.figure_counts[i]
            if count >= 0:
                return self.figure_table[i, :count].tolist()
        return figure_keys(self.numbers_of(i))

    def names_of(self, i: int) -> tuple[frozenset[str], frozenset[str]]:
        """(every word of the text, the words written as names in it: ``_names``)."""
        if i not in self.names:
            text = self.text(i)
            self.names[i] = (frozenset(_words(text)), _names(text))
        return self.names[i]

    def percents_of(self, i: int) -> frozenset[float]:
        """The percentages the text states ("10%", "10 percent")."""
        if i not in self.percents:
            text = self.text(i)
            self.percents[i] = (
                frozenset(map(float, _PERCENT.findall(text)))
                if "%" in text or "per" in text
                else frozenset()
            )
        return self.percents[i]

    def unquoted_numbers_of(self, i: int) -> tuple[tuple[float, int], ...]:
        """The text's figures outside quotation marks."""
        if i not in self.unquoted_numbers:
            self.unquoted_numbers[i] = numbers(_QUOTED.sub(" ", self.text(i)))
        return self.unquoted_numbers[i]


_MULTS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0x27D4EB2F165667C5,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
    ],
    dtype=np.uint64,
)
_CHUNK = 2048  # documents per batch: bounds the temporary arrays (and rensa's Python ints)


def _minhash(
    word_ids: list[np.ndarray],
    k: int,
    limit: int | None,
    settings: DedupeSettings,
    tags: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures over k-word shingles: (matrix n x perm uint32, shingle counts).

    A shingle is hashed as sum(word_hash[p + o] * odd_constant[o]) mod 2**64, vectorised over
    a batch of documents; shingles that would cross a document boundary are dropped. A
    document shorter than k words gets one sentinel token made from its ``tags`` entry (a
    hash of its words), so it is similar only to a document with the same words.
    """
    import rensa

    n = len(word_ids)
    sig = np.empty((n, settings.num_perm), dtype=np.uint32)
    counts = np.zeros(n, dtype=np.int64)
    mults = _MULTS[:k]
    for first in range(0, n, _CHUNK):
        seqs = [ids[:limit] if limit else ids for ids in word_ids[first : first + _CHUNK]]
        lengths = np.fromiter((len(x) for x in seqs), dtype=np.int64, count=len(seqs))
        chunk_counts = np.maximum(lengths - (k - 1), 0)
        counts[first : first + len(seqs)] = chunk_counts
        flat = np.concatenate(seqs).astype(np.uint64) if lengths.sum() else np.zeros(0, np.uint64)
        hashes = np.zeros(max(len(flat) - k + 1, 0), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for offset in range(k):
                hashes += flat[offset : offset + len(hashes)] * mults[offset]
        # position p is a valid shingle start when p - start(doc) < count(doc)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        doc_of = np.repeat(np.arange(len(seqs)), lengths)[: len(hashes)]
        position = np.arange(len(hashes)) - starts[doc_of]
        kept = hashes[position < chunk_counts[doc_of]]
        empty = np.flatnonzero(chunk_counts == 0)
        sizes = chunk_counts.copy()
        if len(empty):
            # splice one sentinel per empty document, keeping document order
            sentinels = tags[first + empty]
            insert_at = np.concatenate(([0], np.cumsum(chunk_counts)))[empty]
            kept = np.insert(kept, insert_at, sentinels)
            sizes[empty] = 1
        offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.uint64)
        matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
            kept, offsets, settings.num_perm, 42
        )
        sig[first : first + len(seqs)] = np.array(matrix.to_rows(), dtype=np.uint32)
    return sig, counts


class _WordHashes(dict[str, int]):
    """word -> a 64-bit hash of it, the same in every process and build (unlike ids numbered
    in order of appearance), so an article's signatures do not depend on the rest of the
    corpus and can be kept between builds (``FeatureCache``)."""

    def __missing__(self, word: str) -> int:
        value = int.from_bytes(
            hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
            "little",
        )
        self[word] = value
        return value


# Telling figures of a text kept with its features (``figure_keys``); a text with more has
# its figures read again when the figure search needs them.
_FIGURE_SLOTS = 16


def feature_dtype(settings: DedupeSettings) -> np.dtype:
    """One article's text features, packed: word count, shingle count, a hash of the text
    with its whitespace collapsed (exact copies), body and lead signatures, and the keys of
    its telling figures (``figure_keys``: how many, -1 for more than the slots hold)."""
    return np.dtype([
        ("words", "<i8"),
        ("shingles", "<i8"),
        ("print", "<u8"),
        ("sig", "<u4", (settings.num_perm,)),
        ("lead", "<u4", (settings.num_perm,)),
        ("figures", "<i8"),
        ("figure_keys", "<f8", (_FIGURE_SLOTS,)),
    ])


def figure_keys(found: Iterable[tuple[float, int]]) -> list[float]:
    """The keys the figure search (``_figure_pairs``) indexes a text under: its telling
    figures (``_telling``) rounded to two significant digits, once each, in order."""
    return sorted({_round_sig(x[0], 2) for x in found if _telling(x)})


def text_features(texts: Sequence[str], settings: DedupeSettings = DEFAULTS) -> list[bytes]:
    """Each text's features, packed (``feature_dtype``): what the near-duplicate search
    needs of an article's body. Depends on the text and the settings only."""
    hashes = _WordHashes()
    word_ids = [
        np.fromiter(map(hashes.__getitem__, _words(text)), dtype=np.uint64) for text in texts
    ]
    tags = np.fromiter(
        (0xFFFFFFFF00000000 | (int(ids.sum(dtype=np.uint64)) & 0xFFFFFFFF) for ids in word_ids),
        dtype=np.uint64,
        count=len(texts),
    )
    sig, shingles = _minhash(word_ids, settings.shingle, None, settings, tags)
    lead, _ = _minhash(word_ids, settings.shingle, settings.lead_words, settings, tags)
    packed = np.empty(len(texts), dtype=feature_dtype(settings))
    packed["words"] = [len(ids) for ids in word_ids]
    packed["shingles"] = shingles
    packed["print"] = [
        int.from_bytes(hashlib.blake2b(" ".join(text.split()).encode("utf-8", "surrogatepass"),
                                       digest_size=8).digest(), "little")
        for text in texts
    ]
    packed["sig"] = sig
    packed["lead"] = lead
    # Kept, so a rebuild's figure search does not read every text's figures again (a scan of
    # the whole text: about a fifth of the search at 10,000 articles)
    packed["figure_keys"] = math.nan
    for row, text in enumerate(texts):
        keys = figure_keys(numbers(text))
        if len(keys) > _FIGURE_SLOTS:
            packed["figures"][row] = -1
        else:
            packed["figures"][row] = len(keys)
            packed["figure_keys"][row, : len(keys)] = keys
    return [row.tobytes() for row in packed]


class FeatureCache(Protocol):
    """Packed text features (``text_features``) by key, kept between builds."""

    def fetch(self, keys: Collection[str]) -> Mapping[str, bytes]:
        """The entries found of ``keys``."""
        ...

    def keep(self, fresh: Mapping[str, bytes], used: Collection[str]) -> None:
        """Add ``fresh``; every entry not in ``used`` may be dropped."""
        ...

    def groups(self, key: str) -> list[list[int]] | None:
        """The groups kept under ``key`` (only the last ones need be kept), else None."""
        ...

    def keep_groups(self, key: str, groups: list[list[int]]) -> None:
        """Keep ``groups`` (article indexes in primary order) under ``key``."""
        ...


_FEATURE_CHUNK = 1024  # texts per share of the workers (and per batch of _minhash)


@lru_cache(maxsize=8)
def _feature_seed(settings: DedupeSettings) -> bytes:
    """What kept features depend on besides the text: this code, the settings that shape
    them, and the rensa and numpy versions (a rensa release may hash differently, and
    signatures of two versions must never be compared)."""
    from digest.util import code_digest, installed_version

    return code_digest([Path(__file__)], repr((
        settings.shingle, settings.num_perm, settings.lead_words,
        installed_version("rensa"), np.__version__,
    )).encode())


def _features(
    ordered: list[Article],
    settings: DedupeSettings,
    cache: FeatureCache | None = None,
    jobs: int | None = 1,
    keys: list[str] | None = None,
) -> _Features:
    """``keys``: ``_text_keys(ordered)``, when the caller has them."""
    n = len(ordered)
    found: Mapping[str, bytes] = {}
    if cache is not None:
        keys = keys or _text_keys(ordered, settings)
        found = cache.fetch(set(keys))
    else:
        keys = []
    missing = [i for i in range(n) if not keys or keys[i] not in found]
    made = dict(zip(missing, _missing_features(ordered, missing, settings, jobs), strict=True))
    if cache is not None:
        cache.keep({keys[i]: value for i, value in made.items()}, set(keys))
    # Unpacked a block at a time into the arrays the search uses (never all joined at once).
    body_words = np.empty(n, dtype=np.int64)
    shingles = np.empty(n, dtype=np.int64)
    prints = np.empty(n, dtype=np.uint64)
    sig = np.empty((n, settings.num_perm), dtype=np.uint32)
    lead = np.empty((n, settings.num_perm), dtype=np.uint32)
    figure_counts = np.empty(n, dtype=np.int64)
    figure_table = np.empty((n, _FIGURE_SLOTS), dtype=np.float64)
    dtype = feature_dtype(settings)
    for first in range(0, n, _FEATURE_CHUNK):
        last = min(first + _FEATURE_CHUNK, n)
        block = np.frombuffer(
            b"".join(made[i] if i in made else found[keys[i]] for i in range(first, last)),
            dtype=dtype,
        )
        body_words[first:last] = block["words"]
        shingles[first:last] = block["shingles"]
        prints[first:last] = block["print"]
        sig[first:last] = block["sig"]
        lead[first:last] = block["lead"]
        figure_counts[first:last] = block["figures"]
        figure_table[first:last] = block["figure_keys"]
    del made, found
    times = np.array(
        [a.published.timestamp() if a.published else math.nan for a in ordered], dtype=float
    )
    days = [a.published.astimezone(UTC).toordinal() if a.published else None for a in ordered]
    cores = headline_cores(ordered)
    head_words = [_words(core) for core in cores]
    heads = [frozenset(w for w in ws if w not in _STOP) for ws in head_words]
    head_numbers = [numbers(core) for core in cores]
    templates = _template_flags(cores, head_words, days)
    junctions = {
        i: _junctions(words)
        for i, (core, words) in enumerate(zip(cores, head_words, strict=True))
        if _UNSPACED_CHAR.search(core)
    }
    quotes = {}
    long_quotes = {}
    for i, article in enumerate(ordered):
        text = article.text or article.summary
        short, runs = _quote_runs(text, (settings.short_quote_words, settings.quote_words))
        if short:
            quotes[i] = short
            long_quotes[i] = runs
    return _Features(
        times=times,
        days=days,
        heads=heads,
        head_numbers=head_numbers,
        junctions=junctions,
        quotes=quotes,
        long_quotes=long_quotes,
        templates=templates,
        body_words=body_words,
        shingles=shingles,
        sig=sig,
        lead=lead,
        prints=prints.tolist(),
        articles=ordered,
        figure_counts=figure_counts.tolist(),
        figure_table=figure_table,
    )


def _text(article: Article) -> str:
    return article.text or article.summary


def _text_keys(ordered: Sequence[Article], settings: DedupeSettings) -> list[str]:
    """Each article's FeatureCache key: its text with ``_feature_seed``."""
    seed = _feature_seed(settings)
    # By the article's text key (model.text_key, made when it was prepared): hashing every
    # text again took longer than the look-up it keys.
    return [hashlib.blake2b(seed + text_key(a).encode(), digest_size=16).hexdigest()
            for a in ordered]


def _groups_key(ordered: Sequence[Article], keys: Sequence[str], settings: DedupeSettings) -> str:
    """Everything the clustering reads: each article's id, headline, URLs, date, source
    (name and home page: who published it) and text (by its key), in primary order, and the
    settings (the code and library versions are in the text keys)."""
    digest = hashlib.blake2b(repr(settings).encode(), digest_size=20)
    for article, key in zip(ordered, keys, strict=True):
        published = article.published.isoformat() if article.published else ""
        hash_parts(digest, (article.id, article.title, article.url or "",
                            article.canonical_url or "", published, key,
                            article.source_name, article.source_home or "",
                            "\x1f".join(article.site_names)))
    return digest.hexdigest()


def _missing_features(
    ordered: Sequence[Article], missing: Sequence[int], settings: DedupeSettings,
    jobs: int | None,
) -> list[bytes]:
    """``text_features`` of the texts of ``ordered[i]`` for ``i`` in ``missing``, in batches
    (in worker processes when there are many), a round of batches at a time: only one
    round's texts are ever joined from their paragraphs at once."""
    from digest.parallel import ROUND_ITEMS, parallel_map

    work = partial(text_features, settings=settings)
    done: list[bytes] = []
    for start in range(0, len(missing), ROUND_ITEMS):
        texts = [_text(ordered[i]) for i in missing[start : start + ROUND_ITEMS]]
        chunks = [texts[at : at + _FEATURE_CHUNK] for at in range(0, len(texts), _FEATURE_CHUNK)]
        del texts
        for chunk in parallel_map(work, chunks, jobs, min_items=4):
            done.extend(chunk)
    return done


def _template_flags(
    titles: list[str], head_words: list[list[str]], days: list[int | None]
) -> list[bool]:
    """A headline is a template when it uses a recurring-column word ("today", "weekly",
    "price"...) or when its opening (before ":" / " - ") recurs on more than one day.
    ``titles``: the headlines without their kickers (``headline_cores``), so "EXCLUSIVE:"
    or "UPDATE 2-" seen on several days does not make every such headline a column."""
    prefixes: list[str | None] = []
    for title in titles:
        match = re.split(r"\s*(?::|\s[-–—|]\s)\s*", title, maxsplit=1)
        prefix = headline_key(match[0]) if len(match) == 2 else None
        prefixes.append(prefix if prefix and len(prefix.split()) <= 6 else None)
    prefix_days: dict[str, set[int]] = {}
    for prefix, day in zip(prefixes, days, strict=True):
        if prefix and day is not None:
            prefix_days.setdefault(prefix, set()).add(day)
    flags = []
    for words, prefix in zip(head_words, prefixes, strict=True):
        recurring = bool(prefix) and len(prefix_days.get(prefix or "", ())) > 1
        flags.append(recurring or any(w in _TEMPLATE_WORDS for w in words))
    return flags


# ---------------------------------------------------------------- pair verdicts


def _within(f: _Features, i: int, j: int, window: float) -> bool:
    a, b = f.times[i], f.times[j]
    if math.isnan(a) or math.isnan(b):
        return True
    return abs(a - b) <= window


def _jaccard(sig: np.ndarray, i: int, j: int) -> float:
    return float(np.count_nonzero(sig[i] == sig[j])) / sig.shape[1]


def _verdict(
    f: _Features,
    i: int,
    j: int,
    settings: DedupeSettings,
    rare: Mapping[str, int],
    relax: float = 1.0,
) -> float | None:
    """A score in (0, 1] when articles i and j report the same story, else None.

    ``relax`` < 1 loosens the similarity thresholds (used for the cohesion check against a
    story's primary); the vetoes always apply.
    """
    if not _within(f, i, j, settings.window_hours * 3600.0):
        return None
    hn_i, hn_j = f.head_numbers[i], f.head_numbers[j]
    long_i = f.body_words[i] >= settings.min_body_words
    long_j = f.body_words[j] >= settings.min_body_words
    body_j = _jaccard(f.sig, i, j) if long_i and long_j else 0.0
    if hn_i and hn_j and not _headline_overlap(hn_i, hn_j) and not (
        body_j >= _SAME_TEXT and _same_figures(f, i, j)
    ):
        # "raises $10M" vs "raises $20M": a different event. Unless the texts are one text
        # with the same figures: a headline translated or rewritten by the republisher
        # ("41 millones" is a plain 41 to the parser).
        return None
    contained = 0.0
    if body_j > 0:
        s_i, s_j = float(f.shingles[i]), float(f.shingles[j])
        contained = body_j * (s_i + s_j) / (1.0 + body_j) / max(min(s_i, s_j), 1.0)
    h_i, h_j = f.heads[i], f.heads[j]
    head_j = len(h_i & h_j) / max(len(h_i | h_j), 1)
    short = min(f.body_words[i], f.body_words[j]) < settings.short_words
    quoted = long_i and long_j and _shares_quote(f, i, j)
    figured = bool(long_i and long_j and hn_i and hn_j)  # read by _figured_story
    if (
        body_j < settings.threshold * relax
        and contained < settings.containment * relax
        and head_j < settings.headline_threshold * relax
        and not short
        and not quoted
        and not figured
    ):
        return None  # nothing in common worth a closer look (the common case: cheap)
    if (
        long_i
        and long_j
        and (f.templates[i] or f.templates[j])
        and f.days[i] != f.days[j]
        and not _same_figures(f, i, j)
    ):
        return None  # a recurring column's next edition: the same template, new figures
    if body_j < settings.threshold:  # without strong body evidence, the headlines can veto
        for a, b, long_b in ((hn_i, j, long_j), (hn_j, i, long_i)):
            if a and long_b and not _headline_overlap(a, f.numbers_of(b) + f.head_numbers[b]):
                return None  # the headline's figure is nowhere in the other report
        if bool(h_i & _FOLLOW_UP) != bool(h_j & _FOLLOW_UP):
            return None  # "approve hard fork" vs "approve second hard fork"
        if _entity_swap(f, i, j, settings):
            return None  # "... for Ethereum users" vs "... for Bitcoin users"
    elif body_j < _SAME_TEXT and _entity_swap(f, i, j, settings, subjects=True):
        # "Varnell beats estimates as revenue rises" / "Quintrel beats ...": one template
        # (an automated earnings or results story) about two companies, each named in its
        # own text only. Similar bodies do not make them one story; one text does.
        return None
    if long_i and long_j:
        bn_i, bn_j = f.numbers_of(i), f.numbers_of(j)
        if len(bn_i) >= 2 and len(bn_j) >= 2:
            shared = (
                _number_overlap(bn_i, bn_j)
                if len(bn_i) <= len(bn_j)
                else _number_overlap(bn_j, bn_i)
            )
            if len(bn_i) >= 3 and len(bn_j) >= 3 and shared / min(len(bn_i), len(bn_j)) < 0.5:
                return None  # the figures differ: another day's report or another event
            if not shared and body_j < _SAME_TEXT:
                return None  # two figures or more each, none in common: another event
    # Body rule.
    if long_i and long_j:
        if body_j >= settings.threshold * relax:
            return body_j
        if contained >= settings.containment * relax and (
            _jaccard(f.lead, i, j) >= settings.lead_threshold
            or (
                body_j >= _TRIMMED * relax
                and _lead_inside(f, i, j, settings) >= settings.lead_threshold
            )
        ):
            return min(contained, 1.0) * 0.9
        if quoted and _quoted_story(f, i, j, settings, rare):
            # one event rewritten by several outlets around the statement they all quote
            return 0.5
        if figured and _figured_story(f, i, j, settings, rare):
            # one event rewritten by two outlets from the same figures
            return 0.5
    # Headline rules.
    if len(h_i) < 3 or len(h_j) < 3:
        return None
    same_day = f.days[i] is not None and f.days[i] == f.days[j]
    if (f.templates[i] or f.templates[j]) and not same_day:
        return None
    shared = h_i & h_j
    if not any(w in rare for w in shared):
        return None
    if head_j >= settings.headline_threshold * relax:
        if long_i and long_j and head_j < 1.0 and body_j < 0.1 * relax:
            return None  # two full, unrelated bodies under look-alike headlines
        return head_j * 0.8
    if long_i and long_j:
        return None
    # A headline-only or very short item: most of its headline words (cut to five letters)
    # must appear in the other's headline and lead, and so must at least half of the words it
    # adds to the other's headline (a shared company name alone is not enough).
    best = 0.0
    for s, o in ((i, j), (j, i)):
        if f.body_words[s] >= settings.short_words or len(f.heads[s]) < 4:
            continue
        stems = {w[:5] for w in f.heads[s]}
        found = stems & f.stems_of(o, settings.lead_words * 2)
        if s in f.junctions:
            # "主网升级完成" for "完成主网升级": the unit "级完" that joins two units found
            # in the other is the order of the words, not a word
            stems -= {
                unit for before, unit, after in f.junctions[s]
                if unit not in found and before in found and after in found
            }
        coverage = len(found) / len(stems)
        novel = stems - {w[:5] for w in f.heads[o]}
        novel_found = len(novel & found) / len(novel) if novel else 1.0
        figures = f.head_numbers[s]
        if figures and _number_overlap(figures, f.numbers_of(o) + f.head_numbers[o]):
            # the same figure in both: a strong sign, a lower bar for the words; but not
            # when none of the words it adds to the other's headline are in the other
            # ("Tamsin bridge hacked for $12 million" is not "Orlen protocol hacked for
            # $12 million": a loss amount is no name)
            if coverage >= settings.short_coverage * relax * 0.75 and novel_found > 0:
                best = max(best, coverage)
            continue
        if novel_found < settings.short_novel * relax:
            continue
        if coverage >= settings.short_coverage * relax:
            best = max(best, coverage)
    if best > 0:
        return best * 0.7
    return None


def _junctions(words: Sequence[str]) -> tuple[tuple[str, str, str], ...]:
    """Each two-character unit of a run of Chinese, Japanese or Thai (``_words``) that has a
    unit of the run on either side: (before, unit, after)."""
    return tuple(
        (before, unit, after)
        for before, unit, after in zip(words, words[1:], words[2:], strict=False)
        if len(before) == len(unit) == len(after) == 2
        and before[1] == unit[0]
        and unit[1] == after[0]
        and _UNSPACED_CHAR.match(unit)
    )


def _new_edition(f: _Features, i: int, j: int) -> bool:
    """A page that is rewritten every day under a column headline ("Bitcoin price today",
    "Daily recap") at one address: another day's text with other figures is another story,
    not a copy. A page that only grows (a live blog keeps its earlier figures) stays one."""
    return bool(
        (f.templates[i] or f.templates[j])
        and f.days[i] is not None
        and f.days[j] is not None
        and f.days[i] != f.days[j]
        and f.prints[i] != f.prints[j]
        and not _same_figures(f, i, j)
    )


_MAX_EDITIONS = 16  # one address: compare a new text with this many of its editions


def _unrelated(f: _Features, i: int, j: int, settings: DedupeSettings) -> bool:
    """Two full texts at one address that share nothing: neither body nor lead (under a
    tenth of their shingles) nor more than one headline word. A feed that links every item
    to one section page ("/news"), or a page template whose canonical link names the
    section: the address is no evidence. An article rewritten at its address keeps some of
    its text or headline words (a syndicated rewrite under the original's address: "Quarry
    Network Validators Approve Hard Fork Date" and "Quarry hard fork set for December after
    validator vote" share three); a first short version (a headline and a line) is not
    judged."""
    if f.prints[i] == f.prints[j]:
        return False
    if min(f.body_words[i], f.body_words[j]) < settings.min_body_words:
        return False
    if _jaccard(f.sig, i, j) >= 0.1 or _jaccard(f.lead, i, j) >= 0.1:
        return False
    return len(f.heads[i] & f.heads[j]) <= 1


def _outlets(article: Article) -> tuple[str, ...]:
    """Who published ``article``, as keys two articles of one outlet share: the host of its
    source's home page (an aggregator's item credited to a publisher has the publisher's:
    Google News's ``<source url>``), else of its own address (a saved page), prefixed "@";
    and its source's name (``_name_key``)."""
    keys = []
    key = url_key(article.source_home or article.canonical_url or article.url)
    if key and key.startswith("https://"):
        host = key[len("https://") :].partition("/")[0].partition("?")[0]
        if host:
            keys.append("@" + host)
    name = _name_key(article.source_name)
    if name:
        keys.append(name)
    return tuple(keys)


def _one_outlet_pairs(
    by_time: Sequence[Article], f: _Features, settings: DedupeSettings
) -> list[tuple[int, int]]:
    """Articles of one outlet under one headline (the same headline words, four or more,
    not a column's) within the window: its page and an aggregator's headline-only item
    credited to it (Google News links its own redirect, so no URL is shared) are one
    article. Each is paired with the latest such article before it. Grouped by headline
    first (one dict entry per article, no new strings): most headlines occur once."""
    first: dict[frozenset[str], int] = {}
    shared: dict[frozenset[str], list[int]] = {}
    for i, head in enumerate(f.heads):
        if len(head) < 4 or f.templates[i]:
            continue
        seen = first.setdefault(head, i)
        if seen != i:
            shared.setdefault(head, [seen]).append(i)
    window = settings.window_hours * 3600.0
    pairs = []
    for members in shared.values():
        latest: dict[str, list[int]] = {}  # outlet -> its articles under this headline
        for i in members:  # primary order
            for outlet in _outlets(by_time[i]):
                seen = latest.setdefault(outlet, [])
                for other in reversed(seen[-_MAX_EDITIONS:]):
                    if _within(f, other, i, window) and not _apart(f, other, i, settings):
                        pairs.append((other, i))
                        break
                seen.append(i)
    return pairs


def _apart(f: _Features, i: int, j: int, settings: DedupeSettings) -> bool:
    """Two full texts under one outlet's headline that share nothing (body and lead Jaccard
    under 0.1): a headline the outlet reuses for another piece, not one article twice."""
    if min(f.body_words[i], f.body_words[j]) < settings.min_body_words:
        return False
    return _jaccard(f.sig, i, j) < 0.1 and _jaccard(f.lead, i, j) < 0.1


_SAME_TEXT = 0.9  # body Jaccard at which two texts are one text, lightly edited
# Body Jaccard of a trimmed copy: it keeps at least this share of the longer text (a digest
# or roundup that quotes a story among four others keeps far less of the whole)
_TRIMMED = 0.3


def _lead_inside(f: _Features, i: int, j: int, settings: DedupeSettings) -> float:
    """How much of the shorter text's lead is found anywhere in the longer text (estimated
    from the lead's and the body's signatures). A republisher who writes a first paragraph
    of their own over a wire body has a lead of its own, but the rest of it is the wire's."""
    short, other = (i, j) if f.shingles[i] <= f.shingles[j] else (j, i)
    jac = float(np.count_nonzero(f.lead[short] == f.sig[other])) / f.sig.shape[1]
    lead_size = max(min(int(f.body_words[short]), settings.lead_words) - settings.shingle + 1, 1)
    body_size = float(f.shingles[other])
    return min(jac * (lead_size + body_size) / (1.0 + jac) / lead_size, 1.0)


# A quotation inside one paragraph: "...", “...”, «...», „...“ or ‘...’, 20 characters or
# more. Each branch stops at the next mark of its kind, so a scan is linear.
_QUOTED = re.compile(
    r'"[^"\n]{20,}"|“[^“”\n]{20,}”|«[^«»\n]{20,}»|„[^„“”\n]{20,}[“”]|‘[^‘’\n]{20,}’'
)
# A word after a space that does not follow the end of a sentence, an opening quote or
# bracket: written with a capital there, it is a name ("said Halcyon on Tuesday")
_AFTER_SPACE = re.compile(r"(?<=[^\s.!?:;\"“”«(\[])\s+(\w[\w'’-]*)")


def _quote_shingles(text: str, settings: DedupeSettings) -> frozenset[int]:
    """Every run of ``quote_words`` words inside quotation marks (``_quote_runs``)."""
    return _quote_runs(text, (settings.quote_words,))[0]


def _quote_runs(text: str, sizes: Sequence[int]) -> tuple[frozenset[int], ...]:
    """For each size, every run of that many words inside quotation marks (within a
    paragraph: the marks' classes exclude the newline), hashed (within one process: they
    are only compared with each other). A text without a quotation mark costs five
    substring tests."""
    if not ('"' in text or "“" in text or "«" in text or "„" in text or "‘" in text):
        return tuple(frozenset() for _ in sizes)
    found: list[set[int]] = [set() for _ in sizes]
    for quoted in _QUOTED.findall(text):
        words = _words(quoted)
        for runs, size in zip(found, sizes, strict=True):
            runs.update(hash(tuple(words[at : at + size])) for at in range(len(words) - size + 1))
    return tuple(frozenset(runs) for runs in found)


def _names(text: str) -> frozenset[str]:
    """The words written with a capital inside a sentence: names ("Halcyon", "Redline
    Audits", "HLX-LP" as "hlx", "lp"), not a sentence's or a quotation's first word."""
    return frozenset(
        word
        for written in _AFTER_SPACE.findall(text)
        if written[0].isupper()
        for word in _words(written)
    )


def _shares_quote(f: _Features, i: int, j: int, long: bool = False) -> bool:
    """Both texts quote one run of ``short_quote_words`` words (``long``: of
    ``quote_words``)."""
    quotes = f.long_quotes if long else f.quotes
    q_i, q_j = quotes.get(i), quotes.get(j)
    return q_i is not None and q_j is not None and not q_i.isdisjoint(q_j)


def _quoted_story(
    f: _Features, i: int, j: int, settings: DedupeSettings, rare: Mapping[str, int]
) -> bool:
    """Two texts that share a verbatim quotation (``_shares_quote``) report one event
    when, within ``quote_hours``, they also share its subject and one of its figures:

    * a rare headline word (of either) that both texts contain and one writes as a name:
      a press release's boilerplate ("We are excited to ...") quoted by two companies'
      announcements names two companies;
    * a telling figure outside the quotation marks, in the text or the headline ("$41
      million", "935,424"; not a year or a small count): the same company's two stories
      quoting one standing statement give two sets of figures (and the figure vetoes
      have been checked before).

    Rewrites of breaking news by several outlets share little wording beyond the quote,
    but arrive within hours; a follow-up days later that quotes the first statement again
    is outside the window. The vetoes of ``_verdict`` apply first.

    A quotation shorter than ``quote_words`` (from ``short_quote_words``: outlets trim a
    statement to its core, "Deposits in our stablecoin markets are safe") is more often a
    stock line that one company repeats in two stories of a day, so it asks for a figure
    that names the event: two shared figures, or one that a headline gives and that is
    every figure one of the texts gives (a weekly column that quotes the statement
    beside the week's other events has figures of its own)."""
    if not _within(f, i, j, min(settings.quote_hours, settings.window_hours) * 3600.0):
        return False
    words_i, names_i = f.names_of(i)
    words_j, names_j = f.names_of(j)
    subjects = (f.heads[i] | f.heads[j]) & (names_i | names_j) & words_i & words_j
    if not any(word in rare for word in subjects):
        return False
    # a headline is outside the quotation marks too: "Parcelo Says Hackers Took 2.3 Million
    # Customer Records" over a text that gives the figure only in the quote
    figures_i = [x for x in f.unquoted_numbers_of(i) + f.head_numbers[i] if _telling(x)]
    figures_j = [x for x in f.unquoted_numbers_of(j) + f.head_numbers[j] if _telling(x)]
    if len(figures_i) > len(figures_j):
        figures_i, figures_j = figures_j, figures_i
    shared = [x for x in figures_i if any(_same_amount(x, y) for y in figures_j)]
    if not shared:
        return False
    if _shares_quote(f, i, j, long=True) or len(shared) >= 2:
        return True
    if len(shared) < len(figures_i):
        # each text gives a figure of its own besides the one in common: a column or a
        # roundup quoting the statement among the week's other events
        return False
    heads = f.head_numbers[i] + f.head_numbers[j]
    return bool(heads and _headline_overlap(shared, heads))


def _figured_story(
    f: _Features, i: int, j: int, settings: DedupeSettings, rare: Mapping[str, int]
) -> bool:
    """Two full texts within ``quote_hours`` that state one event's figures: every figure of
    each headline agrees with one of the other's (a headline may round: "Jumps 6.2%" /
    "Jumps 6%"), they share a rare headline word that is not a figure, and their texts
    share two telling figures besides the headline's ("block 935,424", "1,100 EH/s"). A
    rewrite keeps the facts, not the words: before, two outlets' reports of one adjustment
    (body Jaccard 0.06, no common quotation) stayed two stories. Another event of the same
    kind (another hack, next week's adjustment) has other headline figures or other
    figures in its text; a commentary repeating one figure of the report stays apart."""
    if not _within(f, i, j, min(settings.quote_hours, settings.window_hours) * 3600.0):
        return False
    hn_i, hn_j = f.head_numbers[i], f.head_numbers[j]
    if _headline_overlap(hn_i, hn_j) < len(hn_i) or _headline_overlap(hn_j, hn_i) < len(hn_j):
        return False
    if not any(w in rare and not w.isdigit() for w in f.heads[i] & f.heads[j]):
        return False
    heads = hn_i + hn_j
    figures_i = [x for x in f.numbers_of(i) if _telling(x) and not _headline_overlap((x,), heads)]
    figures_j = [x for x in f.numbers_of(j) if _telling(x) and not _headline_overlap((x,), heads)]
    if len(figures_i) > len(figures_j):
        figures_i, figures_j = figures_j, figures_i
    shared = _number_overlap(figures_i, figures_j)
    if shared == 1:
        # a percentage counts too ("a 10% bounty" with "40,000 ETH"): small integers
        # the other rules do not count, unless a headline gives them
        shared += any(
            not _telling((x, 0)) and not _headline_overlap(((x, 0),), heads)
            for x in f.percents_of(i) & f.percents_of(j)
        )
    return shared >= 2


# A percentage: a share of something named ("a 10% bounty"), unlike a small count
_PERCENT = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)


def _telling(figure: tuple[float, int]) -> bool:
    """A figure that names an event: an amount with a unit, a decimal, or a number of 100 or
    more that is not a year (a count of "two" or "10 days", "2026" say little)."""
    value, significant = figure
    if significant or _decimals(value):
        return True
    return value >= 100 and not 1900 <= value <= 2100


def _same_figures(f: _Features, i: int, j: int) -> bool:
    """The bodies' figures agree: at least 80% of the smaller set found in the other, or
    neither body has any. Read only for pairs already close (cached per article)."""
    bn_i, bn_j = f.numbers_of(i), f.numbers_of(j)
    if not bn_i and not bn_j:
        return True
    if not bn_i or not bn_j:
        return False
    small, big = (bn_i, bn_j) if len(bn_i) <= len(bn_j) else (bn_j, bn_i)
    return _number_overlap(small, big) >= 0.8 * len(small)


def _entity_swap(
    f: _Features, i: int, j: int, settings: DedupeSettings, subjects: bool = False
) -> bool:
    """One headline word swapped for another, neither found anywhere in the other article.

    ``subjects``: and each word is in its own article's text too (the subject of each
    report, named in its body: "Varnell" / "Quintrel"), not a headline's rewording."""
    only_i, only_j = f.heads[i] - f.heads[j], f.heads[j] - f.heads[i]
    if len(only_i) != 1 or len(only_j) != 1:
        return False
    (a,), (b,) = only_i, only_j
    if a[:5] in f.stems_of(j, 10_000) or b[:5] in f.stems_of(i, 10_000):
        return False
    if subjects:
        return a in _words(f.text(i)) and b in _words(f.text(j))
    return True


# ---------------------------------------------------------------- candidates


def _band_pairs(
    sig: np.ndarray, eligible: np.ndarray, times: np.ndarray, settings: DedupeSettings
) -> set[tuple[int, int]]:
    """LSH: items sharing a band bucket, each paired with its neighbours in time."""
    pairs: set[tuple[int, int]] = set()
    idx = np.flatnonzero(eligible)
    if len(idx) < 2:
        return pairs
    window = settings.window_hours * 3600.0
    t = np.nan_to_num(times[idx], nan=0.0)
    undated = np.isnan(times[idx])
    rows = sig.shape[1] // settings.bands
    weights = np.array(
        [((0x9E3779B97F4A7C15 * (r + 1)) | 1) % 2**64 for r in range(rows)], dtype=np.uint64
    )
    with np.errstate(over="ignore"):
        for band in range(settings.bands):
            block = sig[idx, band * rows : (band + 1) * rows].astype(np.uint64)
            keys = (block * weights).sum(axis=1, dtype=np.uint64)
            order = np.lexsort((idx, t, keys))
            k_sorted, t_sorted, i_sorted = keys[order], t[order], idx[order]
            u_sorted = undated[order]
            for step in range(1, settings.max_neighbours + 1):
                if step >= len(order):
                    break
                same = k_sorted[step:] == k_sorted[:-step]
                if not same.any():
                    break
                close = (np.abs(t_sorted[step:] - t_sorted[:-step]) <= window) | (
                    u_sorted[step:] | u_sorted[:-step]
                )
                hit = np.flatnonzero(same & close)
                for p in hit:
                    a, b = int(i_sorted[p]), int(i_sorted[p + step])
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


def _headline_pairs(
    f: _Features, settings: DedupeSettings, doc_freq: Counter[str]
) -> set[tuple[int, int]]:
    """Headline candidates, in time order, within the window.

    Prefix filtering: two headlines with Jaccard >= t share one of the rarest
    ``len - ceil(t * len) + 1`` words of each (their prefixes), so every headline is indexed
    under its prefix and probes with its prefix; only pairs that reach t are kept.
    Headline-only items (fewer than ``short_words`` words of text) are matched on any shared
    word, in both directions, and left to the short-item rule. A probe reads the newest 64
    entries of a word's list that are within the window.
    """
    pairs: set[tuple[int, int]] = set()
    postings: dict[str, list[int]] = {}  # every word: what headline-only items probe
    prefixed: dict[str, list[int]] = {}  # the words of each headline's prefix
    short_postings: dict[str, list[int]] = {}
    window = settings.window_hours * 3600.0
    t = settings.headline_threshold
    times: list[float] = f.times.tolist()
    heads = f.heads
    sizes = [len(head) for head in heads]
    short = (f.body_words < settings.short_words).tolist()
    add = pairs.add
    # Articles come in primary order (cluster): dated ones by time, the undated (NaN) last.
    # Then every bucket a dated item reads holds dated items no later than it, so the part
    # within the window is a run at the bucket's end, found by bisection.
    dated = ~np.isnan(f.times)
    if not (dated[: int(dated.sum())].all() and np.all(np.diff(f.times[dated]) >= 0)):
        raise ValueError("headline candidates need the articles in primary order")

    def recent(bucket: list[int] | None, t_i: float) -> list[int]:
        """The newest 64 entries of ``bucket`` within the window of an item at ``t_i``."""
        if not bucket:
            return []
        tail = bucket[-64:]
        if t_i != t_i:  # undated: within every window
            return tail
        return tail[bisect_left(tail, True, key=lambda j: t_i - times[j] <= window):]

    for i, head in enumerate(heads):
        size = sizes[i]
        if size < 3:
            continue
        t_i = times[i]
        ranked = sorted(head, key=lambda w: (doc_freq[w], w))
        prefix = ranked[: size - math.ceil(t * size) + 1]
        if short[i]:  # a headline-only item: any shared word, no check
            for word in ranked:
                for j in recent(postings.get(word), t_i):
                    add((j, i))
        else:
            candidates: set[int] = set()  # a pair's verdict is the same from any shared word
            for word in prefix:
                candidates.update(recent(prefixed.get(word), t_i))
            for j in candidates:
                other = sizes[j]
                # Jaccard <= min(size) / max(size): too different in length to reach t
                if other < t * size or size < t * other:
                    continue
                shared = len(head & heads[j])
                if shared >= t * (size + other - shared):  # |union|, exactly
                    add((j, i))
            for word in ranked:
                for j in recent(short_postings.get(word), t_i):
                    add((j, i))
        for word in head:
            postings.setdefault(word, []).append(i)
            if short[i]:
                short_postings.setdefault(word, []).append(i)
        for word in prefix:
            prefixed.setdefault(word, []).append(i)
    return pairs


def _quote_pairs(f: _Features, settings: DedupeSettings) -> set[tuple[int, int]]:
    """Full texts sharing a quotation run (``_Features.quotes``) within ``quote_hours``:
    an inverted index over the runs; each text is paired with the newest
    ``max_neighbours`` texts of each of its runs (a boilerplate quoted by many stays cheap)."""
    pairs: set[tuple[int, int]] = set()
    window = min(settings.quote_hours, settings.window_hours) * 3600.0
    postings: dict[int, list[int]] = {}
    for i in sorted(f.quotes):  # primary order
        if f.body_words[i] < settings.min_body_words:
            continue
        for shingle in f.quotes[i]:
            bucket = postings.setdefault(shingle, [])
            pairs.update((j, i) for j in bucket[-settings.max_neighbours :]
                         if _within(f, i, j, window))
            bucket.append(i)
    return pairs


def _figure_pairs(f: _Features, settings: DedupeSettings) -> set[tuple[int, int]]:
    """Full texts with figures in their headlines that share a telling figure of their
    texts (``_figured_story``), within ``quote_hours``: an inverted index over the figures
    (rounded to two significant digits: the verdict compares them exactly); each text is
    paired with the newest ``max_neighbours`` of each of its figures. Only texts under a
    headline with a figure are indexed, by the keys kept with their features."""
    pairs: set[tuple[int, int]] = set()
    window = min(settings.quote_hours, settings.window_hours) * 3600.0
    postings: dict[float, list[int]] = {}
    long = (f.body_words >= settings.min_body_words).tolist()
    for i, head_numbers in enumerate(f.head_numbers):  # primary order
        if not head_numbers or not long[i]:
            continue
        for key in f.figure_keys_of(i):
            bucket = postings.setdefault(key, [])
            pairs.update((j, i) for j in bucket[-settings.max_neighbours :]
                         if _within(f, i, j, window))
            bucket.append(i)
    return pairs


# ---------------------------------------------------------------- clustering


@dataclass(frozen=True)
class Cluster:
    """Articles found to report one story, primary first."""

    articles: tuple[Article, ...]

    @property
    def primary(self) -> Article:
        return self.articles[0]


def _sort_key(article: Article) -> tuple[datetime, int, str]:
    return (article.published or _FAR_FUTURE, -len(article.text), article.id)


def cluster(
    articles: list[Article],
    settings: DedupeSettings | None = None,
    cache: FeatureCache | None = None,
    jobs: int | None = 1,
) -> list[Cluster]:
    """Group duplicate articles. Deterministic for any input order.

    ``cache``: text features kept between builds (only texts new to it are hashed), and
    the last groups found (the same articles again are not searched again); ``jobs``: worker
    processes for the features of many new texts. Neither changes the result.
    """
    settings = settings or DEFAULTS
    by_time = sorted(articles, key=_sort_key)  # primary order; ties broken by id
    n = len(by_time)
    if n == 0:
        return []
    keys: list[str] | None = None
    if cache is not None:
        # The same articles as the build that kept its groups (a build where only the clock
        # moved): its groups, without the search.
        keys = _text_keys(by_time, settings)
        groups_key = _groups_key(by_time, keys, settings)
        known = cache.groups(groups_key)
        if known is not None and sorted(i for g in known for i in g) == list(range(n)):
            return _clusters(by_time, known, settings)
    f = _features(by_time, settings, cache, jobs, keys)
    found = _group(by_time, f, settings)
    if cache is not None:
        cache.keep_groups(groups_key, found)
    return _clusters(by_time, found, settings)


def _clusters(
    by_time: list[Article], groups: list[list[int]], settings: DedupeSettings = DEFAULTS
) -> list[Cluster]:
    clusters = [
        Cluster(_lead_first(sorted((by_time[m] for m in group), key=_sort_key), settings))
        for group in groups
    ]
    return sorted(clusters, key=lambda c: c.primary.id)


def _lead_first(articles: list[Article], settings: DedupeSettings) -> tuple[Article, ...]:
    """A story's articles, its primary first: the earliest, unless that is a headline-only
    item (a link aggregator's: Hacker News, a Reddit link post) and the story has a full
    text; then the earliest full text leads (its headline, text and credit are what the
    story shows) and the rest stay in order. Only the order in the finished story: the
    clustering itself visits articles earliest first."""
    if _has_text(articles[0], settings):
        return tuple(articles)
    for at, article in enumerate(articles):
        if _has_text(article, settings):
            return (article, *articles[:at], *articles[at + 1 :])
    return tuple(articles)


def _has_text(article: Article, settings: DedupeSettings) -> bool:
    """The article carries a text, not only a headline (``short_words`` words or more)."""
    text = article.text or article.summary
    return len(text.split(None, settings.short_words)) >= settings.short_words


def _group(by_time: list[Article], f: _Features, settings: DedupeSettings) -> list[list[int]]:
    """The articles (``by_time`` indexes) of each story."""
    n = len(by_time)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the earlier (primary-order) root wins

    # 1. exact duplicates -> atoms
    by_url: dict[str, list[int]] = {}  # a page's editions (usually one), the latest last
    by_print: dict[tuple[str, int], int] = {}
    long_enough = (f.body_words >= 20).tolist()
    for i, article in enumerate(by_time):
        key = url_key(article.canonical_url or canonical_url(article.url))
        if key and not is_site_root(key):
            editions = by_url.setdefault(key, [])
            for seen in reversed(editions[-_MAX_EDITIONS:]):
                if not _new_edition(f, seen, i) and not _unrelated(f, seen, i, settings):
                    union(i, seen)
                    break
            else:  # a new edition of a page, or another text at a shared address
                editions.append(i)
        if long_enough[i]:
            fingerprint = (headline_key(article.title), f.prints[i])
            if fingerprint in by_print:
                union(i, by_print[fingerprint])
            else:
                by_print[fingerprint] = i

    for i, j in _one_outlet_pairs(by_time, f, settings):
        union(i, j)

    # 2. near-duplicate candidates and verified edges
    doc_freq: Counter[str] = Counter(w for head in f.heads for w in head)
    limit = max(3, int(0.002 * n))
    rare = {w: c for w, c in doc_freq.items() if c <= limit or n < 500}
    long = f.body_words >= settings.min_body_words
    candidates = _band_pairs(f.sig, long, f.times, settings)
    candidates |= _band_pairs(f.lead, long, f.times, settings)
    candidates |= _headline_pairs(f, settings, doc_freq)
    candidates |= _quote_pairs(f, settings)
    candidates |= _figure_pairs(f, settings)
    edges: dict[int, list[tuple[float, int]]] = {}
    for i, j in sorted(candidates):
        if find(i) == find(j):
            continue
        score = _verdict(f, i, j, settings, rare)
        if score is not None:
            edges.setdefault(i, []).append((score, j))
            edges.setdefault(j, []).append((score, i))

    # 3. greedy clustering in primary order, with a cohesion check against each story's
    # anchor: its first full text (its primary, while it has none)
    atoms: dict[int, list[int]] = {}
    for i in range(n):
        atoms.setdefault(find(i), []).append(i)
    long_list = long.tolist()
    story_of: dict[int, int] = {}  # atom root -> its story (the story's first atom root)
    story_atoms: dict[int, list[int]] = {}  # story -> its atom roots
    anchor: dict[int, int] = {}  # story -> the article an atom joining it is checked against
    for root in sorted(atoms):  # roots are the earliest member: primary order
        # An atom speaks through its longest text (a feed's headline-only item and the page
        # at its address are one atom: the page's text is the better witness).
        me = max(atoms[root], key=lambda m: (int(f.body_words[m]), -m))
        # Several stories may be reachable: prefer one anchored by a full text (a
        # headline-only item is a weak anchor), then the best fit to its anchor, then the
        # earliest story.
        fits: dict[int, tuple[bool, float, int]] = {}
        for member in atoms[root]:
            for _score, other in edges.get(member, ()):
                other_root = find(other)
                if other_root >= root or other_root not in story_of:
                    continue
                story = story_of[other_root]
                if story in fits:
                    continue
                held = anchor[story]
                cohesion = _verdict(f, me, held, settings, rare, relax=COHESION_RELAX)
                if cohesion is not None:
                    fits[story] = (long_list[held], cohesion, -story)
        if not fits:
            story_of[root] = root
            story_atoms[root] = [root]
            anchor[root] = me
            continue
        chosen = -max(fits.values())[2]
        story_of[root] = chosen
        story_atoms[chosen].append(root)
        if long_list[me] and not long_list[anchor[chosen]]:
            # The story's first full text anchors it from now on. Anchored by an aggregator's
            # blurb dated before the report it links to, a story split when copies that
            # fit the report (but not the blurb's few words) arrived.
            anchor[chosen] = me
        # This atom fits two stories' anchors (checked against each): when every atom of the
        # later story also fits the earlier story's anchor, they were one story split by the
        # order of arrival (a copy that missed the original by a hair became a story of its
        # own, and the copies after it divided between the two). Merged. Only texts bridge
        # texts: a headline-only item is too weak a link (or anchor) for this.
        if len(fits) < 2 or not long_list[me]:
            continue
        for other in sorted(fits, key=lambda story: fits[story], reverse=True):
            target, merging = story_of[chosen], story_of[other]
            if target == merging:
                continue
            first, second = sorted((target, merging))
            held = anchor[first]
            if not (long_list[held] and long_list[anchor[second]]):
                continue
            if all(
                _verdict(f, max(atoms[atom], key=lambda m: (int(f.body_words[m]), -m)), held,
                         settings, rare, relax=COHESION_RELAX) is not None
                for atom in story_atoms[second]
            ):
                del anchor[second]
                for atom in story_atoms.pop(second):
                    story_of[atom] = first
                    story_atoms[first].append(atom)

    groups: dict[int, list[int]] = {}
    for root, members in atoms.items():
        groups.setdefault(story_of[root], []).extend(members)
    return list(groups.values())


# ---------------------------------------------------------------- identity


def assign_identity(
    group: Cluster,
    known: Mapping[str, StoryIdentity],
    now: datetime,
) -> StoryIdentity:
    """The story's id: the oldest story any of its articles already belongs to, else a new one.

    ``known`` maps article id -> the identity of the story it was attached to in earlier runs.
    """
    previous = [known[a.id] for a in group.articles if a.id in known]
    if previous:
        # Two earlier stories found to be one (a copy that bridged them arrived): the older,
        # then the one its primary article was in, then the one holding more of its articles.
        held = known.get(group.primary.id)
        counts = Counter(s.id for s in previous)
        return min(previous, key=lambda s: (s.first_seen, s != held, -counts[s.id], s.id))
    primary = group.primary
    page = primary.canonical_url if not is_site_root(primary.canonical_url) else None
    story_id = stable_id("story", page or primary.id, length=12)
    slug = f"{slugify(primary.title, 60)}-{story_id[:6]}"
    return StoryIdentity(id=story_id, slug=slug, first_seen=now)


def assign_identities(
    groups: Sequence[Cluster],
    known: Mapping[str, StoryIdentity],
    now: datetime,
) -> list[StoryIdentity]:
    """``assign_identity`` for every group of one build, each story id used once.

    When a story seen before is split in this build (its articles now form two groups),
    the group holding most of its old articles (then the earliest primary) keeps the id and
    URL; the other gets a fresh id, so two pages never share one address.
    """
    proposals = [assign_identity(group, known, now) for group in groups]

    def claim(index: int) -> tuple[int, datetime, str]:
        group, identity = groups[index], proposals[index]
        members = sum(1 for a in group.articles if known.get(a.id) == identity)
        return (-members, group.primary.published or _FAR_FUTURE, group.primary.id)

    taken: set[str] = set()
    result: list[StoryIdentity | None] = [None] * len(groups)
    for index in sorted(range(len(groups)), key=claim):
        identity = proposals[index]
        if identity.id in taken:
            fresh = assign_identity(groups[index], {}, now)
            salt = 0
            while fresh.id in taken or fresh.id in {p.id for p in proposals}:
                salt += 1
                primary = groups[index].primary
                story_id = stable_id(
                    "story", primary.canonical_url or primary.id, str(salt), length=12
                )
                fresh = StoryIdentity(story_id, f"{slugify(primary.title, 60)}-{story_id[:6]}", now)
            identity = fresh
        taken.add(identity.id)
        result[index] = identity
    return [identity for identity in result if identity is not None]
