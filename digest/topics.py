"""Topics: which section a story belongs to, and why.

Signals, most trusted first:

1. the source's own category label (and its other category tags), normalised so that "De-fi",
   "DeFi", "defi" and "Decentralized Finance" are one label, matched against each topic's
   ``aliases``. A label matching a topic's ``soft_aliases`` ("Cryptocurrency", "Bitcoin",
   "Ethereum" for Blockchain) points there *unless* the keywords of another topic clearly win
   (an "Ethereum"-labelled story about lending is DeFi). Labels that match no topic ("others",
   "Business", "News", "Markets") say nothing and fall through;
2. the source's configured category hint (``category`` in a ``[[sources]]`` table), read the
   same way;
3. weighted keywords and phrases, matched as whole words in the headline (counted
   ``HEADLINE_WEIGHT`` times) and in the summary and body. All-caps keywords are tickers and
   match case-sensitively ("SOL" but not the Spanish "sol"); the rest ignore case and also match
   a plural ending in -s/-es. A negative keyword ("bank", "mortgage", "ransom") counts once,
   in full when in the headline; found only in the text it cannot cancel a keyword of the
   topic's heaviest weight ("stablecoin reserves at EU banks" stays DeFi: ``_with_negatives``),
   unless another topic that could file the story claims it as its own keyword: then it
   counts as in the headline (a ransom in BTC is Technology's: ``_claimed_negatives``).
   A topic's ``exclude`` phrases veto its keyword match. One
   supporting keyword alone (weight below ``NAMING_WEIGHT``: "mining", "block", "swap")
   files nothing; it needs a second keyword (``KeywordScore.named``). A keyword written
   with words in square brackets ("from its peg [token, stablecoin]") counts only when one
   of them is in the story too (``split_keyword``).

Labels are read with plurals made singular ("NFTs" is "NFT"); a label of several words with
one topic's alias among them ("Crypto Markets", "Science & Tech") is a soft label of it.

A story that matches nothing goes to the catch-all section ``other``; ``[site] other_topic``
decides whether that section is shown, hidden from the home page, or dropped.

Every choice carries a short reason a reader can check ("source category De-fi",
"keywords: lending, liquidation, perps"). ``KeywordClassifier`` is the default; anything with
the same ``assign`` method can replace it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from digest.errors import DigestError
from digest.model import Article, Story, Topic
from digest.util import UNSPACED_SCRIPTS

OTHER = "other"
HEADLINE_WEIGHT = 3
BODY_HITS_CAP = 3  # a word repeated ten times in the body counts three times
MIN_SCORE = 3.0  # below this, keywords say nothing
NAMING_WEIGHT = 2.0  # one keyword this heavy may decide alone; lighter ones need another
SOFT_OVERRIDE_SCORE = 4.0  # another topic must reach this to overrule a soft label
REASON_KEYWORDS = 4

# Words that carry no topic inside a label: "DeFi News" reads as "DeFi".
_LABEL_NOISE = frozenset({"news", "latest", "updates", "update", "daily", "today", "the"})
CATCHALL_MODES = ("show", "hide", "drop")


@lru_cache(maxsize=16384)
def normalise_label(label: str | None) -> str:
    """"De-fi", "DeFi", "defi" and "DeFi News" all become ``"defi"``; a plural reads as its
    singular ("NFTs" as "nft", "Stablecoins" as "stablecoin")."""
    return "".join(_label_words(label))


@lru_cache(maxsize=16384)
def _label_words(label: str | None) -> tuple[str, ...]:
    """The words of a label, lower-cased, without the noise words, each plural made
    singular: "Crypto Markets News" -> ("crypto", "market")."""
    words = re.findall(r"[a-z0-9]+", (label or "").casefold())
    kept = [w for w in words if w not in _LABEL_NOISE] or words
    return tuple(_singular(w) for w in kept)


def _singular(word: str) -> str:
    """"altcoins" -> "altcoin", "cryptocurrencies" -> "cryptocurrency"; "business", "bus",
    "analysis" and short words stay as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=2048)
