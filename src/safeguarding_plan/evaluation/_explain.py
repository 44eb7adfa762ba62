"""The only place that writes English: sentences rendered from verdicts and results.

Every sentence a result carries is made here from structured fields (a
:class:`~safeguarding_plan.evaluation._targets.Reason`, an action's state, an outcome's
assessment); nothing else in the engine writes words, and nothing reads them back. A
:class:`~safeguarding_plan.evaluation.PublicationPolicy` decides how counts are shown.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from safeguarding_plan._format import format_amount, format_number
from safeguarding_plan.evaluation._forecast import (
    MIN_VALUES,
    WINDOW_YEARS,
    Forecast,
    ForecastBasis,
    Outlook,
)
from safeguarding_plan.evaluation._goals import Goal, MissingReference, Sense
from safeguarding_plan.evaluation._numbers import close
from safeguarding_plan.evaluation._policies import PublicationPolicy, Tolerance, TolerancePolicy
from safeguarding_plan.evaluation._targets import Reason, ReasonKind
from safeguarding_plan.evaluation._vocabulary import ActionStatus, Status
from safeguarding_plan.model import (
    AbsoluteChange,
    AbsoluteTolerance,
    Action,
    Indicator,
    Outcome,
    Plan,
    PlanTolerancePolicy,
    Reference,
    RelativeChange,
    Target,
    ToleranceDeclaration,
    format_value,
)
from safeguarding_plan.observations import ActionUpdate, Assessment
from safeguarding_plan.periods import Period, Quarter

if TYPE_CHECKING:
    from safeguarding_plan.evaluation._results import TargetResult, TargetRevision

__all__ = [
    "action_sentence",
    "baseline_conflict",
    "comparators_sentence",
    "date_text",
    "forecast_sentence",
    "outcome_sentence",
    "overdue_value",
    "target_sentence",
    "tolerance_sentence",
    "withheld_for_publication",
]

_NO_PUBLICATION_POLICY = PublicationPolicy()


@functools.lru_cache(maxsize=4096)
def date_text(day: dt.date) -> str:
    """A date for people: ``30 September 2023``."""
    return f"{day.day} {day:%B %Y}"


def _fmt(value: float, unit: str) -> str:
    """A figure for people, by the one formatter's rounding rule (two places at most)."""
    return format_value(value, unit)


def _fmt_of(indicator: Indicator, value: float) -> str:
    return _fmt(value, indicator.unit)


def _amount(value: float, unit: str) -> str:
    """A size for people: ``1 percentage point``, ``3.2 percentage points``, ``6.5``."""
    return format_amount(value, unit)


def _miss_and_tolerance(reason: Reason, ind: Indicator) -> tuple[str, str]:
    """The miss and the tolerance in words, with enough decimals to tell them apart.

    A miss just beyond the tolerance (3.204 against 3.2) would otherwise print as the
    same figure, "by 3.2 (beyond the tolerance of 3.2)"; more decimals are shown, up to
    six, until the words agree with the judgement.
    """
    unit = ind.difference_unit
    miss_value, tol_value = reason.shortfall or 0.0, reason.tolerance or 0.0
    miss, tol = _amount(miss_value, unit), _amount(tol_value, unit)
    decimals = 2
    while miss == tol and not close(miss_value, tol_value) and decimals < 6:
        decimals += 1
        miss = format_amount(miss_value, unit, decimals=decimals)
        tol = format_amount(tol_value, unit, decimals=decimals)
    return miss, tol


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- targets


def _goal_phrase(goal: Goal, ind: Indicator) -> str:
    fmt = functools.partial(_fmt, unit=ind.unit)
    if goal.sense is Sense.BETWEEN:
        return f"between {fmt(goal.low or 0.0)} and {fmt(goal.high or 0.0)}"
    value = fmt(goal.value or 0.0)
    return {
        Sense.AT_LEAST: f"at least {value}",
        Sense.AT_MOST: f"at most {value}",
        Sense.ABOVE: f"higher than {value}",
        Sense.BELOW: f"lower than {value}",
    }[goal.sense]


