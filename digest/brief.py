"""Extractive briefs: one to three sentences taken, verbatim, from a story's own articles.

Every sentence of every article (its paragraphs, or its summary when it has no body) becomes a
TF-IDF vector over the cluster's words. Each article gets a centroid (its sentences plus its
headline). A sentence's centrality is its mean cosine similarity to the centroids of the OTHER
articles: what many sources say scores high, one outlet's aside scores low. The most central
sentences win, skipping any that repeat (exactly or nearly) one already taken. Nothing is
rewritten: a sentence is only whitespace-collapsed. Pure, numpy only.

Fallbacks: no sentence shared by two sources -> the lead sentence of the primary article;
headline-only items (no body) -> the best summary (the primary's, else the longest); nothing
at all -> an empty brief.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from digest.model import Article
from digest.util import UNSPACED_SCRIPTS, unspaced_units

MIN_CHARS = 30
MAX_CHARS = 400
MIN_WORDS = 5
MAX_SENTENCES_PER_ARTICLE = 40
NEAR_REPEAT = 0.35  # TF-IDF cosine above which a sentence repeats one already picked

# A sentence ends at ".", "!" or "?" before a capital, or at a full-width stop (Chinese,
# Japanese), which needs no space after it.
_END = re.compile(r"[.!?][\"'”’)]?(?=\s+[\"'“‘(]?[A-Z0-9])|[。！？][」』”’）)]?")
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Inc|Ltd|Co|Corp|Jr|Sr|vs|No|U\.S|e\.g|i\.e|[A-Z])\.$"
)
_WORD = re.compile(r"[^\W_]{2,}")
_ENDS = (".", "!", "?", '."', ".”", "!”", "?”", ".'", ".’", "。", "！", "？", "。」", "！」",
         "？」", "。”", "。）")
# Scripts written without spaces (Chinese, Japanese, Thai): words are two-character units,
# as dedupe compares them, and a sentence is long enough at MIN_UNSPACED_CHARS characters.
_UNSPACED = re.compile(f"[{UNSPACED_SCRIPTS}]+")
MIN_UNSPACED_CHARS = 10
_STOP = frozenset(
    "a an and are as at be but by for from has have had he her his in into is it its of on or "
    "our she that the their them they this to was were which who will with would not been "
    "after over than also more said says can may new one two".split()
)


def sentences(text: str) -> list[str]:
    """Whitespace-collapsed sentences of ``text``, in order."""
    flat = " ".join(text.split())
    if not flat:
        return []
    found, start = [], 0
    for match in _END.finditer(flat):
        if _ABBREVIATION.search(flat, 0, match.start() + 1):
            continue
        found.append(flat[start : match.end()].strip())
        start = match.end()
    found.append(flat[start:].strip())
    return [s for s in found if s]


def _usable(sentence: str) -> bool:
    unspaced = sum(len(run) for run in _UNSPACED.findall(sentence))
    shortest = MIN_UNSPACED_CHARS if unspaced >= MIN_UNSPACED_CHARS else MIN_CHARS
    if not shortest <= len(sentence) <= MAX_CHARS or not sentence.endswith(_ENDS):
        return False
    if (len(sentence.split()) < MIN_WORDS and unspaced < MIN_UNSPACED_CHARS) or (
        "://" in sentence
    ):
        return False
    return not sentence.lower().startswith(("disclaimer", "read more", "subscribe"))


def _words(text: str) -> list[str]:
    found = [w for w in _WORD.findall(text.casefold()) if w not in _STOP]
    if not any(_UNSPACED.search(w) for w in found):
        return found
    units = []
    for word in found:  # "比特币价格" -> 比特, 特币, 币价, 价格; "etf" stays whole
        for part in re.split(f"([{UNSPACED_SCRIPTS}]+)", word):
            if not part:
                continue
            if _UNSPACED.fullmatch(part):
                units.extend(unspaced_units(part))
            elif len(part) > 1:
                units.append(part)
    return units


def _article_sentences(article: Article) -> list[str]:
    found: list[str] = []
    for paragraph in article.paragraphs or ((article.summary,) if article.summary else ()):
        found.extend(s for s in sentences(paragraph) if _usable(s))
        if len(found) >= MAX_SENTENCES_PER_ARTICLE:
            break
    return found[:MAX_SENTENCES_PER_ARTICLE]


def _normalised(sentence: str) -> str:
    return " ".join(_words(sentence))


def best_summary(articles: Sequence[Article]) -> str:
    """The primary's summary, else the longest summary among the others; "" when none."""
    if not articles:
        return ""
    primary = " ".join(articles[0].summary.split())
    if primary:
        return primary
    others = [" ".join(a.summary.split()) for a in articles[1:]]
    others = [s for s in others if s]
    return max(others, key=lambda s: (len(s), s)) if others else ""


def _lead(articles: Sequence[Article]) -> tuple[str, ...]:
    primary = articles[0]
    for paragraph in primary.paragraphs:
        for sentence in sentences(paragraph):
            if _usable(sentence):
                return (sentence,)
    summary = best_summary(articles)
    return (summary,) if summary else ()


def make_brief(articles: Sequence[Article], limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` sentences, most central first, taken from ``articles`` (primary first)."""
    if not articles or limit < 1:
        return ()
    per_article = [_article_sentences(a) for a in articles]
    if not any(per_article):
        return _lead(articles)  # headline-only items: the best summary, or nothing
    # Documents: every candidate sentence; the headlines join the article centroids only.
    docs: list[list[str]] = []
    owner: list[int] = []
    texts: list[str] = []
    for index, found in enumerate(per_article):
        for sentence in found:
            docs.append(_words(sentence))
            owner.append(index)
            texts.append(sentence)
    titles = [_words(a.title) for a in articles]
    vocabulary = sorted({w for doc in (*docs, *titles) for w in doc})
    if not vocabulary:
        return _lead(articles)
    column = {w: i for i, w in enumerate(vocabulary)}
    every = [*docs, *titles]
    df = np.zeros(len(vocabulary))
    for doc in every:
        for w in set(doc):
            df[column[w]] += 1
    idf = np.log((1 + len(every)) / (1 + df)) + 1.0
    matrix = np.zeros((len(every), len(vocabulary)))
    for row, doc in enumerate(every):
        for w in doc:
            matrix[row, column[w]] += 1.0
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    vectors = matrix[: len(docs)]
    title_vectors = matrix[len(docs):]
    owners = np.array(owner)
    centroids = []
    for index in range(len(articles)):
        members = [*vectors[owners == index], title_vectors[index]]
        centroid = np.sum(members, axis=0)
        length = float(np.linalg.norm(centroid))
        centroids.append(centroid / length if length > 0 else centroid)
    cent = np.array(centroids)
    similarity = vectors @ cent.T  # sentence x article
    scores = []
    for row, index in enumerate(owner):
        others = [similarity[row, j] for j in range(len(articles)) if j != index]
        scores.append(float(np.mean(others)) if others else 0.0)
    order = sorted(range(len(docs)), key=lambda r: (-round(scores[r], 9), owner[r], r))
    chosen: list[int] = []
    seen: set[str] = set()
    for row in order:
        if len(chosen) >= limit or scores[row] <= 0 or math.isnan(scores[row]):
            break
        key = _normalised(texts[row])
        if not key or key in seen:
            continue
        if any(float(vectors[row] @ vectors[c]) > NEAR_REPEAT for c in chosen):
            continue
        seen.add(key)
        chosen.append(row)
    if not chosen:
        return _lead(articles)
    return tuple(texts[row] for row in chosen)