def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """Whole-word pattern for a keyword or phrase.

    All-caps keywords (tickers: ETH, SOL, AAVE) match case-sensitively and exactly; the rest
    ignore case, let any run of spaces or a hyphen stand for a space, and accept a plural.
    """
    lead, rest, sensitive = _pattern_parts(keyword)
    flags = 0 if sensitive else re.IGNORECASE
    # A word's edge: not inside a longer word, except one of a script written without spaces
    # (Chinese, Japanese, Thai), where "现货ETF获批" holds the word ETF; and a Korean word
    # may follow, as its particles do ("비트코인이", "ETF가").
    return re.compile(
        rf"(?<!-)(?<![^\W{UNSPACED_SCRIPTS}]){lead}{rest}"
        rf"(?!-)(?![^\W{UNSPACED_SCRIPTS}\uac00-\ud7a3])", flags
    )


@lru_cache(maxsize=8192)
def _words(keyword: str) -> tuple[str, ...]:
    """The words of a keyword or phrase: what spaces and hyphens separate."""
    return tuple(w for w in re.split(r"[\s-]+", keyword.strip()) if w)


def _pattern_parts(keyword: str, lower: bool = False) -> tuple[str, str, bool]:
    """keyword_pattern()'s body as (leading literal, the rest, case-sensitive?); ``lower``
    lower-cases the words of a pattern that ignores case."""
    if keyword.isupper():
        return re.escape(keyword), ("s?" if len(keyword) > 2 else ""), True  # "DEXs"
    words = _words(keyword)
    parts = [re.escape(w.lower() if lower else w) for w in words] or [""]
    # A Russian (Cyrillic) keyword is written as its stem: any ending of up to four letters
    # may follow each word ("блокчейн" in "блокчейна", "децентрализованн финанс" in
    # "децентрализованных финансов"); no English plural.
    endings = [_CYRILLIC_ENDING if _CYRILLIC_LAST.search(w) else "" for w in words] or [""]
    rest = endings[0] + "".join(
        r"[\s-]+" + p + ending for p, ending in zip(parts[1:], endings[1:], strict=True)
    )
    if keyword[-1:].isalpha() and not endings[-1]:
        rest += "(?:s|es)?"
    return parts[0], rest, False


_CYRILLIC_LAST = re.compile(r"[\u0400-\u04ff]$")
_CYRILLIC_ENDING = "[\u0430-\u044f\u0451]{0,4}"  # а-я, ё


@lru_cache(maxsize=2048)
def _ascii_pattern(keyword: str) -> re.Pattern[str] | None:
    """keyword_pattern(keyword) for ASCII text, to be searched in the text as written when
    the keyword is all caps and else in the text lower-cased; None for a non-ASCII keyword.

    It finds the same matches, faster: with no case to ignore and the leading literal first
    (the look-behind comes after it, reaching back over it), the regex engine skips ahead
    to each place the literal occurs instead of trying the look-behind at every position.
    """
    if not keyword.isascii():
        return None
    lead, rest, _sensitive = _pattern_parts(keyword, lower=True)
    if not lead:
        return None
    return re.compile(rf"{lead}(?<![\w-]{lead}){rest}(?![\w-])")


_CONDITION = re.compile(r"(.*?)\s*\[([^\[\]]*)\]\s*")


@lru_cache(maxsize=4096)
def split_keyword(keyword: str) -> tuple[str, tuple[str, ...]]:
    """(phrase, words one of which it needs beside it) for a keyword: "from its peg [token,
    stablecoin]" counts only in a story that also has "token" or "stablecoin" in it, so a
    currency "slips from its peg" does not; a plain keyword needs nothing: ("lending", ())."""
    match = _CONDITION.fullmatch(keyword)
    if match is None or not match[1].strip():
        return keyword, ()
    needs = tuple(w.strip() for w in match[2].split(",") if w.strip())
    return match[1].strip(), needs


