"""One test per cleaning fixture: each dump or page beside its hand-written expected result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.clean import clean_with_report, learn_furniture
from digest.ingest import Input, _kind_of, read_input
from digest.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
CASES = sorted(
    p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html") and not p.name.startswith("_")
)


def _read(path: Path) -> Article:
    (article,) = read_input(Input(_kind_of(path), path))
    return article


@pytest.fixture(scope="module")
def furniture():
    """Per-site counts over every dump in the folder, as a build computes them."""
    return learn_furniture(_read(p) for p in CASES if p.suffix == ".txt")


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 30
    assert all(p.with_name(p.stem + ".expected.json").is_file() for p in CASES)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path, furniture) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    article, report = clean_with_report(_read(path), furniture)
    assert article.title == expected["title"]
    assert list(article.headings) == expected["headings"]
    if expected["kind"] == "dump":
        assert list(article.paragraphs) == expected["paragraphs"]
        assert article.source_category == expected["category"]
        assert article.summary == expected["standfirst"]
        assert article.note == expected["note"]
        assert article.published is None  # relative ages are never the article's date
        dropped = {line for line, _rule in report.dropped}
        for line in expected["furniture"]:
            assert line in dropped, f"furniture kept: {line!r}"
    else:
        # Pages: every expected paragraph present, nothing else (furniture) leaked.
        assert list(article.paragraphs) == expected["paragraphs"]
        assert (article.published.isoformat() if article.published else None) == expected[
            "published"
        ]
    assert article.author == expected["author"]
    text = "\n".join([article.title, article.summary, *article.paragraphs, *article.headings])
    for line in expected["furniture"]:
        if len(line) > 3:
            assert line not in text
