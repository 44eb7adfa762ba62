"""The plan model: "an invalid object cannot exist", and every problem is reported at once."""

import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguarding_plan import (
    AbsoluteChange,
    Action,
    AtLeast,
    AtMost,
    Baseline,
    Between,
    Direction,
    Evidence,
    Figure,
    FinancialYear,
    GlossaryEntry,
    Improve,
    Indicator,
    InvalidValueError,
    Measure,
    Outcome,
    Partnership,
    Plan,
    PlanValidationError,
    Priority,
    Problem,
    Reference,
    RelativeChange,
    SafeguardingPlanError,
    Severity,
    Target,
    UnknownIdError,
    validate,
)
from safeguarding_plan.strategies import texts

MSP = Indicator(
    id="msp-asked",
    name="adults asked about their Making Safeguarding Personal outcomes",
    unit="percent",
    direction=Direction.HIGHER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=70),
)
S42 = Indicator(
    id="s42-non-conversion",
    name="contacts to Adult Social Care that do not progress to a Section 42 enquiry",
    unit="percent",
    direction=Direction.LOWER_IS_BETTER,
    baseline=Baseline(period="2022/23", value=84),
)
SAR = Indicator(
    id="sar-referrals",
    name="SAR referrals",
    unit="count",
    direction=Direction.HIGHER_IS_BETTER,
    measure=Measure.FLOW,
)


def target(tid="msp-2023-24", indicator="msp-asked", period="2023/24", rule=None):
    return Target(id=tid, indicator=indicator, period=period, rule=rule or AtLeast(value=80))


def plan(
    *, indicators=(MSP, S42, SAR), targets=None, actions=None, more_priorities=(), start="2023/24"
):
    """A small valid plan, with the parts a test wants to vary."""
    if targets is None:
        targets = [
            target(),
            target("s42-2023-24", "s42-non-conversion", rule=AtMost(value=64)),
        ]
    if actions is None:
        actions = [Action(id="refresh-guidance", text="Refresh SAR guidance.", due="2023/24")]
    adults = Priority(
        id="adults-msp",
        title="Make safeguarding personal",
        partnership=Partnership.ADULTS,
        actions=actions,
        outcomes=[Outcome(id="more-asked", text="More adults asked.", targets=targets)],
    )
    joint = Priority(id="joint", title="Work together", partnership=Partnership.JOINT)
    return Plan(
        id="test-plan",
        title="A test plan",
        start=start,
        end="2025/26",
        indicators=indicators,
        priorities=[adults, joint, *more_priorities],
    )


def problems_of(build):
    with pytest.raises(PlanValidationError) as info:
        build()
    return [(p.location, p.value) for p in info.value.problems]


# -- a valid plan -------------------------------------------------------------------------


def test_a_valid_plan_builds_and_is_immutable():
    """A valid plan builds; its objects are frozen."""
    built = plan()

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.title = "changed"  # type: ignore[misc]
    assert () == validate(built)


def test_plans_compare_by_value():
    """Two plans built from the same data are equal."""
    assert plan() == plan()


# -- one test per kind of bad input ---------------------------------------------------------


def test_duplicate_ids():
    """Ids are unique across the whole plan; the second use is reported, naming the first."""
    actions = [
        Action(id="same", text="One.", due="2023/24"),
        Action(id="same", text="Two.", due="2023/24"),
    ]

    with pytest.raises(PlanValidationError) as info:
        plan(actions=actions)

    (problem,) = info.value.problems
    assert ("priorities[0].actions[1].id", "same") == (problem.location, problem.value)
    assert "priorities[0].actions[0]" in problem.message


def test_unresolved_indicator_reference():
    """Every target names an indicator of the plan."""
    assert [("priorities[0].outcomes[0].targets[0].indicator", "msp-askd")] == problems_of(
        lambda: plan(targets=[target(indicator="msp-askd")])
    )


def test_unresolved_serves():
    """An action can only serve priorities the plan has."""
    actions = [Action(id="a", text="Do it.", due="2023/24", serves=["nowhere"])]

    assert [("priorities[0].actions[0].serves[0]", "nowhere")] == problems_of(
        lambda: plan(actions=actions)
    )


def test_serving_its_own_priority_is_refused():
    """serves lists only *other* priorities."""
    actions = [Action(id="a", text="Do it.", due="2023/24", serves=["adults-msp"])]

    assert [("priorities[0].actions[0].serves[0]", "adults-msp")] == problems_of(
        lambda: plan(actions=actions)
    )