@lru_cache(maxsize=1024)
def _phrase_terms(
    terms: tuple[tuple[str, float], ...],
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, ...], ...]]:
    """A topic's terms with each keyword's condition split off, and the conditions."""
    split = [split_keyword(keyword) for keyword, _ in terms]
    return (
        tuple((phrase, weight) for (phrase, _), (_, weight) in zip(split, terms, strict=True)),
        tuple(needs for _, needs in split),
    )


@dataclass(frozen=True)
class KeywordScore:
    topic: Topic
    score: float
    hits: tuple[str, ...]  # matched keywords, strongest first
    vetoed_by: str | None = None

    def named(self) -> bool:
        """True when the keywords may file a story here on their own: two or more different
        keywords matched, or one strong one (weight ``NAMING_WEIGHT`` or more, or the topic's
        heaviest weight when that is lower, as in a plain keyword list). One supporting word
        alone ("mining", "block", "margin", "wallet") is too often another sense of it: coal
        mining, a court that blocks a map, a retailer's margins, a leather wallet."""
        if len(self.hits) != 1:
            return len(self.hits) > 1
        weights, top = _weights(self.topic)
        return weights.get(self.hits[0], 0.0) >= min(NAMING_WEIGHT, top)


@dataclass(frozen=True)
class TopicChoice:
    """The classifier's answer for one story."""

    topic: str
    reason: str
    signal: str  # "label", "hint", "keywords" or "none"
    secondary: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()  # keyword score per topic slug, config order

    def explain(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "topic_reason": self.reason,
            "topic_signal": self.signal,
            "secondary_topics": list(self.secondary),
            "topic_scores": {slug: round(score, 2) for slug, score in self.scores},
        }


class Classifier(Protocol):
    def assign(
        self,
        articles: Sequence[Article],
        topics: Sequence[Topic],
        ranked: Sequence[KeywordScore] | None = None,
    ) -> TopicChoice: ...


@lru_cache(maxsize=4096)
def _first_word(keyword: str) -> str:
    """The lower-cased first word of a keyword: a match needs it somewhere in the text."""
    words = re.split(r"[\s-]+", keyword.strip())
    return (words[0] if words else keyword).lower()


_NON_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not re.match(r"\w", c)})
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")


@lru_cache(maxsize=8192)
def _lead_tokens(keyword: str) -> frozenset[str] | None:
    """Lower-cased tokens such that a match of ``keyword`` in ASCII text needs one of them
    among the lower-cased text's word tokens; None when no such test is sound.

    keyword_pattern() anchors a match between non-word, non-hyphen characters, and a phrase's
    words are joined by spaces or hyphens, so in ASCII text the first word of a match is a whole
    token: the keyword's first word, or for a one-word keyword its plural (-s, -es). An
    all-caps keyword matches case-sensitively, so its tokens lower-cased are a looser test, and
    its regex decides. A keyword with a character that matches no ASCII one ("比特币") gets
    no tokens: it cannot match ASCII text.
    """
    if any(not ch.isascii() and not any(v.isascii() for v in (ch.lower(), ch.upper(),
                                                               ch.casefold()))
           for ch in keyword):
        return frozenset()  # "比特币": a character no ASCII letter matches, in any case
    words = _words(keyword)
    if not words or not _ASCII_WORD.fullmatch(words[0]):
        return None
    first = words[0].lower()
    found = {first}
    if len(words) == 1:
        found.update((first + "s", first + "es"))
    return frozenset(found)