def _aim(goal: Goal, target: Target, ind: Indicator) -> str:
    """The goal in words, with the reference it was resolved from."""
    phrase = _goal_phrase(goal, ind)
    if goal.reference is None or goal.reference_value is None:
        return phrase
    ref = _fmt_of(ind, goal.reference_value)
    if goal.reference is Reference.BASELINE:
        origin = f"the baseline of {ref}"
    else:
        origin = f"the {goal.reference_period} actual of {ref}"
    rule = target.rule
    if isinstance(rule, RelativeChange):
        sign = "+" if rule.percent >= 0 else "-"
        origin = f"{sign}{_fmt(abs(rule.percent), 'percent')} relative change on {origin}"
    elif isinstance(rule, AbsoluteChange):
        sign = "+" if rule.amount >= 0 else "-"
        origin = f"{sign}{_fmt(abs(rule.amount), ind.difference_unit)} on {origin}"
    else:
        origin = f"improving on {origin}"
    return f"{phrase} ({origin})"


def _missing(missing: MissingReference) -> str:
    if missing.reference is Reference.BASELINE:
        where = f" for {missing.period}" if missing.period is not None else ""
        return f"the baseline{where} has not been recorded"
    if missing.withheld:
        return f"the actual for {missing.period} was withheld (suppressed)"
    return f"the actual for {missing.period} has not been recorded"


def _sample(result: TargetResult, reason: Reason, publication: PublicationPolicy) -> str:
    interval, confidence = result.interval, result.confidence
    num, den = reason.numerator, reason.denominator
    if interval is None or confidence is None or num is None or den is None:
        return ""
    counts = f"{format_number(num)} of {format_number(den)}"
    if publication.hides_sample(num, den):
        counts = f"{publication.marker} of {publication.marker}"
    unit = result.indicator.unit
    return (
        f" ({counts}; 95% interval {format_value(interval.low, unit, decimals=0)} to "
        f"{format_value(interval.high, unit, decimals=0)}, {confidence.value})"
    )


def _after(result: TargetResult, reason: Reason, aim: str, sample: str) -> str:
    ind = result.indicator
    goal = reason.goal
    if reason.within_tolerance is None:
        verdict = f"meeting the target of {aim}"
    elif reason.shortfall:
        miss, tol = _miss_and_tolerance(reason, ind)
        side = "within" if reason.within_tolerance else "beyond"
        verdict = f"missing the target of {aim} by {miss} ({side} the tolerance of {tol})"
    else:  # exactly the value of a strict rule: a miss of nothing, within any tolerance
        value = _fmt_of(ind, goal.value or 0.0) if goal is not None else ""
        side = "higher" if goal is not None and goal.sense is Sense.ABOVE else "lower"
        verdict = f"not {side} than {value} as the target of {aim} requires"
    return (
        f"{_capital(ind.name)} was {_fmt_of(ind, reason.actual or 0.0)} in {reason.period}"
        f"{sample}, {verdict}."
    )


def _in_year(result: TargetResult, reason: Reason, aim: str, sample: str) -> str:
    ind = result.indicator
    fmt = functools.partial(_fmt, unit=ind.unit)
    period = result.target.period
    if reason.pro_rata:
        lead = (
            f"The year-to-date total of {ind.name} for {period}, to the end of "
            f"{reason.period}, is {fmt(reason.actual or 0.0)}"
        )
    else:
        withheld = (
            f" (the figure for {reason.passed_over} was withheld)" if reason.passed_over else ""
        )
        lead = (
            f"The latest figure for {ind.name}, for {reason.period}{withheld}, is "
            f"{fmt(reason.actual or 0.0)}"
        )
    by = f"by the end of {period}"
    what = "the pro rata" if reason.pro_rata else "the"
    on_track = reason.within_tolerance is None
    side = "within" if reason.within_tolerance else "beyond"
    miss, tol = _miss_and_tolerance(reason, ind)
    now = reason.compared_with
    if now is not None and now.is_band:
        band = f"{what} band of {fmt(now.low or 0.0)} to {fmt(now.high or 0.0)}"
        where = "inside" if on_track else f"{miss} outside"
        tail = "" if on_track else f" ({side} the tolerance of {tol})"
        return f"{lead}{sample}, {where} {band} it must keep to {by}{tail}."
    when = date_text(reason.expected_on) if reason.expected_on is not None else ""
    against = f"{what} {fmt(reason.expected or 0.0)} expected by {when}"
    if on_track:
        verdict = f"on track against {against}"
    else:
        verdict = f"{miss} worse than {against} ({side} the tolerance of {tol})"
    return f"{lead}{sample}, {verdict}, towards {aim} {by}."