@pytest.mark.parametrize("value", [-1, 100.5, 120])
def test_percent_target_outside_0_to_100(value):
    """Percentages lie within 0-100."""
    assert [("priorities[0].outcomes[0].targets[0].rule.value", value)] == problems_of(
        lambda: plan(targets=[target(rule=AtLeast(value=value))])
    )


def test_percent_baseline_outside_0_to_100():
    """A percentage baseline lies within 0-100 too."""
    bad = attrs.evolve(MSP, baseline=Baseline(period="2022/23", value=140))

    assert [("indicators[0].baseline.value", 140.0)] == problems_of(
        lambda: plan(indicators=(bad, S42, SAR))
    )


def test_counts_may_exceed_100():
    """Only percentages are limited to 0-100."""
    built = plan(targets=[target(indicator="sar-referrals", rule=AtLeast(value=250))])

    assert 250.0 == built.target("msp-2023-24").rule.value  # type: ignore[union-attr]


@pytest.mark.parametrize(("low", "high"), [(10, 7), (7, 7)])
def test_band_low_not_below_high(low, high):
    """A band's low is strictly below its high."""
    with pytest.raises(InvalidValueError) as info:
        Between(low=low, high=high)

    assert ("high", high) == (info.value.field, info.value.value)


@pytest.mark.parametrize("percent", [-100, -150])
def test_relative_change_of_minus_100_or_less(percent):
    """A relative change is above -100 percent (nothing can fall by more than all of it)."""
    with pytest.raises(InvalidValueError) as info:
        RelativeChange(percent=percent, reference=Reference.BASELINE)

    assert "percent" == info.value.field


@pytest.mark.parametrize("period", ["2022/23", "2021/22", "2022/23 Q3", "2022/23 Q4"])
def test_target_not_after_baseline(period):
    """A target falls after its indicator's baseline: its period ends after the baseline's."""
    assert [("priorities[0].outcomes[0].targets[0].period", period)] == problems_of(
        lambda: plan(targets=[target(period=period)], start="2020/21")
    )


def test_several_targets_on_one_indicator_and_period():
    """'One indicator may carry more than one target for the same period' (ids stay unique)."""
    targets = [target("a"), target("b", rule=Between(low=70, high=90))]

    assert ("a", "b") == tuple(t.id for t in plan(targets=targets).targets_for("msp-asked"))


def test_target_ids_stay_unique_on_one_indicator_and_period():
    """Two targets of one indicator and period still need their own ids."""
    targets = [target("a"), target("a", rule=Between(low=70, high=90))]

    assert [("priorities[0].outcomes[0].targets[1].id", "a")] == problems_of(
        lambda: plan(targets=targets)
    )


def test_baseline_reference_without_baseline():
    """A rule measured from the baseline needs an indicator with a baseline period."""
    rule = RelativeChange(percent=25, reference=Reference.BASELINE)

    assert [("priorities[0].outcomes[0].targets[0].rule.reference", "baseline")] == problems_of(
        lambda: plan(targets=[target(indicator="sar-referrals", rule=rule)])
    )


def test_baseline_reference_with_unknown_baseline_value_is_valid():
    """A baseline may be unknown when the plan is written; the plan is still valid."""
    sar = attrs.evolve(SAR, baseline=Baseline(period="2022/23"))
    rule = RelativeChange(percent=25, reference=Reference.BASELINE)

    built = plan(
        indicators=(MSP, S42, sar), targets=[target(indicator="sar-referrals", rule=rule)]
    )

    assert not built.indicator("sar-referrals").baseline.known  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", ["", "Has Capitals", "-leading-dash", "with space", 7])
def test_invalid_id(bad):
    """Ids are lower-case letters, digits, '-', '_' or '.', starting with a letter or digit."""
    with pytest.raises(InvalidValueError) as info:
        Action(id=bad, text="Do it.", due="2023/24")

    assert ("id", bad) == (info.value.field, info.value.value)


@pytest.mark.parametrize("bad", ["with-newline\n", "tab\tinside", "\nleading"])
def test_ids_hold_no_line_breaks_or_tabs(bad):
    """An id is the id characters and nothing else: not even a trailing line feed."""
    with pytest.raises(InvalidValueError) as info:
        Action(id=bad, text="Do it.", due="2023/24")

    assert ("id", bad) == (info.value.field, info.value.value)


