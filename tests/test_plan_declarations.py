"""Any partnership's plan: declared partnerships, the plan's span, tolerances, strict rules.

Issue 12: "its own partnerships, months and calendar years, tolerances, strict and repeated
targets, any rate".
"""

import datetime as dt
import json

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    Above,
    AbsoluteTolerance,
    AtMost,
    Baseline,
    Below,
    Between,
    CalendarYear,
    DeclaredPartnership,
    Direction,
    Improve,
    Indicator,
    InvalidValueError,
    Month,
    Outcome,
    Partnership,
    Plan,
    PlanFileError,
    PlanValidationError,
    Priority,
    Reference,
    RelativeTolerance,
    Target,
    dumps_plan,
    evaluate,
    loads_plan,
    plan_from_dict,
    plan_schema,
    validate,
)
from safeguarding_plan.strategies import plans

REPEAT = Indicator(
    id="repeat-referrals",
    name="repeat referrals",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=9),
)
CSP = DeclaredPartnership(id="csp", label="Community safety")
FORMATS = ("yaml", "json", "toml")


def target(tid="repeat-2023-24", period="2023/24", rule=None):
    return Target(
        id=tid, indicator="repeat-referrals", period=period, rule=rule or AtMost(value=10)
    )


def plan(*, partnerships=None, partnership="adults", targets=None, **fields):
    """A small plan with one priority, varying what a test needs."""
    priority = Priority(
        id="adults-msp",
        title="Make safeguarding personal",
        partnership=partnership,
        outcomes=[
            Outcome(id="fewer-repeats", text="Fewer repeats.", targets=targets or [target()])
        ],
    )
    extra = {} if partnerships is None else {"partnerships": partnerships}
    return Plan(
        id="test-plan",
        title="A test plan",
        start=fields.pop("start", "2023/24"),
        end=fields.pop("end", "2025/26"),
        indicators=fields.pop("indicators", [REPEAT]),
        priorities=[priority],
        **extra,
        **fields,
    )


def problems_of(build):
    with pytest.raises(PlanValidationError) as info:
        build()
    return [(p.location, p.value) for p in info.value.problems]


def round_trips(built):
    """load -> dump -> load gives the same plan in every format."""
    for fmt in FORMATS:
        assert built == loads_plan(dumps_plan(built, format=fmt), format=fmt), fmt


# --------------------------------------------------------------------------- partnerships


def test_a_plan_declares_its_own_partnerships():
    """'Partnerships ... are declared in the plan file with an id and a label'."""
    built = plan(partnerships=[CSP], partnership="csp")

    assert (CSP,) == built.partnerships
    assert "Community safety" == built.partnership_of("adults-msp").label


def test_without_declarations_the_standard_ids_keep_their_standard_labels():
    """A plan declaring no partnerships gets the standard ones its priorities name."""
    built = plan()

    assert (DeclaredPartnership(id="adults", label="Adults'"),) == built.partnerships


def test_the_enum_is_a_convenience_stored_as_its_id():
    """A Partnership (or a DeclaredPartnership) given to a priority is stored as its id."""
    assert "adults" == plan(partnership=Partnership.ADULTS).priorities[0].partnership
    assert "csp" == plan(partnerships=[CSP], partnership=CSP).priorities[0].partnership
    assert (CSP,) == plan(partnerships=[CSP], partnership="csp").partnerships


def test_standard_partnerships_may_be_declared_by_enum():
    """Plan(partnerships=[Partnership.ADULTS]) declares it with its standard label."""
    built = plan(partnerships=[Partnership.ADULTS, CSP])

    assert ("adults", "csp") == tuple(p.id for p in built.partnerships)


def test_an_undeclared_partnership_is_located_with_a_did_you_mean():
    """A priority naming an undeclared partnership is a located problem, never a guess."""
    with pytest.raises(PlanValidationError) as info:
        plan(partnerships=[CSP], partnership="cps")

    (problem,) = info.value.problems
    assert ("priorities[0].partnership", "cps") == (problem.location, problem.value)
    assert "did you mean 'csp'?" in problem.message