def _no_year_to_date(result: TargetResult, reason: Reason, towards: str, parts: str) -> str:
    ind, period = result.indicator, result.target.period
    if reason.since is not None:
        return (
            f"Nothing of {ind.name} has been recorded for the part of {period} from "
            f"{date_text(reason.since)}, though later figures have been, so its year-to-date "
            f"total towards the target of {towards} cannot be made yet."
        )
    return (
        f"No {parts} of {period} has been recorded yet for {ind.name}, so progress "
        f"towards the target of {towards} cannot be judged."
    )


def _range_words(reason: Reason) -> str:
    """``marked 'c', a count from 1 to 5 (the DfE's convention for 'c')``."""
    marker = f"marked {reason.marker!r}" if reason.marker else "withheld"
    declared = f", {reason.withheld.describe()}" if reason.withheld is not None else ""
    return f"{marker}{declared}"


def _span(ind: Indicator, reason: Reason) -> str:
    span = reason.actual_range
    if span is None:
        return ""
    low, high = _fmt_of(ind, span.low), _fmt_of(ind, span.high)
    return f"{low} to {high}" if low != high else low


def _withheld_lead(result: TargetResult, reason: Reason) -> str:
    """What was withheld and the range it leaves: the period's value or a year-to-date total."""
    ind = result.indicator
    if reason.pro_rata:
        return (
            f"The year-to-date total of {ind.name} for {result.target.period}, to the end of "
            f"{reason.period}, includes a withheld value ({_range_words(reason)}), so "
            f"it lies from {_span(ind, reason)}"
        )
    if reason.from_parts:
        parts = "months" if isinstance(reason.period, Quarter) else "quarters"
        return (
            f"The value of {ind.name} for {reason.period}, made from its {parts}, includes a "
            f"withheld value ({_range_words(reason)}), so it lies from {_span(ind, reason)}"
        )
    return (
        f"The value of {ind.name} for {reason.period} was withheld "
        f"({_range_words(reason)}), so it lies from {_span(ind, reason)}"
    )


def _against(result: TargetResult, reason: Reason, aim: str) -> str:
    ind = result.indicator
    if reason.period_over:
        return f"the target of {aim}"
    when = date_text(reason.expected_on) if reason.expected_on is not None else ""
    pro = "the pro rata " if reason.pro_rata else "the "
    return (
        f"{pro}{_fmt_of(ind, reason.expected or 0.0)} expected by {when}, towards {aim} by "
        f"the end of {result.target.period}"
    )


def _withheld_range(result: TargetResult, reason: Reason, aim: str) -> str:
    """A status that rests on a withheld value: the same at both ends of its range."""
    tolerance = ""
    if reason.within_tolerance is not None:
        side = "within" if reason.within_tolerance else "beyond"
        tolerance = f" (a miss {side} the tolerance at its worse end)"
    return (
        f"{_withheld_lead(result, reason)}; at both ends of that range it is "
        f"{result.status.label} against {_against(result, reason, aim)}{tolerance}, so the "
        "judgement rests on a withheld value."
    )


