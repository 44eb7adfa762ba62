"""Roll-ups: counts of each status and RAG, and the worst judged RAG (GREY if none)."""

from __future__ import annotations

import pytest

from safeguarding_plan import InvalidValueError
from safeguarding_plan.evaluation import RAG, PublicationPolicy, WorstRag


@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        ([RAG.GREEN, RAG.GREY, RAG.AMBER], RAG.AMBER),
        ([RAG.GREEN, RAG.RED, RAG.AMBER], RAG.RED),
        ([RAG.GREEN], RAG.GREEN),
        ([RAG.GREY], RAG.GREY),
        ([], RAG.GREY),
    ],
)
def test_the_default_rule_is_the_worst_judged_rag(rags, expected):
    """"An overall RAG that is the worst RAG among judged items (GREY only when nothing
    could be judged)"."""
    actual = WorstRag()(rags)

    assert expected == actual


def test_a_rollup_counts_each_status_and_rag_in_order_of_first_appearance(s42_plan):
    """70% against "at most 64%" (2023/24) and on the way to 44%: both red."""
    from datetime import date

    from safeguarding_plan import Observation, evaluate

    data = [Observation(indicator="s42", period="2023/24", value=70)]
    overall = evaluate(s42_plan, data, as_of=date(2024, 4, 30)).overall
    expected = ({"not_met": 1, "off_track": 1}, {"red": 2}, RAG.RED, 2, 2)

    actual = (
        {status.value: n for status, n in overall.counts.items()},
        {rag.value: n for rag, n in overall.rags.items()},
        overall.rag,
        overall.total,
        overall.judged,
    )

    assert expected == actual


@pytest.mark.parametrize("threshold", [0, -5, True, "5"])
def test_a_publication_threshold_must_be_a_number_above_zero(threshold):
    """A policy that could hide nothing sensible cannot be made."""
    with pytest.raises(InvalidValueError, match="suppress_below"):
        PublicationPolicy(suppress_below=threshold)