@dataclass(frozen=True)
class _Text:
    """One story's text, prepared once for every topic's keywords."""

    title: str
    text: str
    lowered: str  # title, newline, text, lower-cased
    tokens: frozenset[str] | None = None  # ASCII text only: the \w+ tokens of ``lowered``
    joined: str = ""  # ASCII text only: ``lowered`` as written

    @classmethod
    def of(cls, title: str, text: str) -> _Text:
        joined = f"{title}\n{text}"
        lowered = joined.lower()
        if not joined.isascii():
            return cls(title, text, lowered)
        # Every other ASCII character made a space, the words left are the \w+ tokens.
        return cls(title, text, lowered, frozenset(lowered.translate(_NON_WORD).split()), joined)

    def spans(self, keyword: str, field: int) -> list[tuple[int, int]]:
        """(start, end) of every match of keyword_pattern(keyword) in the title (``field``
        0) or the text (1), as ``finditer`` gives them."""
        fast = _ascii_pattern(keyword) if self.tokens is not None else None
        if fast is None:
            return [m.span() for m in keyword_pattern(keyword).finditer(
                self.text if field else self.title)]
        # Both fields sit in ``joined`` and ``lowered`` (title, newline, text): ``endpos``
        # ends the title, and the look-behind reads the newline before the text as its start.
        source = self.joined if keyword.isupper() else self.lowered
        if not field:
            return [m.span() for m in fast.finditer(source, 0, len(self.title))]
        skip = len(self.title) + 1
        return [(m.start() - skip, m.end() - skip) for m in fast.finditer(source, skip)]

    def candidates(self, topic: Topic, terms: tuple[tuple[str, float], ...]) -> list[int]:
        """Indexes into ``terms``, in order, of the keywords that may match this text."""
        if self.tokens is None:
            return [i for i, (keyword, _) in enumerate(terms) if self.may_match(keyword)]
        by_token, other = _term_index(topic, terms)
        found = {i for i in other if self.may_match(terms[i][0])}
        for token in self.tokens & by_token.keys():
            found.update(by_token[token])
        return sorted(found)

    def may_match(self, keyword: str) -> bool:
        """False only when ``keyword`` certainly does not match (its regex can be skipped)."""
        lead = _lead_tokens(keyword) if self.tokens is not None else None
        if lead is None:
            return _first_word(keyword) in self.lowered
        return not lead.isdisjoint(self.tokens)  # type: ignore[arg-type]


_TermIndex = tuple[dict[str, tuple[int, ...]], tuple[int, ...]]
_TERM_INDEXES: dict[int, tuple[Topic, _TermIndex]] = {}


def _term_index(topic: Topic, terms: tuple[tuple[str, float], ...]) -> _TermIndex:
    """For ASCII text: lower-cased lead token -> term indexes, and the indexes of terms with
    no token test (see _lead_tokens)."""
    cached = _TERM_INDEXES.get(id(topic))
    if cached is not None and cached[0] is topic:
        return cached[1]
    by_token: dict[str, list[int]] = {}
    other: list[int] = []
    for index, (keyword, _weight) in enumerate(terms):
        lead = _lead_tokens(keyword)
        if lead is None:
            other.append(index)
            continue
        for token in lead:
            by_token.setdefault(token, []).append(index)
    built = ({k: tuple(v) for k, v in by_token.items()}, tuple(other))
    if len(_TERM_INDEXES) > 256:
        _TERM_INDEXES.clear()
    _TERM_INDEXES[id(topic)] = (topic, built)  # holding the topic keeps its id unique
    return built


@dataclass(frozen=True)
class _Parts:
    """A topic's keyword score before its negatives are weighed (see _with_negatives)."""

    naming: float  # keywords of the topic's heaviest weight
    supporting: float  # the lighter ones
    against_headline: float  # negative keywords in the headline (3 times their weight)
    against_text: float  # negative keywords found only in the text (once)
    text_negatives: tuple[tuple[str, float], ...]  # those keywords, with their weights

    def score(self, claimed: frozenset[str] = frozenset()) -> float:
        """The score; a negative in ``claimed`` (another topic's own keyword, see
        _claimed_negatives) counts as if it were in the headline."""
        moved = sum(w for k, w in self.text_negatives if k in claimed)
        return _with_negatives(self.naming, self.supporting,
                               self.against_headline + moved * HEADLINE_WEIGHT,
                               self.against_text - moved)


def score_topic(
    title: str, text: str, topic: Topic, prepared: _Text | None = None
) -> KeywordScore:
    """One topic's keyword score, read alone (``keyword_scores`` also weighs the topics
    against each other: _claimed_negatives)."""
    return _score_parts(title, text, topic, prepared)[0]