def _not_compared(  # noqa: PLR0911 - a sentence per kind of reason
    result: TargetResult, reason: Reason, aim: str
) -> str:
    ind = result.indicator
    period = result.target.period
    by = f"by the end of {period}"
    if reason.kind is ReasonKind.WITHHELD and reason.actual_range is not None:
        return (
            f"{_withheld_lead(result, reason)}, a range that straddles "
            f"{_against(result, reason, aim)}, so the target cannot be judged."
        )
    if reason.kind is ReasonKind.OVERDUE:
        return (
            f"No value of {ind.name} has been recorded for {period}, which ended on "
            f"{date_text(period.end)}: it is overdue, so the target of {aim} cannot be judged."
        )
    if reason.kind is ReasonKind.WITHHELD and reason.period_over:
        return (
            f"The value of {ind.name} for {period} was withheld for disclosure control "
            f"(marked {reason.marker!r}), so the target cannot be judged."
        )
    parts = "month" if isinstance(period, Quarter) else "quarter or month"
    if reason.kind is ReasonKind.WITHHELD and reason.pro_rata:
        return (
            f"A {parts} of {ind.name} in {period} was withheld for disclosure control, so the "
            f"year-to-date total towards the target of {aim} {by} cannot be judged."
        )
    if reason.kind is ReasonKind.WITHHELD:
        return (
            f"Every recent value of {ind.name} was withheld for disclosure control, so "
            f"progress towards the target of {aim} {by} cannot be judged."
        )
    if reason.pro_rata:
        return _no_year_to_date(result, reason, f"{aim} {by}", parts)
    since = date_text(reason.since) if reason.since is not None else ""
    return (
        f"No value of {ind.name} has been recorded since {since}, so progress towards the "
        f"target of {aim} {by} cannot be judged yet."
    )


def withheld_for_publication(publication: PublicationPolicy) -> str:
    """What a published result says instead of figures that involve a small count."""
    return (
        f"Figures withheld for publication: a count below {publication.suppress_below} is involved."
    )


def target_sentence(  # noqa: PLR0911 - a sentence per kind of reason
    result: TargetResult, publication: PublicationPolicy = _NO_PUBLICATION_POLICY
) -> str:
    """One plain-English sentence saying why a target has its status."""
    reason = result.reason
    if reason is None:
        return ""
    ind = result.indicator
    if publication.active and publication.hides_figures(
        ind, (result.actual, result.baseline, result.reference, result.expected)
    ):
        return withheld_for_publication(publication)
    if reason.kind is ReasonKind.NO_REFERENCE or reason.goal is None:
        missing = _missing(reason.missing) if reason.missing is not None else ""
        return f"The target to {result.target.describe(ind)} cannot be judged yet: {missing}."
    aim = _aim(reason.goal, result.target, ind)
    if reason.kind is ReasonKind.WITHHELD_RANGE:
        return _withheld_range(result, reason, aim)
    if reason.kind is not ReasonKind.COMPARED:
        return _not_compared(result, reason, aim)
    sample = _sample(result, reason, publication)
    if reason.period_over:
        return _after(result, reason, aim, sample)
    return _in_year(result, reason, aim, sample)


def overdue_value(indicator: Indicator, period: Period) -> str:
    """The problem message for a value that is overdue."""
    return (
        f"the value of {indicator.id} for {period} is overdue "
        f"(the period ended on {date_text(period.end)})"
    )


def baseline_conflict(indicator: Indicator, period: Period, baseline: float) -> str:
    """The problem message for a recorded baseline that conflicts with the plan's."""
    return (
        f"{indicator.id} for {period} conflicts with the plan's baseline "
        f"of {_fmt_of(indicator, baseline)}; the plan's baseline is kept"
    )


# --------------------------------------------------------------------------- tolerance