def test_an_unknown_id_without_declarations_is_not_guessed():
    """Without declarations, an id other than joint, children or adults must be declared."""
    assert [("priorities[0].partnership", "community")] == problems_of(
        lambda: plan(partnership="community")
    )


def test_partnership_ids_are_unique():
    """Two declarations with one id are a located problem."""
    twice = [CSP, DeclaredPartnership(id="csp", label="Again")]

    assert [("partnerships[1].id", "csp")] == problems_of(
        lambda: plan(partnerships=twice, partnership="csp")
    )


@pytest.mark.parametrize(("field", "value"), [("id", "Not An Id"), ("label", " ")])
def test_a_declaration_has_an_id_and_a_label(field, value):
    """A partnership's id is an id and its label is text."""
    with pytest.raises(InvalidValueError) as info:
        DeclaredPartnership(**{"id": "csp", "label": "CSP", field: value})

    assert field == info.value.field


def test_a_file_with_an_undeclared_partnership_is_located_among_its_other_problems():
    """The problem is found even when the file has other mistakes."""
    data = {
        "id": "p", "title": "P", "start": "2024/25", "end": "2024/25", "colour": "red",
        "partnerships": [{"id": "csp", "label": "Community safety"}],
        "priorities": [{"id": "a", "title": "A", "partnership": "cps"}],
    }  # fmt: skip
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data)

    assert {"colour", "priorities[0].partnership"} == {p.location for p in info.value.problems}


def test_declared_partnerships_round_trip():
    """Declared partnerships survive load -> dump -> load in YAML, JSON and TOML."""
    round_trips(plan(partnerships=[CSP, Partnership.ADULTS], partnership="csp"))


# --------------------------------------------------------------------------- the span


@pytest.mark.parametrize(
    "period", ["2026/27", "2022/23 Q4", "2026/27 Q1", "Apr 2026", "2026", "Mar 2023"]
)
def test_a_target_outside_the_plans_span_is_located(period):
    """'A target's period must lie within the plan's span (start to end)'."""
    with pytest.raises(PlanValidationError) as info:
        plan(targets=[target(period=period)])

    locations = [p.location for p in info.value.problems]
    assert "priorities[0].outcomes[0].targets[0].period" in locations
    message = next(p.message for p in info.value.problems if "span" in p.message)
    assert "'repeat-2023-24'" in message
    assert "2023/24 to 2025/26" in message


@pytest.mark.parametrize("period", ["2023/24", "2025/26 Q4", "Apr 2023", "Mar 2026", "2024"])
def test_a_target_within_the_span_is_valid(period):
    """Targets at the edges of the span, of any kind of period, are valid."""
    assert 1 == len(list(plan(targets=[target(period=period)]).iter_targets()))


def test_a_plan_may_run_in_calendar_years():
    """A plan spanning calendar years takes monthly and calendar-year targets."""
    built = plan(start="2024", end="2025", targets=[target(period="Dec 2025")])

    assert (CalendarYear(2024), Month(2025, 12)) == (built.start, built.targets_for(
        "repeat-referrals")[0].period)
    round_trips(built)


@given(st.integers(2015, 2030), st.integers(0, 3), st.integers(2010, 2035))
def test_span_rule_by_property(start, length, year):
    """A target of year Y is valid exactly when start <= Y <= start + length."""
    inside = start <= year <= start + length
    baseline = Baseline(period=f"{2008}/09", value=9)
    indicator = attrs.evolve(REPEAT, baseline=baseline)
    build = lambda: plan(  # noqa: E731
        start=f"{start}/{(start + 1) % 100:02d}",
        end=f"{start + length}/{(start + length + 1) % 100:02d}",
        indicators=[indicator],
        targets=[target(period=f"{year}/{(year + 1) % 100:02d}")],
    )
    if inside:
        build()
    else:
        with pytest.raises(PlanValidationError):
            build()


# --------------------------------------------------------------------------- several targets


def test_several_targets_on_one_indicator_and_period():
    """'Reduce repeat referrals, and stay within 7%-10%': both targets, one period."""
    targets = [
        target("reduce", rule=Improve(reference=Reference.BASELINE)),
        target("band", rule=Between(low=7, high=10)),
    ]
    built = plan(targets=targets)

    assert ("reduce", "band") == tuple(t.id for t in built.targets_for("repeat-referrals"))
    assert () == validate(built)
    round_trips(built)


