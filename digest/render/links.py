"""Outbound links as readers get them: without tracking parameters.

Feeds and pages link to articles with ``utm_*``, ``fbclid``, ``gclid``, ``mc_cid`` and the
like attached. The pages, the feeds, the exports and the newsletter print the link without
them. Which parameters go is decided by the dedupe stage's ``canonical_url`` (its list, its
``utm_`` rule and ``[dedupe] tracking_params``): one list for the whole project. Unlike the
canonical URL, the rest of the link is kept exactly as written (host, path, the order and
spelling of the other parameters, the fragment), so the link still opens the same page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from digest.dedupe import canonical_url

_PROBE = "http://probe.invalid/"
# An <a> tag's href as the sanitiser writes it (digest/clean.py: nh3 quotes every value
# with double quotes and escapes "&" in it).
_HREF = re.compile(r'(<a\s[^>]*?\bhref=")([^"]*)(")', re.IGNORECASE)


@lru_cache(maxsize=8192)
def _is_tracking(pair: str, extra: tuple[str, ...]) -> bool:
    """Whether canonical_url drops the query parameter ``pair`` ("name=value", as written)."""
    return "?" not in (canonical_url(f"{_PROBE}?{pair}", extra) or "")


def clean_link(url: str | None, extra_params: Iterable[str] = ()) -> str | None:
    """``url`` without the query parameters canonical_url counts as tracking; the rest of it
    as written. ``extra_params``: ``[dedupe] tracking_params``."""
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


def clean_links_in_html(fragment: str, extra_params: Iterable[str] = ()) -> str:
    """Sanitised HTML with every link's href passed through clean_link."""
    if "?" not in fragment or "href=" not in fragment:
        return fragment
    extra = tuple(extra_params)

    def one(match: re.Match[str]) -> str:
        url = html.unescape(match[2])
        cleaned = clean_link(url, extra)
        if cleaned == url:
            return match[0]
        return match[1] + html.escape(cleaned or "", quote=True) + match[3]

    return _HREF.sub(one, fragment)