def tolerance_sentence(plan: Plan, policy: Tolerance) -> str:
    """Which tolerance applied, for people, and to which indicators if they differ.

    ``Tolerance for amber: 5% of the value compared with (the default).``
    """
    lead = "Tolerance for amber: "
    if isinstance(policy, TolerancePolicy):
        if policy.absolute is not None:
            amount = format_value(policy.absolute, "count")
            said = f"{amount} in each indicator's unit, percentage points for a percentage"
        else:
            said = f"{format_value(policy.relative * 100, 'percent')} of the value compared with"
        return f"{lead}{said} (the policy given to evaluate)."
    if not isinstance(policy, PlanTolerancePolicy):
        return f"{lead}the policy given to evaluate ({type(policy).__name__})."
    indicators = list(plan.indicators)
    if not indicators:
        return f"{lead}none applied (the plan has no indicators)."
    groups: dict[tuple[ToleranceDeclaration, str], list[Indicator]] = {}
    if policy.override is not None or not policy.indicators:  # one for all (the usual case)
        groups[policy.applied(indicators[0])] = indicators
    else:
        for indicator in indicators:
            groups.setdefault(policy.applied(indicator), []).append(indicator)

    def said_of(tolerance: ToleranceDeclaration, source: str, members: list[Indicator]) -> str:
        if not isinstance(tolerance, AbsoluteTolerance) or (
            len({i.difference_unit for i in members}) == 1
        ):
            return f"{tolerance.describe(members[0])} ({source})"
        amount = format_value(tolerance.amount, "count")
        return f"{amount} in each indicator's unit, percentage points for a percentage ({source})"

    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
    (main_key, main_members), rest = ordered[0], ordered[1:]
    others = [
        f"{', '.join(i.id for i in members)}: {said_of(*key, members)}" for key, members in rest
    ]
    tail = f"; except {'; '.join(others)}" if others else ""
    return f"{lead}{said_of(*main_key, main_members)}{tail}."


# --------------------------------------------------------------------------- actions


def action_sentence(
    action: Action,
    status: ActionStatus,
    update: ActionUpdate | None,
    completed_on: dt.date | None,
    *,
    late: bool,
) -> str:
    """One plain-English sentence on the state of an action."""
    what = repr(action.describe().rstrip("."))
    due = date_text(action.due.end)
    if update is None:
        if status is ActionStatus.OVERDUE:
            return f"{what} was due by {due} and no update has been recorded: it is overdue."
        return f"No update has been recorded for {what}, which is due by {due}."
    on = date_text(update.on)
    state = update.state.value.replace("_", " ")
    done = date_text(completed_on) if completed_on is not None else on
    sentences = {
        ActionStatus.DROPPED: f"{what} was dropped on {on}: {update.note or 'no reason recorded'}.",
        ActionStatus.COMPLETE: f"{what} was completed on {done}"
        + (f", after its due date of {due}." if late else "."),
        ActionStatus.OVERDUE: f"{what} was due by {due} and is not complete (last update on "
        f"{on}: {state}).",
        ActionStatus.IN_PROGRESS: f"{what} is in progress (updated {on}) and is due by {due}.",
    }
    return sentences.get(status, f"{what} has not started (updated {on}) and is due by {due}.")


def outcome_sentence(
    outcome: Outcome, status: Status, assessment: Assessment | None, as_of: dt.date | None
) -> str:
    """One plain-English sentence on the latest assessment of a qualitative outcome."""
    what = repr(outcome.text.rstrip("."))
    if assessment is None:
        by = f" by {date_text(as_of)}" if as_of is not None else ""
        return f"No assessment of {what} has been recorded{by}."
    evidence = f" ({assessment.evidence})" if assessment.evidence else ""
    return f"{what} was assessed as {status.label} on {date_text(assessment.on)}{evidence}."


# --------------------------------------------------------------------------- forecast


def _no_forecast(result: TargetResult, forecast: Forecast) -> str:
    ind, period = result.indicator, result.target.period
    basis = forecast.basis
    if basis is ForecastBasis.NO_REFERENCE:
        reason = result.reason
        missing = _missing(reason.missing) if reason is not None and reason.missing else ""
        because = f": {missing}" if missing else ""
        return f"No forecast: the target's value is not known yet{because}."
    if basis is ForecastBasis.NO_YEAR_TO_DATE:
        return (
            f"No forecast: nothing of {ind.name} has been recorded for {period} yet (from its "
            "start, unbroken), so there is no year-to-date total to project."
        )
    if basis is ForecastBasis.WITHHELD:
        return (
            f"No forecast: part of the year-to-date total of {ind.name} for {period} was "
            "withheld for disclosure control."
        )
    found = forecast.found or 0
    return (
        f"No forecast: a trend needs at least {MIN_VALUES} values of {ind.name} of one kind "
        f"(quarters, months or years) in the {WINDOW_YEARS} years before the date judged, "
        f"and {found} {'was' if found == 1 else 'were'} recorded."
    )


def _outlook_words(outlook: Outlook, aim: str) -> str:
    return f"{outlook.label} against the target of {aim}"


