"""Markdown written for other static-site generators (Hugo, Jekyll, MkDocs, Docusaurus,
Pandoc, GitHub): each construct read as its site would show it, never printed as syntax,
no paragraph lost. Every text here is synthetic, written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.clean import clean_with_report
from digest.ingest.markdown import parse_markdown_file, render_markdown
from digest.model import Article


def cleaned(tmp_path: Path, body: str, front: str = "title: A test post\n") -> Article:
    path = tmp_path / "post.md"
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    article = parse_markdown_file(path)
    assert article is not None
    return clean_with_report(article)[0]


def no_syntax(article: Article) -> None:
    for text in (*article.paragraphs, article.summary, article.title):
        for mark in ("{{", "}}", "{%", "%}", "[^", ":::", "!!!"):
            assert mark not in text, (mark, text)


# Footnotes

def test_footnote_markers_stand_apart_and_each_note_is_a_paragraph_at_the_end(
        tmp_path: Path) -> None:
    article = cleaned(tmp_path, (
        "The bridge reopened on Tuesday[^1] after a pause. Fees fell too[^fee].\n\n"
        "[^1]: According to the operator's status page.\n"
        "[^fee]: Measured over one week,\n    from Monday to Sunday.\n\n"
        "A closing paragraph written after the notes.\n"
    ))
    assert article.paragraphs == (
        # the text dedupe and topics read carries no marker; the page shows them
        "The bridge reopened on Tuesday after a pause. Fees fell too.",
        "A closing paragraph written after the notes.",
        "[1] According to the operator's status page.",
        "[2] Measured over one week, from Monday to Sunday.",
    )
    assert "Tuesday&nbsp;[1]" in article.body_html or "Tuesday [1]" in article.body_html


def test_a_footnote_of_two_paragraphs_is_not_a_code_block_and_inline_notes_count(
        tmp_path: Path) -> None:
    html = render_markdown(
        "Rates rose^[By a quarter point.] and then[^long] held.[^gone]\n\n"
        "[^long]: The first paragraph of the note.\n\n    Its second paragraph.\n\n"
        "[^spare]: A note nothing refers to.\n"
    )
    assert "<pre>" not in html and "[gone]" not in html and "[^" not in html
    assert html.index("[1] By a quarter point.") < html.index("[2] The first paragraph")
    assert "<p>Its second paragraph.</p>" in html
    assert "[3] A note nothing refers to." in html  # kept, after the numbered ones


def test_footnote_syntax_in_code_is_shown_as_written() -> None:
    html = render_markdown("Text.[^1]\n\n```\nx[^1]\n[^1]: in code\n```\n\n[^1]: Note.\n")
    assert "x[^1]\n[^1]: in code" in html and "[1] Note." in html


# Hugo shortcodes

def test_a_figure_shortcode_keeps_its_caption_as_prose_and_embeds_vanish(
        tmp_path: Path) -> None:
    article = cleaned(tmp_path, (
        "The exchange published its quarterly report.\n\n"
        '{{< figure src="chart.png" caption="Trading volume rose sharply in October." >}}\n\n'
        '{{< tweet user="someone" id="1234" >}}\n\n{{< youtube dQw4w9WgXcQ >}}\n\n'
        '{{< figure\n  src="https://img.example/v.png"\n  alt="Volume"\n'
        '  caption="Volume by month." >}}\n\nAnalysts expect more growth.\n'
    ))
    no_syntax(article)
    assert article.paragraphs == (
        "The exchange published its quarterly report.",
        "Trading volume rose sharply in October.",
        "Volume by month.",
        "Analysts expect more growth.",
    )
    assert '<img src="https://img.example/v.png" alt="Volume">' in article.body_html


def test_hugo_highlight_becomes_code_and_escaped_shortcodes_in_code_are_shown() -> None:
    html = render_markdown(
        '{{< highlight go "linenos=table" >}}\nfunc main() {}\n{{< /highlight >}}\n\n'
        '```\n{{</* figure src="x.png" */>}}\n```\n\nInline `{{< ref "a.md" >}}` code.\n'
    )
    assert '<pre><code class="language-go">func main() {}\n</code></pre>' in html
    assert "{{&lt; figure src=&quot;x.png&quot; &gt;}}" in html and "/*" not in html
    assert "<code>{{&lt; ref &quot;a.md&quot; &gt;}}</code>" in html


# Jekyll's Liquid

def test_liquid_tags_do_not_print_and_their_text_reads_as_the_site_shows_it(
        tmp_path: Path) -> None:
    article = cleaned(tmp_path, (
        "{% include toc.html %}\n\nThe protocol voted on a new fee.\n\n"
        "{% highlight python linenos %}\nfee = 0.3\n{% endhighlight %}\n\n"
        "See [the vote]({{ site.baseurl }}{% link votes.md %}) and {{ page.title | upcase }}.\n\n"
        "{% raw %}\nWrite {{ name }} in a template.\n{% endraw %}\n\n"
        '{% include figure.html image="x.png" caption="A caption that is prose." %}\n\n'
        "{% comment %}\nA note for editors only.\n{% endcomment %}\n\n"
        "{%- if page.extra -%}\nShown when set.\n{%- endif -%}\n\nThe closing paragraph.\n"
    ))
    assert article.paragraphs == (
        "The protocol voted on a new fee.",
        "fee = 0.3",
        "See the vote and .",
        "Write {{ name }} in a template.",  # {% raw %}: shown as written, as Jekyll does
        "A caption that is prose.",
        "Shown when set.",
        "The closing paragraph.",
    )
    assert "<pre><code>fee = 0.3" in article.body_html


def test_braces_that_are_no_liquid_value_stay() -> None:
    html = render_markdown("TeX {{a}} and a {{ template }} stay.\n\n```\n{{ site.url }}\n```\n")
    assert "TeX {{a}} and a {{ template }} stay." in html and "{{ site.url }}" in html


# Admonitions

def test_mkdocs_admonitions_are_quotes_not_code(tmp_path: Path) -> None:
    article = cleaned(tmp_path, (
        'Opening paragraph.\n\n!!! note "Heads up"\n    The upgrade happens on Friday.\n\n'
        "    Its second paragraph.\n\n!!! warning\n    Back up your keys.\n\n"
        '???+ tip "Folded"\n    A tip that folds.\n\nClosing paragraph.\n'
    ))
    no_syntax(article)
    assert "<pre>" not in article.body_html
    assert article.paragraphs == (
        "Opening paragraph.", "Heads up", "The upgrade happens on Friday.",
        "Its second paragraph.", "Back up your keys.", "Folded", "A tip that folds.",
        "Closing paragraph.",
    )


def test_docusaurus_and_pandoc_containers_are_quotes(tmp_path: Path) -> None:
    article = cleaned(tmp_path, (
        "Opening paragraph.\n\n:::note\nA note's text.\n:::\n\n"
        "::::tip[Outer title]\nOuter text.\n\n:::danger Inner\nInner text.\n:::\n\n"
        "```\n:::kept in code\n```\n::::\n\n::: {.warning}\nA Pandoc div.\n:::\n\nThe end.\n"
    ))
    assert article.paragraphs == (
        "Opening paragraph.", "A note's text.", "Outer title", "Outer text.", "Inner",
        "Inner text.", ":::kept in code", "A Pandoc div.", "The end.",
    )
    assert article.body_html.count("<blockquote>") == 4


# Definition lists, task lists, Markdown in HTML, math, emoji

def test_definition_lists_and_task_lists_read_as_text(tmp_path: Path) -> None:
    article = cleaned(tmp_path, (
        "Intro paragraph.\n\nStaking\n:   Locking tokens to secure a network.\n"
        ":   Earning a reward for it.\n\nSlashing\n\n: Losing part of a stake.\n\n"
        "- [x] Audit the contract\n- [ ] Publish the report\n"
    ))
    assert article.paragraphs == (
        "Intro paragraph.", "Staking: Locking tokens to secure a network.",
        "Earning a reward for it.", "Slashing: Losing part of a stake.",
        "☑ Audit the contract", "☐ Publish the report",
    )


def test_markdown_inside_an_html_block_marked_markdown_is_read() -> None:
    html = render_markdown('<div class="note" markdown="1">\nA **bold** claim.\n</div>\n')
    assert "<strong>bold</strong>" in html and "**" not in html


def test_math_is_shown_as_tex_and_money_stays_money(tmp_path: Path) -> None:
    article = cleaned(tmp_path, (
        "The fee is $f = 0.3\\%$ of volume, $x$ for short. It cost $5 and $10, "
        "then US$5-$6; $ETH/$BTC fell.\n\n$$\n\\sum_i a_i = A\n$$\n\nAfter the math.\n"
    ))
    assert article.paragraphs == (
        "The fee is f = 0.3\\% of volume, x for short. It cost $5 and $10, then US$5-$6; "
        "$ETH/$BTC fell.",
        "\\sum_i a_i = A",
        "After the math.",
    )


def test_emoji_shortcodes_are_emoji() -> None:
    html = render_markdown("Launch :rocket: at 10:30:45, :not_an_emoji: stays.\n")
    assert "Launch 🚀 at 10:30:45, :not_an_emoji: stays." in html


# Summary

def test_the_text_before_more_is_the_summary(tmp_path: Path) -> None:
    article = cleaned(tmp_path, "The part a list shows.\n<!--more-->\nThe rest of it.\n\nMore.\n")
    assert article.summary == "The part a list shows."
    assert article.paragraphs == ("The part a list shows.", "The rest of it.", "More.")
    given = cleaned(tmp_path, "Body.\n<!--more-->\nRest.\n", "title: T\nsummary: Given.\n")
    assert given.summary == "Given."


def test_a_front_matter_summary_in_markdown_is_read_as_markdown(tmp_path: Path) -> None:
    article = cleaned(tmp_path, "Body text here.\n",
                      'title: T\nsummary: "Fees **fell** by [half](https://e.org/x)."\n')
    assert article.summary == "Fees fell by half."


# What clean.py (owned elsewhere) should do with what this reader now gives it

def test_a_footnote_marker_is_no_part_of_the_summary(tmp_path: Path) -> None:
    article = cleaned(tmp_path, "Fees fell on Tuesday[^1] after a pause.\n\n[^1]: A note.\n")
    assert article.summary == "Fees fell on Tuesday after a pause."


def test_an_admonition_title_is_no_part_of_the_summary(tmp_path: Path) -> None:
    article = cleaned(tmp_path, 'Opening paragraph.\n\n!!! note "Heads up"\n    The text.\n')
    assert article.summary == "Opening paragraph. The text."


@pytest.mark.parametrize("opener", [
    "{% raw %}", "{% comment %}", "{% capture note %}", "{% highlight go %}",
    "{{< highlight go >}}",
])
def test_a_paired_tag_left_open_goes_and_its_text_stays(tmp_path: Path, opener: str) -> None:
    """An opening tag with no closing one is read as a lone tag: it goes, the text after it
    stays. (Its pair is not tried at all then: each copy of it was read to the end of the
    file, and a file of 8,000 of them took 28 s.)"""
    article = cleaned(tmp_path, f"The relay restarted at noon. {opener} Deposits resumed an "
                                f"hour later, the operator said.\n\n{opener} Fees held.\n")
    no_syntax(article)
    assert article.paragraphs == (
        "The relay restarted at noon. Deposits resumed an hour later, the operator said.",
        "Fees held.",
    )


def test_a_container_left_open_keeps_its_title_and_the_text_after_it(tmp_path: Path) -> None:
    """A ":::" container that nothing closes is no quote of the rest of the file (each of its
    copies read the rest again, one level deeper: thousands of them ran out of stack)."""
    article = cleaned(tmp_path, ":::tip[Before you bridge]\nCheck the fee first.\n\n"
                                "The bridge reopened on Monday after the audit.\n")
    no_syntax(article)
    assert article.paragraphs == ("Before you bridge", "Check the fee first.",
                                  "The bridge reopened on Monday after the audit.")
    many = cleaned(tmp_path, ":::note\nA line.\n\n" * 3000)
    assert many.paragraphs == ("A line.",) * 3000


def test_containers_nested_deeper_than_a_dozen_levels_are_read_without_error(
        tmp_path: Path) -> None:
    """Quoted a dozen levels deep at most; what is deeper reads as written."""
    article = cleaned(tmp_path, ":::note\n" * 2000 + "The innermost text.\n" + ":::\n" * 2000)
    assert any("The innermost text." in p for p in article.paragraphs)