# --------------------------------------------------------------------------- strict rules


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        (Below(value=5), ("reduce repeat referrals from 9% (2022/23) to below 5% by the end of "
                         "2023/24")),
        (Above(value=5), ("keep repeat referrals from 9% (2022/23) to above 5% by the end of "
                         "2023/24")),
    ],
)
def test_strict_rules_read_like_a_plan(rule, said):
    """Below and above say so."""
    assert said == target(rule=rule).describe(REPEAT)


@pytest.mark.parametrize("cls", [Below, Above])
def test_strict_rules_need_a_finite_number(cls):
    """A strict bound is a finite number."""
    with pytest.raises(InvalidValueError):
        cls(value=float("nan"))


def test_a_strict_percentage_lies_within_0_100():
    """A percent indicator's strict bound is a percentage."""
    assert [("priorities[0].outcomes[0].targets[0].rule.value", 101.0)] == problems_of(
        lambda: plan(targets=[target(rule=Below(value=101))])
    )


@pytest.mark.parametrize(
    ("rule", "field"),
    [(Above(value=5), "kind"), (Below(value=12), "value")],
)
def test_strict_rules_against_the_direction_are_warned(rule, field):
    """'Above' on a falling indicator is only a floor; 'below 12' is worse than 9%."""
    (warning,) = validate(plan(targets=[target(rule=rule)]))

    assert f"priorities[0].outcomes[0].targets[0].rule.{field}" == warning.location


@pytest.mark.parametrize("rule", [Below(value=5), Above(value=5)])
def test_strict_rules_round_trip(rule):
    """Kinds 'below' and 'above' survive load -> dump -> load."""
    built = plan(targets=[target(rule=rule)])
    round_trips(built)
    assert f"kind: {type(rule).__name__.lower()}" in dumps_plan(built)


# --------------------------------------------------------------------------- tolerances


def test_the_plan_and_an_indicator_declare_tolerances():
    """'A plan file may set its own tolerance for the whole plan and per indicator'."""
    indicator = attrs.evolve(REPEAT, tolerance=AbsoluteTolerance(amount=2))
    built = plan(indicators=[indicator], tolerance=RelativeTolerance(percent=10))

    assert RelativeTolerance(percent=10) == built.tolerance
    assert AbsoluteTolerance(amount=2) == built.indicator("repeat-referrals").tolerance
    round_trips(built)


def test_tolerance_precedence():
    """Command line, then the indicator's own, then the plan's, then 5% of the value."""
    other = attrs.evolve(REPEAT, id="other")
    own = attrs.evolve(REPEAT, tolerance=AbsoluteTolerance(amount=2))
    built = plan(indicators=[own, other], tolerance=RelativeTolerance(percent=10))

    policy = built.tolerance_policy()
    assert (2.0, 6.4) == (policy.allowance(own, 64), pytest.approx(policy.allowance(other, 64)))
    override = built.tolerance_policy(AbsoluteTolerance(amount=1))
    assert (1.0, 1.0) == (override.allowance(own, 64), override.allowance(other, 64))
    assert pytest.approx(3.2) == plan().tolerance_policy().allowance(REPEAT, 64)


def test_the_policy_says_which_tolerance_applied():
    """'The report says which tolerance was applied'."""
    own = attrs.evolve(REPEAT, tolerance=AbsoluteTolerance(amount=2))
    built = plan(indicators=[own], tolerance=RelativeTolerance(percent=10))

    assert "2 percentage points (indicator repeat-referrals)" == (
        built.tolerance_policy().describe(own)
    )
    assert "10% of the value compared with (the plan's tolerance)" == (
        built.tolerance_policy().describe(attrs.evolve(REPEAT, id="x"))
    )


@pytest.mark.parametrize("bad", [-1, float("inf"), True])
def test_a_tolerance_is_a_finite_amount_of_zero_or_more(bad):
    """Negative, infinite or non-numeric tolerances are refused."""
    with pytest.raises(InvalidValueError):
        AbsoluteTolerance(amount=bad)
    with pytest.raises(InvalidValueError):
        RelativeTolerance(percent=bad)


