"""The public face of safeguarding_plan.evaluation keeps the 0.x names and import paths."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

import safeguarding_plan
from safeguarding_plan import SafeguardingPlanError, UnknownIdError, evaluation

OLD_NAMES = [
    "RAG", "Z_95", "ActionResult", "ActionStatus", "Confidence", "DirectionOfTravel",
    "Interval", "OutcomeResult", "Report", "Rollup", "RollupRule", "Status", "TargetResult",
    "Tolerance", "TolerancePolicy", "Trajectory", "Travel", "WorstRag", "evaluate",
]  # fmt: skip


@pytest.mark.parametrize("name", OLD_NAMES)
def test_every_name_of_the_old_module_is_still_there(name):
    """from safeguarding_plan.evaluation import <name> keeps working."""
    assert name in evaluation.__all__
    assert getattr(evaluation, name) is not None


@pytest.mark.parametrize("name", sorted(set(OLD_NAMES) - {"Z_95"}))
def test_the_package_re_exports_the_same_objects(name):
    """safeguarding_plan.<name> is safeguarding_plan.evaluation.<name>."""
    assert getattr(safeguarding_plan, name) is getattr(evaluation, name)


def test_public_classes_say_they_live_in_the_public_module():
    """Reprs, pickles and the API docs name safeguarding_plan.evaluation, not a private room."""
    expected = {"safeguarding_plan.evaluation"}

    actual = {getattr(evaluation, name).__module__ for name in ("Report", "TargetResult", "RAG")}

    assert expected == actual


def test_a_report_pickles(s42_plan):
    """Results cross process boundaries (multiprocessing, caches)."""
    report = evaluation.evaluate(s42_plan, as_of=date(2023, 10, 31))

    assert report == pickle.loads(pickle.dumps(report))  # noqa: S301 - our own data


def test_an_unknown_target_is_a_key_error_and_one_of_ours(s42_plan):
    """Old `except KeyError` still works; the error derives from SafeguardingPlanError."""
    report = evaluation.evaluate(s42_plan, as_of=date(2023, 10, 31))

    with pytest.raises(KeyError) as info:
        report.target("s42-2023")

    assert isinstance(info.value, SafeguardingPlanError | UnknownIdError)
    assert "did you mean 's42-2023-24'?" in str(info.value)


def test_the_module_lists_only_its_public_names():
    """dir() shows __all__, as packaging's modules do."""
    assert sorted(evaluation.__all__) == sorted(dir(evaluation))