def _score_parts(
    title: str, text: str, topic: Topic, prepared: _Text | None = None
) -> tuple[KeywordScore, _Parts | None]:
    # Cheap necessary condition first (_Text.may_match): a keyword whose first word is not
    # among the text's words cannot match, so its regex is skipped (most keywords, most
    # stories).
    page = prepared if prepared is not None else _Text.of(title, text)
    for phrase in topic.exclude:
        if not page.may_match(phrase):
            continue
        pattern = keyword_pattern(phrase)
        if pattern.search(title) or pattern.search(text):
            return KeywordScore(topic, 0.0, (), vetoed_by=phrase), None
    naming = supporting = 0.0  # keywords of the topic's heaviest weight / the lighter ones
    against_headline = against_text = 0.0  # negative keywords (see _with_negatives)
    hits: list[tuple[float, str]] = []
    text_negatives: list[tuple[str, float]] = []
    top = _weights(topic)[1]
    # A span matched by one keyword is not counted again for another that matches exactly the
    # same text ("perpetual" with its plural and "perpetuals"); a longer phrase still adds.
    claimed: set[tuple[int, int, int]] = set()
    terms, conditions = _phrase_terms(topic.terms)
    for index in page.candidates(topic, terms):
        keyword, weight = terms[index]
        if conditions[index] and not any(
            page.may_match(word) and page.spans(word, 0) + page.spans(word, 1)
            for word in conditions[index]
        ):
            continue
        counts = [0, 0]
        for field in (0, 1):
            for start, end in page.spans(keyword, field):
                span = (field, start, end)
                if span not in claimed:
                    claimed.add(span)
                    counts[field] += 1
        in_title, in_text = counts[0], min(counts[1], BODY_HITS_CAP)
        if not (in_title or in_text):
            continue
        if weight < 0:
            # Once per keyword, not once per repeat: a stablecoin story says "bank" as often
            # as it says where the reserves sit.
            if in_title:
                against_headline += weight * HEADLINE_WEIGHT
            else:
                against_text += weight
                text_negatives.append((keyword, weight))
            continue
        gained = weight * (HEADLINE_WEIGHT * min(in_title, 1) + in_text)
        if weight >= top:
            naming += gained
        else:
            supporting += gained
        hits.append((gained, keyword))
    hits.sort(key=lambda h: (-h[0], h[1].casefold()))
    parts = _Parts(naming, supporting, against_headline, against_text, tuple(text_negatives))
    return KeywordScore(topic, parts.score(), tuple(k for _, k in hits)), parts


def _with_negatives(
    naming: float, supporting: float, against_headline: float, against_text: float
) -> float:
    """A topic's keyword score from its positive and negative parts.

    A negative keyword marks the other sense of the topic's ambiguous words ("lending" at a
    bank, "yield" on a bond, a "drone" in a drone strike). In the headline it says what the
    whole story is about, so it counts in full against everything ("Ransomware Gang Demands
    Bitcoin"). Found only in the text, it may cancel the supporting keywords but never one
    that names the topic: "stablecoin reserves ... deposits at EU banks" stays a stablecoin
    story however often "bank" comes up, while "mortgage lending ... the bank" is still not
    DeFi.
    """
    return naming + supporting + against_headline + max(against_text, -max(supporting, 0.0))


_WEIGHTS: dict[int, tuple[Topic, tuple[dict[str, float], float]]] = {}


def _weights(topic: Topic) -> tuple[dict[str, float], float]:
    """A topic's keywords with their (heaviest) weight, and its heaviest positive weight (1
    for a plain keyword list); made once per topic."""
    kept = _WEIGHTS.get(id(topic))
    if kept is not None and kept[0] is topic:
        return kept[1]
    weights: dict[str, float] = {}
    for keyword, weight in _phrase_terms(topic.terms)[0]:
        weights[keyword] = max(weight, weights.get(keyword, weight))
    made = (weights, max((w for w in weights.values() if w > 0), default=0.0))
    if len(_WEIGHTS) > 256:
        _WEIGHTS.clear()
    _WEIGHTS[id(topic)] = (topic, made)  # holding the topic keeps its id unique
    return made