def test_a_bad_tolerance_in_a_file_is_located():
    """A tolerance of the wrong kind or value is located in the file."""
    data = {
        "id": "p", "title": "P", "start": "2024/25", "end": "2024/25",
        "tolerance": {"kind": "relativ", "percent": 3},
        "indicators": [{"id": "i", "name": "i", "unit": "count",
                        "direction": "lower_is_better",
                        "tolerance": {"kind": "absolute", "amount": -2}}],
    }  # fmt: skip
    with pytest.raises(PlanFileError) as info:
        plan_from_dict(data)

    assert {"tolerance.kind", "indicators[0].tolerance.amount"} == {
        p.location for p in info.value.problems
    }


@given(
    st.one_of(
        st.builds(AbsoluteTolerance, amount=st.integers(0, 100)),
        st.builds(RelativeTolerance, percent=st.integers(0, 100)),
    )
)
def test_tolerances_round_trip_by_property(tolerance):
    """Every tolerance survives load -> dump -> load, plan-wide and per indicator."""
    indicator = attrs.evolve(REPEAT, tolerance=tolerance)
    round_trips(plan(indicators=[indicator], tolerance=tolerance))


def test_the_schema_knows_the_new_fields():
    """The JSON schema describes partnerships, tolerances and the strict rules."""
    schema = plan_schema()

    assert {"partnerships", "tolerance"} <= set(schema["properties"])
    defs = {"Below", "Above", "AbsoluteTolerance", "RelativeTolerance", "DeclaredPartnership"}
    assert defs <= set(schema["$defs"])


# --------------------------------------------------------------------------- by property


@given(plans(declarations=True, max_priorities=2, max_indicators=3))
def test_every_declaration_round_trips(built):
    """Declared partnerships, tolerances, strict and repeated targets: load -> dump -> load."""
    round_trips(built)


@given(plans(declarations=True, max_priorities=2, max_indicators=3))
def test_dumped_declarations_satisfy_the_schema(built):
    """What dump_plan writes is valid against the shipped JSON schema."""
    jsonschema.validate(json.loads(dumps_plan(built, format="json")), plan_schema())


@given(plans(declarations=True, max_priorities=2, max_indicators=3), st.dates(
    min_value=dt.date(2018, 4, 1), max_value=dt.date(2034, 3, 31)))
def test_any_such_plan_evaluates(built, as_of):
    """Every target of such a plan gets a result, and roll-ups use the declared labels."""
    report = evaluate(built, as_of=as_of)

    assert [t.id for t in built.iter_targets()] == [r.id for r in report.targets]
    labels = {f"{p.label} partnership" for p in built.partnerships}
    assert {r.title for r in report.partnerships} <= labels


def test_an_unquoted_calendar_year_in_yaml_says_to_quote_it():
    """YAML reads 2024 as a number: the problem says to write '2024'."""
    with pytest.raises(PlanFileError) as info:
        loads_plan("id: p\ntitle: P\nstart: 2024\nend: '2025'\n")

    (problem,) = info.value.problems
    assert ("start", 2024) == (problem.location, problem.value)
    assert "'2024'" in problem.message


def test_a_plan_may_start_and_end_in_calendar_years_in_yaml():
    """start: '2024' and end: '2025' make a calendar-year plan."""
    built = loads_plan("id: p\ntitle: P\nstart: '2024'\nend: '2025'\n")

    assert (CalendarYear(2024), CalendarYear(2025)) == (built.start, built.end)


@pytest.mark.parametrize(("field", "value"), [("start", "2024/25 Q1"), ("end", "May 2026")])
def test_a_plan_starts_and_ends_with_a_year(field, value):
    """A quarter or a month is not a plan's start or end; the error names the field."""
    with pytest.raises(InvalidValueError) as info:
        Plan(**{"id": "p", "title": "P", "start": "2024/25", "end": "2025/26", field: value})

    assert (field, value) == (info.value.field, info.value.value)