# The accepted-character rule (docs/reference/file-format.md, "Text"): any Unicode
# character except control characters other than tab and line feed, and lone surrogates.
REFUSED = [
    ("\x00", "U+0000"),
    ("\x07", "U+0007"),
    ("\r", "U+000D"),
    ("\x1b", "U+001B"),
    ("\x7f", "U+007F"),
    ("\x85", "U+0085"),
    ("\x9f", "U+009F"),
    ("\ud800", "U+D800"),
    ("\udfff", "U+DFFF"),
]


@pytest.mark.parametrize(("char", "code"), REFUSED)
def test_text_refuses_control_characters_and_lone_surrogates(char, code):
    """Text holding a control character (not tab or line feed) or a lone surrogate is refused."""
    text = f"Do {char}it."
    with pytest.raises(InvalidValueError) as info:
        Outcome(id="o", text=text)

    assert ("text", text) == (info.value.field, info.value.value)
    assert f"{code}, at character 4" in info.value.message


@given(
    text=texts(),
    char=st.characters(categories=("Cc", "Cs"), exclude_characters="\t\n"),
    at=st.integers(min_value=0),
)
def test_every_refused_character_is_refused_wherever_it_is(text, char, at):
    """Any control character but tab and line feed, or lone surrogate, anywhere, is refused."""
    where = at % (len(text) + 1)
    bad = text[:where] + char + text[where:]
    with pytest.raises(InvalidValueError) as info:
        Outcome(id="o", text=bad)

    assert f"U+{ord(char):04X}, at character {where + 1}" in info.value.message


@pytest.mark.parametrize(("char", "code"), REFUSED)
def test_optional_text_and_lists_of_text_refuse_them_too(char, code):
    """Optional text and every item of a list of text keep the same rule, located by index."""
    with pytest.raises(InvalidValueError) as optional:
        Action(id="a", text="Do it.", due="2023/24", owner=f"Board{char}")
    with pytest.raises(InvalidValueError) as listed:
        Action(id="a", text="Do it.", due="2023/24", notes=["fine", f"bad{char}"])

    assert ("owner", "notes[1]") == (optional.value.field, listed.value.field)
    assert code in listed.value.message


def test_units_refuse_control_characters():
    """A unit is text too: a control character in it is refused before pint is asked."""
    with pytest.raises(InvalidValueError) as info:
        Indicator(id="i", name="n", unit="percent\x85", direction=Direction.HIGHER_IS_BETTER)

    assert "unit" == info.value.field
    assert "U+0085, at character 8" in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "tab\tand line\nfeed",
        "\u2028line and paragraph separators\u2029",
        "non-characters \ufffe\uffff\U0010ffff",
        "\ufeffa byte order mark, \u200bzero width, \u202eright to left",
        "emoji \U0001f600 and CJK \u4e2d\u6587 and Welsh \u0175",
        "\xa0no-break spaces\xa0",
    ],
)
def test_text_accepts_every_other_character(text):
    """Every character that is not refused is kept exactly as given."""
    assert text == Outcome(id="o", text=text).text


def test_numpy_style_float_subclasses_become_plain_floats():
    """A float subclass (numpy.float64) is stored as a plain float of the same value."""

    class Float64(float):
        def __repr__(self):
            return f"np.float64({float(self)!r})"

    rule = AtLeast(value=Float64(64.5))

    assert (float, 64.5) == (type(rule.value), rule.value)


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_text(bad):
    """Text fields are never empty."""
    with pytest.raises(InvalidValueError) as info:
        Outcome(id="o", text=bad)

    assert "text" == info.value.field


def test_plan_ending_before_it_starts():
    """A plan does not end before it starts."""
    with pytest.raises(InvalidValueError) as info:
        Plan(id="p", title="P", start="2024/25", end="2023/24")

    assert ("end", "2023/24") == (info.value.field, info.value.value)


def test_action_due_must_be_a_year():
    """An action is due by the end of a financial year, not a quarter."""
    with pytest.raises(SafeguardingPlanError):
        Action(id="a", text="Do it.", due="2023/24 Q2")


def test_every_problem_is_reported_at_once_with_its_location():
    """A plan with three mistakes reports all three, each located."""
    targets = [
        target(indicator="nope"),
        target("t2", period="2021/22"),
        target("t3", "s42-non-conversion", rule=AtMost(value=101)),
    ]

    with pytest.raises(PlanValidationError) as info:
        plan(targets=targets, start="2020/21")

    assert [
        "priorities[0].outcomes[0].targets[0].indicator",
        "priorities[0].outcomes[0].targets[1].period",
        "priorities[0].outcomes[0].targets[2].rule.value",
    ] == [p.location for p in info.value.problems]
    assert str(info.value).startswith("3 problems")


