"""Real-world splits of a crypto digest, third round: two outlets' rewrites of one event
that share its figures, not its words. All outlets, people and text invented."""

from __future__ import annotations

import pytest

from tests.test_dedupe import art, groups

# A gas-limit vote on an invented chain, reported by a wire and rewritten by a trade site:
# the same figures (block 4,812,207, 36 million gas, 2,150 validators), little wording in
# common, no shared quotation.
WIRE = [
    "Validators on the Tessaline network voted to raise the block gas limit by 20% at block "
    "4,812,207 on Tuesday, the largest increase since the chain launched, after 2,150 "
    "validators signalled support.",
    "The new limit of 36 million gas per block lets each block carry more transactions, "
    "which should ease the fee spikes seen during busy hours this autumn.",
    "Average fees fell to about 9 cents per transfer after the change, according to figures "
    "from the explorer Brightwater Scan.",
    "The change puts more load on home validators, said Oskar Lindqvist, a researcher at "
    "Fennick Labs, who expects some of them to upgrade their disks this winter.",
    "Core developers plan to review the limit again after the holiday period.",
]
REWRITE = [
    "The vote closed at block 4,812,207 with 2,150 validators in favour, lifting the limit "
    "to 36 million gas per block.",
    "Busy hours this autumn had pushed transfer fees above a dollar at times; they were "
    "near 9 cents on Tuesday evening.",
    "Running a validator from home now takes a faster disk, according to Oskar Lindqvist "
    "of Fennick Labs, who called the increase overdue.",
    "Developers said they would look at the limit again in the new year and could raise it "
    "further if the network keeps up.",
]


def test_two_rewrites_of_one_event_sharing_its_figures_are_one_story() -> None:
    """Headline figures that agree (20% / 20%), a rare headline word, and two more telling
    figures of the texts in common (4,812,207; 2,150): one event (before, body Jaccard
    under 0.1 and no common quotation kept them apart)."""
    a = art("a", "Tessaline Validators Raise Gas Limit 20% at Record Vote", WIRE)
    b = art("b", "Tessaline gas limit jumps 20% after validator vote", REWRITE, 1)
    assert groups([a, b]) == [{"a", "b"}]


def test_a_rounded_headline_figure_still_agrees() -> None:
    """"20.4%" / "20%": a headline may round (``headline_figures_agree``)."""
    a = art("a", "Tessaline Validators Raise Gas Limit 20.4% at Record Vote", WIRE)
    b = art("b", "Tessaline gas limit jumps 20% after validator vote", REWRITE, 1)
    assert groups([a, b]) == [{"a", "b"}]


@pytest.mark.parametrize(
    "title, body, hours",
    [
        # the same figures a week later: outside quote_hours, another vote
        ("Tessaline gas limit jumps 20% after validator vote", REWRITE, 24 * 7),
        # another headline figure: another event (the veto)
        ("Tessaline gas limit jumps 35% after validator vote", REWRITE, 1),
        # one telling figure in common besides the headline's (a commentary repeating the
        # block number): not enough
        ("Tessaline gas limit jumps 20% after validator vote",
         [REWRITE[0].replace("with 2,150 validators", "with most validators")
          .replace("to 36 million gas per block", "for every block"), *REWRITE[1:]], 1),
    ],
)
def test_figures_alone_do_not_join_another_event_or_a_weaker_match(
    title: str, body: list[str], hours: float
) -> None:
    a = art("a", "Tessaline Validators Raise Gas Limit 20% at Record Vote", WIRE)
    b = art("b", title, body, hours)
    assert groups([a, b]) == [{"a"}, {"b"}]


def test_shared_figures_without_a_shared_headline_word_stay_apart() -> None:
    """Two chains' votes on one day that happen to give the same numbers: the headlines
    share no rare word besides the figure."""
    a = art("a", "Tessaline Validators Raise Gas Limit 20% at Record Vote", WIRE)
    b = art("b", "Orrin fees drop 20% in busy week", REWRITE, 1)
    assert groups([a, b]) == [{"a"}, {"b"}]


def test_texts_without_headline_figures_are_not_read_for_this_rule() -> None:
    """The rule asks for a figure in both headlines: without one, nothing changes."""
    a = art("a", "Tessaline Validators Raise Gas Limit at Record Vote", WIRE)
    b = art("b", "Tessaline gas limit goes up after validator vote", REWRITE, 1)
    assert groups([a, b]) == [{"a"}, {"b"}]
