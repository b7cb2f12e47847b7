"""Outbound links as readers get them: without tracking parameters.

Feeds and pages link to articles with ``utm_*``, ``fbclid``, ``gclid``, ``mc_cid`` and the
like attached. The pages, the feeds, the exports and the newsletter print the link without
them. Which parameters go is decided by the dedupe stage's ``canonical_url`` (its list, its
``utm_`` rule and ``[dedupe] tracking_params``): one list for the whole project. Unlike the
canonical URL, the rest of the link is kept exactly as written (host, path, the order and
spelling of the other parameters, the fragment), so the link still opens the same page.
``clean_link`` itself lives in digest/dedupe.py, beside ``canonical_url``: the clean stage
cleans the links in article bodies with it too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from digest.dedupe import clean_link

__all__ = ["clean_link", "clean_links_in_html"]

# An <a> tag's href as the sanitiser writes it (digest/clean.py: nh3 quotes every value
# with double quotes and escapes "&" in it).
_HREF = re.compile(r'(<a\s[^>]*?\bhref=")([^"]*)(")', re.IGNORECASE)


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