def forecast_sentence(
    result: TargetResult, publication: PublicationPolicy = _NO_PUBLICATION_POLICY
) -> str:
    """The forecast of a target in plain English ("" when there is none)."""
    forecast = result.forecast
    if forecast is None:
        return ""
    ind = result.indicator
    fmt = functools.partial(_fmt, unit=ind.unit)
    if forecast.value is not None and publication.active and (
        result.withheld_for(publication) or publication.hides_value(forecast.value, ind)
    ):
        return withheld_for_publication(publication)
    if forecast.goal is None or forecast.value is None:
        return _no_forecast(result, forecast)
    aim = _aim(forecast.goal, result.target, ind)
    on = date_text(forecast.on) if forecast.on is not None else ""
    if forecast.basis is ForecastBasis.RUN_RATE:
        last = forecast.periods[-1] if forecast.periods else ""
        verdict = _outlook_words(forecast.outlook, aim)
        tolerance = _amount(forecast.tolerance or 0.0, ind.difference_unit)
        side = (
            f"within the tolerance of {tolerance} of it"
            if forecast.outlook is Outlook.UNCERTAIN
            else f"by more than the tolerance of {tolerance}"
        )
        return (
            f"At the run rate of its year-to-date total ({fmt(forecast.total or 0.0)} to the "
            f"end of {last}, {forecast.elapsed} of {forecast.days} days), the year's total of "
            f"{ind.name} is projected to reach {fmt(forecast.value)} by {on}: {verdict} ({side})."
        )
    periods = forecast.periods
    kind = forecast.granularity or "value"
    span = f"{periods[0]} to {periods[-1]}" if periods else ""
    slope = forecast.slope or 0.0
    if close(slope, 0.0):
        trend = "flat"
    else:
        way = "rising" if slope > 0 else "falling"
        trend = f"{way} by {_amount(abs(slope), ind.difference_unit)} a year"
    interval = forecast.interval
    between = (
        f" (80% prediction interval {fmt(interval.low)} to {fmt(interval.high)})"
        if interval is not None
        else ""
    )
    return (
        f"On the trend of the last {len(periods)} {kind}s ({span}, {trend}), the figure for "
        f"{ind.name} is projected to be {fmt(forecast.value)} on {on}{between}: "
        f"{_outlook_words(forecast.outlook, aim)}."
    )


# --------------------------------------------------------------------------- comparators


def comparators_sentence(
    result: TargetResult, publication: PublicationPolicy = _NO_PUBLICATION_POLICY
) -> str:
    """How the result's actual compares with each comparator, in plain English."""
    if not result.comparators or result.actual is None:
        return ""
    ind = result.indicator
    if publication.active and result.withheld_for(publication):
        return withheld_for_publication(publication)
    unit = ind.difference_unit
    parts = []
    for c in result.comparators:
        if close(c.difference, 0.0):
            gap = "the same"
        else:
            way = "higher" if c.difference > 0 else "lower"
            gap = f"{_amount(abs(c.difference), unit)} {way}"
        if c.benchmark.value == "similar":
            why = (
                "the 95% intervals overlap"
                if c.by_intervals
                else f"within the tolerance of {_amount(c.tolerance or 0.0, unit)}"
            )
            gap = f"{gap}, similar ({why})"
        else:
            why = " (the 95% intervals do not overlap)" if c.by_intervals else ""
            gap = f"{gap}, {c.benchmark.label}{why}"
        parts.append(f"{c.label} at {_fmt_of(ind, c.value)} ({gap})")
    return (
        f"For {result.period}, {_fmt_of(ind, result.actual)} compared with "
        f"{'; '.join(parts)}."
    )


def revision_sentence(revision: TargetRevision) -> str:
    """A revised target, with the version that revised it and the one it was judged against."""
    when = f", adopted {date_text(revision.adopted)}" if revision.adopted is not None else ""
    judged = (
        f"judged against version {revision.judged_against}"
        if revision.judged_against is not None
        else "not judged: the current version has no such target"
    )
    return f"{revision.description} (version {revision.version}{when}; {judged})"