def primary_scores(article: Article, topics: Sequence[Topic]) -> list[KeywordScore]:
    """The keyword scores ``assign`` reads for a story whose primary article is ``article``
    (they depend on nothing else: they may be made before the story is known)."""
    return keyword_scores(article.title, _scored_text(article), topics)


def _scored_text(article: Article) -> str:
    """The summary and the paragraphs; a summary cut from the text (a feed's description
    made of its first sentences, "..." at the end) once, as the text has it: read twice,
    the opening's keywords counted double."""
    text = " ".join(article.paragraphs)
    summary = article.summary.rstrip(".… \t\n")
    if summary and summary in text:
        return text
    return f"{article.summary} {text}" if text else article.summary


def keyword_scores(title: str, text: str, topics: Sequence[Topic]) -> list[KeywordScore]:
    """Every topic's keyword score, best first (ties: earlier topic first)."""
    prepared = _Text.of(title, text)
    made = [_score_parts(title, text, topic, prepared) for topic in topics]
    scored = [score for score, _ in made]
    if any(parts is not None and parts.text_negatives for _, parts in made):
        scored = _claimed_negatives(made)
    order = {topic.slug: index for index, topic in enumerate(topics)}
    return sorted(scored, key=lambda s: (-s.score, order[s.topic.slug]))


def _claimed_negatives(made: Sequence[tuple[KeywordScore, _Parts | None]]) -> list[KeywordScore]:
    """The scores, each negative keyword found only in the text that another topic claims
    counted as if it were in the headline.

    A negative found only in the text says little on its own ("bank" in a post on stablecoin
    reserves): it cannot cancel the words that name the topic. But when it is a keyword of
    another topic, and that topic's keywords could file the story on their own (two keywords,
    or one strong one, scoring at least ``MIN_SCORE``), the story is that topic's and the first
    topic's words only a means to it: "Parcelo breach: crew wants 40 BTC ... has not commented
    on the ransom demand ... stolen credentials" is a security story (Technology claims
    "ransom") whose bitcoin is the ransom's currency, not a Blockchain story.
    """
    claimers = {
        score.topic.slug: _weights(score.topic)[0]
        for score, _ in made
        if score.named() and score.score >= MIN_SCORE
    }
    found = []
    for score, parts in made:
        if parts is None or not parts.text_negatives:
            found.append(score)
            continue
        claimed = frozenset(
            keyword for keyword, _ in parts.text_negatives
            if any(slug != score.topic.slug and own.get(keyword, 0.0) > 0
                   for slug, own in claimers.items())
        )
        found.append(replace(score, score=parts.score(claimed)) if claimed else score)
    return found


def _label_match(label: str | None, topics: Sequence[Topic]) -> tuple[Topic, bool] | None:
    """(topic, is_soft) for a label, or None when the label says nothing: the first topic
    whose slug or alias it is, else the first whose soft alias it is."""
    key = normalise_label(label)
    if not key:
        return None
    return _label_index(topics).get(key)


def _partial_label_match(label: str | None, topics: Sequence[Topic]) -> tuple[Topic, str] | None:
    """(topic, matched words) for a label of several words, part of which is a slug or alias
    of exactly one topic: "Crypto Markets", "Bitcoin Price", "Science & Tech". None when no
    part matches, or parts match different topics ("DeFi & Web3" says nothing)."""
    words = _label_words(label)
    if len(words) < 2:
        return None
    index = _label_index(topics)
    found: dict[str, tuple[Topic, str]] = {}
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = "".join(words[start : start + size])
            match = index.get(part)
            if match is not None:
                found.setdefault(match[0].slug, (match[0], part))
    if len(found) != 1:
        return None
    return next(iter(found.values()))


_LABEL_INDEXES: dict[int, tuple[Sequence[Topic], dict[str, tuple[Topic, bool]]]] = {}