def test_validation_errors_are_value_errors_and_pickle():
    """PlanValidationError is a ValueError and a SafeguardingPlanError, and survives pickling."""
    with pytest.raises(PlanValidationError) as info:
        plan(targets=[target(indicator="nope")])

    error = info.value
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert isinstance(error, ValueError)
    assert isinstance(error, SafeguardingPlanError)
    assert error.problems == copy.problems


# -- warnings ---------------------------------------------------------------------------


def test_target_worse_than_baseline_is_a_warning():
    """'A target that contradicts its indicator's direction is reported by validation'."""
    built = plan(targets=[target(rule=AtLeast(value=60))])

    (warning,) = validate(built)
    assert (
        "priorities[0].outcomes[0].targets[0].rule.value",
        60.0,
        Severity.WARNING,
    ) == (warning.location, warning.value, warning.severity)


def test_ceiling_on_a_rising_indicator_is_a_warning():
    """'at most' where higher is better is only a ceiling: legal, never silent."""
    built = plan(targets=[target(rule=AtMost(value=90))])

    assert ["priorities[0].outcomes[0].targets[0].rule.kind"] == [
        w.location for w in validate(built)
    ]


@pytest.mark.parametrize(
    "rule",
    [
        RelativeChange(percent=-25, reference=Reference.PREVIOUS),
        AbsoluteChange(amount=-5, reference=Reference.PREVIOUS),
    ],
)
def test_change_the_wrong_way_is_a_warning(rule):
    """A fall in something where higher is better is reported."""
    built = plan(targets=[target(rule=rule)])

    assert 1 == len(validate(built))


# -- look-ups ---------------------------------------------------------------------------


def test_look_ups_by_id():
    """Every indicator, target, action, outcome and priority can be found by id."""
    built = plan()

    assert MSP == built.indicator("msp-asked")
    assert "s42-2023-24" == built.target("s42-2023-24").id
    assert "refresh-guidance" == built.action("refresh-guidance").id
    assert "more-asked" == built.outcome("more-asked").id
    assert "joint" == built.priority("joint").id
    assert "more-asked" == built.outcome_of("s42-2023-24").id
    assert "adults-msp" == built.priority_of(built.target("s42-2023-24")).id


def test_unknown_id_names_the_nearest():
    """An unknown id raises UnknownIdError (a LookupError) suggesting the nearest id."""
    with pytest.raises(UnknownIdError) as info:
        plan().indicator("msp-askd")

    assert ("indicator", "msp-askd", "msp-asked") == (
        info.value.kind,
        info.value.id,
        info.value.suggestion,
    )
    assert isinstance(info.value, LookupError)
    assert "did you mean 'msp-asked'?" in str(info.value)


def test_iteration_in_plan_order():
    """iter_targets and iter_actions walk the plan in order; targets_for orders by period."""
    targets = [target("later", period="2024/25", rule=AtLeast(value=85)), target()]
    built = plan(targets=targets)

    assert ["later", "msp-2023-24"] == [t.id for t in built.iter_targets()]
    assert ["msp-2023-24", "later"] == [t.id for t in built.targets_for("msp-asked")]
    assert ["refresh-guidance"] == [a.id for a in built.iter_actions()]


def test_an_action_serving_two_priorities():
    """A cross-referenced action is listed under every priority it serves, once in the plan."""
    actions = [Action(id="audit", text="Audit MAARS.", due="2023/24", serves=["joint"])]
    built = plan(actions=actions)

    assert ["adults-msp", "joint"] == [p.id for p in built.priorities_served_by("audit")]
    assert ["audit"] == [a.id for a in built.actions_for("joint")]
    assert ["audit"] == [a.id for a in built.iter_actions()]


def test_qualitative_outcome():
    """An outcome without targets is qualitative."""
    assert Outcome(id="o", text="Practitioners will feel confident.").qualitative


