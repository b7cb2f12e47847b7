"""Topics: which section a story belongs to, and why.

Signals, most trusted first:

1. the source's own category label, normalised ("De-fi", "DeFi" and "defi" are one label),
   matched against each topic's aliases;
2. the source's configured category hint (``category`` in a ``[[sources]]`` table);
3. the topic keywords, matched as whole words in the headline (weight 3) and the text (1).

A story that matches nothing goes to the catch-all section ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from digest.model import Article, Topic

OTHER = "other"
HEADLINE_WEIGHT = 3
MIN_SCORE = 2


def normalise_label(label: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "", (label or "").casefold())


@lru_cache(maxsize=512)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    # Short all-caps keywords (tickers) match case-sensitively; the rest ignore case.
    flags = 0 if keyword.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(keyword)}(?![\w-])", flags)


def _by_label(label: str | None, topics: Sequence[Topic]) -> Topic | None:
    key = normalise_label(label)
    if not key:
        return None
    for topic in topics:
        if key == normalise_label(topic.slug) or key in {normalise_label(a) for a in topic.aliases}:
            return topic
    return None


def keyword_scores(
    title: str, text: str, topics: Sequence[Topic]
) -> list[tuple[int, int, Topic, list[str]]]:
    scored = []
    for order, topic in enumerate(topics):
        score = 0
        hits: list[str] = []
        for keyword in topic.keywords:
            pattern = _keyword_pattern(keyword)
            in_title = len(pattern.findall(title))
            in_text = len(pattern.findall(text))
            if in_title or in_text:
                score += HEADLINE_WEIGHT * in_title + in_text
                hits.append(keyword)
        scored.append((score, -order, topic, hits))
    return sorted(scored, key=lambda item: (item[0], item[1]), reverse=True)


def classify(articles: Sequence[Article], topics: Sequence[Topic]) -> tuple[str, str]:
    """(topic slug, reason) for a story made of ``articles`` (primary first)."""
    for article in articles:
        topic = _by_label(article.source_category, topics)
        if topic:
            return topic.slug, f"source category {article.source_category}"
        for tag in article.tags[1:]:
            topic = _by_label(tag, topics)
            if topic:
                return topic.slug, f"source tag {tag}"
    for article in articles:
        topic = _by_label(article.category_hint, topics)
        if topic:
            return topic.slug, f"source hint {article.category_hint}"
    primary = articles[0]
    text = " ".join([primary.summary, *primary.paragraphs])
    best = keyword_scores(primary.title, text, topics)
    if best and best[0][0] >= MIN_SCORE:
        score, _, topic, hits = best[0]
        return topic.slug, "keywords: " + ", ".join(hits[:5])
    return OTHER, "no category or keyword matched"