def _label_index(topics: Sequence[Topic]) -> dict[str, tuple[Topic, bool]]:
    """Every normalised slug and alias of ``topics`` with its topic, as ``_label_match``
    reads them; made once per topics object (a build's are one tuple), not per label."""
    kept = _LABEL_INDEXES.get(id(topics))
    if kept is not None and kept[0] is topics:
        return kept[1]
    frozen = isinstance(topics, tuple)  # a list could change under its id
    index: dict[str, tuple[Topic, bool]] = {}
    for topic in topics:
        for alias in topic.soft_aliases:
            index.setdefault(normalise_label(alias), (topic, True))
    hard: dict[str, tuple[Topic, bool]] = {}
    for topic in topics:
        for alias in (topic.slug, *topic.aliases):
            hard.setdefault(normalise_label(alias), (topic, False))
    index.update(hard)
    if not frozen:
        return index
    if len(_LABEL_INDEXES) > 16:
        _LABEL_INDEXES.clear()
    _LABEL_INDEXES[id(topics)] = (topics, index)  # the topics kept: their id stays theirs
    return index


def _labels(article: Article) -> list[str]:
    labels = [article.source_category] if article.source_category else []
    seen = {normalise_label(article.source_category)}
    for tag in article.tags:
        if normalise_label(tag) not in seen:
            seen.add(normalise_label(tag))
            labels.append(tag)
    return labels


def _keywords_reason(score: KeywordScore) -> str:
    return "keywords: " + ", ".join(score.hits[:REASON_KEYWORDS])


@dataclass(frozen=True)
class KeywordClassifier:
    """Labels first, then the configured hint, then weighted keywords."""

    min_score: float = MIN_SCORE
    soft_override: float = SOFT_OVERRIDE_SCORE

    def assign(
        self,
        articles: Sequence[Article],
        topics: Sequence[Topic],
        ranked: Sequence[KeywordScore] | None = None,
    ) -> TopicChoice:
        """``ranked``: ``primary_scores(articles[0], topics)``, when they were made already."""
        if not articles:
            return TopicChoice(OTHER, "no articles", "none")
        primary = articles[0]
        if ranked is None:
            ranked = primary_scores(primary, topics)
        by_slug = {s.topic.slug: s for s in ranked}
        scores = tuple((t.slug, by_slug[t.slug].score) for t in topics)

        def done(topic: str, reason: str, signal: str) -> TopicChoice:
            secondary = tuple(
                t.slug
                for t in topics
                if t.slug != topic
                and t.secondary_score > 0
                and by_slug[t.slug].score >= t.secondary_score
            )
            return TopicChoice(topic, reason, signal, secondary, scores)

        labels = [label for article in articles for label in _labels(article)]
        found = self._by_labels(labels, topics, ranked, "source category", primary)
        if found:
            return done(*found, "label")
        hints = [a.category_hint for a in articles if a.category_hint]
        found = self._by_labels(hints, topics, ranked, "source hint", primary)
        if found:
            return done(*found, "hint")
        best = next((s for s in ranked if s.named()), None)
        if best and best.score >= self.min_score:
            return done(best.topic.slug, _keywords_reason(best), "keywords")
        return done(OTHER, "no category or keyword matched", "none")

    def _by_labels(
        self,
        labels: Sequence[str],
        topics: Sequence[Topic],
        ranked: Sequence[KeywordScore],
        what: str,
        primary: Article,
    ) -> tuple[str, str] | None:
        # A label that is an alias names its topic; one that is a soft alias, or has one
        # topic's alias among its words ("Crypto Markets", "Science & Tech"), points there
        # unless another topic's keywords clearly win.
        soft: tuple[Topic, str, str] | None = None
        for label in labels:
            match = _label_match(label, topics)
            if match is None:
                if soft is None:
                    partial = _partial_label_match(label, topics)
                    if partial is not None:
                        soft = (partial[0], label, partial[1])
                continue
            topic, is_soft = match
            if not is_soft:
                return topic.slug, f"{what} {label}"
            soft = soft or (topic, label, normalise_label(label))
        if soft is None:
            return None
        topic, label, key = soft
        # The label's own word ("Ethereum") in the text says nothing new: leave it out.
        without_label = replace(
            topic,
            keywords=tuple(k for k in topic.keywords if normalise_label(k) != key),
            weighted_keywords=tuple(
                (k, w) for k, w in topic.weighted_keywords if normalise_label(k) != key
            ),
        )
        own_score = score_topic(primary.title, _scored_text(primary), without_label).score
        rival = next((s for s in ranked if s.topic.slug != topic.slug), None)
        if (
            rival
            and rival.named()
            and rival.score >= self.soft_override
            and rival.score > own_score
        ):
            return rival.topic.slug, f"{what} {label}, but {_keywords_reason(rival)}"
        return topic.slug, f"{what} {label}"