# -- describe ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "rule", "expected"),
    [
        (
            S42,
            AtMost(value=64),
            ("reduce contacts to Adult Social Care that do not progress to a Section 42 enquiry"
            " from 84% (2022/23) to at most 64% by the end of 2023/24"),
        ),
        (
            MSP,
            AtLeast(value=80),
            ("increase adults asked about their Making Safeguarding Personal outcomes"
            " from 70% (2022/23) to at least 80% by the end of 2023/24"),
        ),
        (
            S42,
            Between(low=7, high=10),
            ("keep contacts to Adult Social Care that do not progress to a Section 42 enquiry"
            " between 7% and 10% by the end of 2023/24"),
        ),
        (
            SAR,
            RelativeChange(percent=25, reference=Reference.PREVIOUS),
            ("increase SAR referrals by 25% (relative change) from the actual for 2022/23"
            " by the end of 2023/24"),
        ),
        (
            MSP,
            AbsoluteChange(amount=5, reference=Reference.BASELINE),
            ("increase adults asked about their Making Safeguarding Personal outcomes"
            " by 5 percentage points from the baseline of 70% (2022/23) by the end of 2023/24"),
        ),
        (
            S42,
            Improve(reference=Reference.PREVIOUS),
            ("make contacts to Adult Social Care that do not progress to a Section 42 enquiry"
            " lower than the actual for 2022/23 by the end of 2023/24"),
        ),
    ],
)
def test_describe_reads_like_the_plan(indicator, rule, expected):
    """'reduce from 84% to 64% by the end of 2023/24': every rule says itself in plain English."""
    tgt = target(indicator=indicator.id, rule=rule)

    assert expected == tgt.describe(indicator)


def test_describe_says_1_percentage_point():
    """A change of exactly 1 percentage point is singular, and 44.9999% prints 45%."""
    one = target(indicator=MSP.id, rule=AbsoluteChange(amount=1, reference=Reference.BASELINE))
    close = target(indicator=S42.id, rule=AtMost(value=44.9999))

    assert "by 1 percentage point from" in one.describe(MSP)
    assert "to at most 45% by" in close.describe(S42)


GUIDANCE = Action(
    id="working-with-men-guidance",
    text="Multi-agency guidance will be developed on:",
    due="2023/24",
    details=[
        "how to complete comprehensive risk assessments that include men",
        "Reducing the risk of non-accidental injuries",
        "Equality, Diversity and Inclusion",
    ],
)


def test_an_action_describes_itself_with_its_details():
    """"Multi-agency guidance will be developed on:" is followed by what it is on."""
    expected = (
        "Multi-agency guidance will be developed on: how to complete comprehensive risk "
        "assessments that include men; Reducing the risk of non-accidental injuries; "
        "Equality, Diversity and Inclusion"
    )
    assert expected == GUIDANCE.describe()


@pytest.mark.parametrize(
    ("text", "details", "expected"),
    [
        ("Refresh SAR guidance.", [], "Refresh SAR guidance."),
        ("Refresh SAR guidance.", ["criteria", "process."],
         "Refresh SAR guidance: criteria; process"),
    ],
)  # fmt: skip
def test_an_action_without_an_introducing_colon(text, details, expected):
    """Without details an action is its text; details after other text follow a colon."""
    action = Action(id="a", text=text, due="2023/24", details=details)

    assert expected == action.describe()


def _plain_part(text):
    """A text that cannot be mistaken for the separators describe() puts between parts."""
    return ";" not in text and ":" not in text


@given(
    st.lists(texts().filter(_plain_part), min_size=1, max_size=5), texts().filter(_plain_part)
)
def test_describe_keeps_every_detail_in_order(details, text):
    """Every detail the plan lists under an action is said after its text, in order.

    A detail's closing full stop is dropped: the details read as one list.
    """
    action = Action(id="a", text=f"{text}:", due="2023/24", details=details)
    lead, _, rest = action.describe().partition(": ")

    assert (text, [d.rstrip(".;") for d in details]) == (lead, rest.split("; "))


def test_plan_describe_by_id():
    """Plan.describe looks up the target and its indicator."""
    built = plan()

    assert built.describe("s42-2023-24") == built.target("s42-2023-24").describe(S42)


# -- the other parts --------------------------------------------------------------------


def test_evidence_keeps_its_figures():
    """An evidence statement keeps the numbers it cites, each with its unit."""
    figure = Figure(
        label="Section 47 enquiries initiated", value=271, unit="count", period="2022/23"
    )
    evidence = Evidence(text="271 Section 47 enquiries were initiated.", figures=[figure])

    assert (figure,) == evidence.figures
    assert "271 Section 47 enquiries initiated (2022/23)" == figure.describe()
    assert FinancialYear(2022) == figure.period


def test_glossary_entry():
    """A glossary entry has a term, a definition and perhaps an abbreviation."""
    entry = GlossaryEntry(
        term="Safeguarding Adult Review", abbreviation="SAR", definition="A review."
    )

    assert "SAR" == entry.abbreviation


def test_problem_renders_location_message_and_value():
    """A problem prints as 'location: message (given: value)'."""
    problem = Problem(location="indicators[0].unit", message="unknown unit", value="pc")

    assert "indicators[0].unit: unknown unit (given: 'pc')" == str(problem)