DEFAULT_CLASSIFIER = KeywordClassifier()


def assign(
    articles: Sequence[Article],
    topics: Sequence[Topic],
    classifier: Classifier = DEFAULT_CLASSIFIER,
    ranked: Sequence[KeywordScore] | None = None,
) -> TopicChoice:
    """The topic (and secondary topics, and the reason) for a story, primary article first.
    ``ranked``: ``primary_scores(articles[0], topics)``, when they were made already."""
    return classifier.assign(articles, topics, ranked)


def classify(articles: Sequence[Article], topics: Sequence[Topic]) -> tuple[str, str]:
    """(topic slug, reason) for a story made of ``articles`` (primary first)."""
    choice = assign(articles, topics)
    return choice.topic, choice.reason


def ordered_topics(topics: Sequence[Topic]) -> tuple[Topic, ...]:
    """Topics in page order: by ``order``, then as written in the config."""
    return tuple(t for _, t in sorted(enumerate(topics), key=lambda it: (it[1].order, it[0])))


# ---------------------------------------------------------------- measuring quality


@dataclass(frozen=True)
class LabelledItem:
    """One hand-labelled example: what a reader would file the headline under."""

    title: str
    summary: str
    expected: str
    category: str | None = None
    hint: str | None = None
    case: str | None = None

    def article(self) -> Article:
        return Article(
            id="labelled-" + hashlib.sha1(self.title.encode()).hexdigest()[:12],
            origin="labelled",
            location="labelled set",
            title=self.title,
            source_name="labelled set",
            source_category=self.category,
            category_hint=self.hint,
            summary=self.summary,
        )


@dataclass(frozen=True)
class Evaluation:
    total: int
    correct: int
    labels: tuple[str, ...]
    confusion: dict[tuple[str, str], int]  # (expected, predicted) -> count
    misses: tuple[tuple[LabelledItem, TopicChoice], ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def table(self) -> str:
        """The confusion matrix as text: rows are expected, columns predicted."""
        width = max(10, *(len(label) + 2 for label in self.labels))
        lines = ["expected \\ got".ljust(16) + "".join(lb.rjust(width) for lb in self.labels)]
        for row in self.labels:
            cells = "".join(
                str(self.confusion.get((row, col), 0)).rjust(width) for col in self.labels
            )
            lines.append(row.ljust(16) + cells)
        return "\n".join(lines)


def load_labelled(path: str | Path) -> list[LabelledItem]:
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(LabelledItem(**row))
        except (ValueError, TypeError) as exc:
            raise DigestError(f"{path}, line {number}", f"not a labelled item: {exc}",
                              'write {"title": ..., "summary": ..., "expected": ...}') from exc
    return items


def evaluate(
    items: Sequence[LabelledItem],
    topics: Sequence[Topic],
    classifier: Classifier = DEFAULT_CLASSIFIER,
) -> Evaluation:
    labels = tuple([t.slug for t in topics] + [OTHER])
    confusion: dict[tuple[str, str], int] = {}
    misses = []
    correct = 0
    for item in items:
        choice = classifier.assign([item.article()], topics)
        key = (item.expected, choice.topic)
        confusion[key] = confusion.get(key, 0) + 1
        if choice.topic == item.expected:
            correct += 1
        else:
            misses.append((item, choice))
    return Evaluation(len(items), correct, labels, confusion, tuple(misses))


def is_published(story: Story, other_topic: str) -> bool:
    """False for a catch-all story when ``[site] other_topic = "drop"``."""
    return not (other_topic == "drop" and story.topic == OTHER)
