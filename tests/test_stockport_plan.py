"""Fidelity of the bundled Stockport Business Plan 2023-2026 to the plan's own text.

The plan's text is kept beside the tests (``tests/data/stockport-business-plan-2023-26.txt``)
and read here: its priorities, *Why?* statements, *How?* actions (by "By April" year),
*So what?* outcomes, context figures and glossary are found in the text and compared with
the encoded plan, so that nothing is missing, nothing is invented, and every number a
target uses is a number the plan prints.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Iterator

import attrs
import jsonschema
import pytest
import yaml

import safeguarding_plan
from safeguarding_plan import (
    AtLeast,
    AtMost,
    Baseline,
    Between,
    Direction,
    Improve,
    Measure,
    Partnership,
    Plan,
    Priority,
    Reference,
    RelativeChange,
    Target,
    dumps_plan,
    loads_plan,
    plan_schema,
    plan_to_dict,
)
from safeguarding_plan.plans import available, bundled_plan_path, stockport_2023_26

SEED = pathlib.Path(__file__).parent / "data" / "stockport-business-plan-2023-26.txt"
LINES = SEED.read_text(encoding="utf-8").splitlines()

BUNDLED_YAML = bundled_plan_path("stockport-2023-26").read_text(encoding="utf-8")

PARTNERSHIP_OF_HEADING = {
    "Joint Priority": Partnership.JOINT,
    "Children's Priority": Partnership.CHILDREN,
    "Adult's Priority": Partnership.ADULTS,
}
HEADING_RE = re.compile(r"^(Joint Priority|Children's Priority|Adult's Priority): (.+)$")
YEAR_OF_HEADING = {"By April 2024:": "2023/24", "By April 2025:": "2024/25"}
TICKS = ("✓", "√")

# A line that only points at an action another priority holds, and the action it means.
CROSS_REFERENCES = {
    "Multi-agency audit of MAARS (as referenced in the joint priority on page 5).": "maars-audit",
}
# How the plan prints numbers that Python would not print the same way.
PRINTED_AS = {14500.0: "14.500"}
UNIT_SUFFIX = {"percent": "%", "count": "", "per_100k_population": " (per 100,000)"}


# --------------------------------------------------------------------------- reading the text


def clean(line: str) -> str:
    """A line without bullet marks, ticks, markup and extra whitespace."""
    text = line.strip()
    text = re.sub(r"^-\s*", "", text)
    for mark in (*TICKS, "·", "**", "*", "<u>", "</u>"):
        text = text.replace(mark, "")
    return " ".join(text.split())


SEED_TEXT = " ".join(clean(line) for line in LINES if line.strip())


@attrs.frozen
class Item:
    """An action as the text lists it."""

    text: str
    details: tuple[str, ...]


@attrs.frozen
class Section:
    """One priority as the text lays it out."""

    partnership: Partnership
    title: str
    why: tuple[str, ...]
    blocks: dict[str, tuple[Item, ...]]
    outcomes: tuple[str, ...]


def _runs(lines: list[str]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _items(lines: list[str]) -> tuple[Item, ...]:
    texts: list[str] = []
    details: list[list[str]] = []
    in_details = False
    for line in lines:
        if not line.strip():
            continue
        bullet = line.lstrip().startswith("-")
        if line.startswith(" ") and not bullet:  # a sentence broken across two lines
            texts[-1] = f"{texts[-1]} {clean(line)}"
            continue
        if in_details and bullet:
            details[-1].append(clean(line))
            continue
        texts.append(clean(line))
        details.append([])
        in_details = line.rstrip().endswith(":")
    return tuple(Item(t, tuple(d)) for t, d in zip(texts, details, strict=True))


def _sections() -> list[Section]:
    starts = [i for i, line in enumerate(LINES) if HEADING_RE.match(line)]
    ends = [*starts[1:], LINES.index("Governance and Accountability")]
    found = []
    for start, end in zip(starts, ends, strict=True):
        match = HEADING_RE.match(LINES[start])
        assert match is not None
        body = LINES[start + 1 : end]
        why_at, how_at = body.index("WHY?"), body.index("HOW?")
        why = tuple(clean(line) for line in body[why_at + 1 : how_at] if line.strip())
        how = body[how_at + 1 :]
        outcome_run = [r for r in _runs(how) if any(t in "".join(r) for t in TICKS)][-1]
        outcome_at = how.index(outcome_run[0])
        y1, y2 = how.index("By April 2024:"), how.index("By April 2025:")
        blocks = {
            "2023/24": _items(how[y1 + 1 : y2]),
            "2024/25": _items(how[y2 + 1 : outcome_at]),
        }
        found.append(
            Section(
                partnership=PARTNERSHIP_OF_HEADING[match.group(1)],
                title=match.group(2),
                why=why,
                blocks=blocks,
                outcomes=tuple(clean(line) for line in outcome_run),
            )
        )
    return found


SECTIONS = _sections()


def _between(first: str, last: str) -> list[str]:
    return LINES[LINES.index(first) + 1 : LINES.index(last)]


def _bullets_after(heading: str) -> list[str]:
    """The bullets listed under a heading such as 'ENABLERS:'."""
    found: list[str] = []
    for line in LINES[LINES.index(heading) + 1 :]:
        if line.startswith("-"):
            found.append(clean(line))
        elif line.startswith(" ") and line.strip() and found:
            found[-1] = f"{found[-1]} {clean(line)}"
        elif line.strip() and found:
            break
    return found


CONTEXT_LINES = _between("What do we know about Stockport?", "OUR VISION:")
CONTEXT_TEXT = " ".join(clean(line) for line in CONTEXT_LINES if line.strip())
GLOSSARY_LINES = [
    line
    for line in _between("Appendix A: Some key definitions", "Where to find more information")
    if line.strip()
]


def printed(value: float) -> list[str]:
    """The ways the plan may print a number."""
    return [PRINTED_AS.get(value, f"{value:g}"), f"{value:,g}"]


# --------------------------------------------------------------------------- the plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    """The bundled plan."""
    return stockport_2023_26()


def held(priority: Priority, year: str) -> list[Item]:
    return [Item(a.text, a.details) for a in priority.actions if str(a.due) == year]


def pairs(plan: Plan) -> Iterator[tuple[Section, Priority]]:
    yield from zip(SECTIONS, plan.priorities, strict=True)


# --------------------------------------------------------------------------- plan as a whole


def test_the_plan_is_bundled_under_its_name(plan: Plan) -> None:
    """The plan is listed as 'stockport-2023-26' and runs from 2023/24 to 2025/26."""
    assert "stockport-2023-26" in available()
    assert plan.id == "stockport-2023-26"
    assert (str(plan.start), str(plan.end)) == ("2023/24", "2025/26")
    assert plan.title == f"{LINES[0]} {LINES[2]}"


def test_the_plan_validates_without_warnings(plan: Plan) -> None:
    """Validation reports no warnings: every target pulls the way its indicator should go."""
    assert safeguarding_plan.validate(plan) == ()


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_the_plan_round_trips_through_every_format(plan: Plan, fmt: str) -> None:
    """Writing the plan in any file format and reading it back gives the same plan."""
    assert loads_plan(dumps_plan(plan, format=fmt), format=fmt) == plan  # type: ignore[arg-type]


def test_the_plan_file_matches_the_schema(plan: Plan) -> None:
    """The bundled file, and the plan written back out, both validate against the schema."""
    schema = plan_schema()
    raw = yaml.safe_load(bundled_plan_path("stockport-2023-26").read_text(encoding="utf-8"))
    jsonschema.validate(raw, schema)
    jsonschema.validate(json.loads(json.dumps(plan_to_dict(plan))), schema)


def test_front_matter_is_the_texts(plan: Plan) -> None:
    """Vision, principles, enablers, methodology, values and partner boards are the text's lists."""
    assert plan.vision == clean(LINES[LINES.index("OUR VISION:") + 2])
    assert list(plan.principles) == _bullets_after("We will make sure that in all of our work:")
    assert list(plan.enablers) == _bullets_after("ENABLERS:")
    assert list(plan.methodology) == _bullets_after("METHODOLOGY:")
    assert list(plan.values) == _bullets_after("SHARED VALUES:")
    assert list(plan.partner_boards) == _bullets_after("WORKING WITH:")
    assert (len(plan.principles), len(plan.enablers), len(plan.partner_boards)) == (3, 4, 8)


def test_about_and_governance_paragraphs_are_the_texts_own(plan: Plan) -> None:
    """Every 'About' and governance paragraph appears, whole, in the text."""
    for paragraph in (*plan.about, *plan.governance):
        assert SEED_TEXT.count(paragraph) == 1, paragraph
    governance = " ".join(
        clean(line)
        for line in _between(
            "Governance and Accountability", "Safeguarding Partnerships Governance Structure"
        )
        if line.strip()
    )
    assert " ".join(plan.governance) == governance


def test_links_are_the_texts_further_information(plan: Plan) -> None:
    """The links are the sites and documents under 'Where to find more information'."""
    tail = " ".join(LINES[LINES.index("Where to find more information") + 1 :]).split()
    assert " ".join(plan.links).split() == tail


# --------------------------------------------------------------------------- context


def test_every_context_figure_is_printed_in_the_text(plan: Plan) -> None:
    """Each context figure's value, unit and label read as the plan prints them."""
    numbered = [line for line in CONTEXT_LINES if re.match(r"\d", clean(line))]
    assert len(plan.context) == len(numbered) == 25
    for figure in plan.context:
        suffix = UNIT_SUFFIX[figure.unit]
        variants = [f"{p}{suffix} {figure.label}" for p in printed(figure.value)]
        assert any(v in CONTEXT_TEXT for v in variants), variants
        for said in (figure.source, figure.as_at):
            assert said is None or said in CONTEXT_TEXT, said


def test_oddities_in_the_context_are_noted(plan: Plan) -> None:
    """The '14.500' children with an ACE is read as 14,500, and says so."""
    ace = next(f for f in plan.context if "ACE" in f.label)
    assert ace.value == 14500
    assert any("14.500" in note for note in ace.notes)


# --------------------------------------------------------------------------- priorities


def test_there_are_five_priorities_as_the_text_heads_them(plan: Plan) -> None:
    """Three joint priorities, one children's and one adults', with the text's titles, in order."""
    assert [(p.partnership, p.title) for p in plan.priorities] == [
        (s.partnership.value, s.title) for s in SECTIONS
    ]
    kinds = [p.partnership for p in plan.priorities]
    assert (kinds.count("joint"), kinds.count("children"), kinds.count("adults")) == (3, 1, 1)


def test_the_three_partnerships_are_declared_as_the_text_heads_them(plan: Plan) -> None:
    """'Joint Priority', "Children's Priority", "Adult's Priority": three declared partnerships."""
    assert [(p.id, p.label) for p in plan.partnerships] == [
        ("joint", "Joint"),
        ("children", "Children's"),
        ("adults", "Adults'"),
    ]
    assert "partnerships:" in BUNDLED_YAML


def test_repeat_referrals_carry_both_targets_of_the_outcome(plan: Plan) -> None:
    """'The rate of repeat referrals to MAARS will reduce and will continue to be between
    7% - 10%': a reduction below the 9% baseline and the band, each year."""
    targets = plan.targets_for("maars-repeat-referrals")
    assert [(str(t.period), t.rule) for t in targets] == [
        ("2023/24", Improve(reference=Reference.BASELINE)),
        ("2023/24", Between(low=7, high=10)),
        ("2024/25", Improve(reference=Reference.BASELINE)),
        ("2024/25", Between(low=7, high=10)),
    ]
    indicator = plan.indicator("maars-repeat-referrals")
    assert (indicator.direction, indicator.baseline) == (
        Direction.LOWER_IS_BETTER,
        Baseline(period="2022/23", value=9),
    )
    assert {plan.outcome_of(t).id for t in targets} == {"right-intervention-first-contact"}


def test_why_statements_are_the_texts_lines(plan: Plan) -> None:
    """Each priority's evidence is its WHY? lines, one statement a line, in order."""
    for section, priority in pairs(plan):
        assert [e.text for e in priority.why] == list(section.why)
    assert [len(p.why) for p in plan.priorities] == [5, 8, 6, 5, 9]


def test_every_evidence_figure_is_printed_in_its_statement(plan: Plan) -> None:
    """A figure cited by a Why? statement is a number the statement prints ('All' is 100%)."""
    for priority in plan.priorities:
        for evidence in priority.why:
            for figure in evidence.figures:
                suffix = UNIT_SUFFIX[figure.unit]
                shown = [f"{p}{suffix}" for p in printed(figure.value)]
                if figure.value == 100:
                    shown.append("All ")
                assert any(s in evidence.text for s in shown), (evidence.text, figure)


# --------------------------------------------------------------------------- actions


def test_actions_are_the_texts_by_april_lists(plan: Plan) -> None:
    """Each 'By April' list is the priority's actions due that year, sub-bullets as details."""
    for section, priority in pairs(plan):
        for year, items in section.blocks.items():
            own = [i for i in items if i.text not in CROSS_REFERENCES]
            assert own == held(priority, year), (priority.id, year)


def test_action_counts_per_priority_and_year(plan: Plan) -> None:
    """The plan holds 28 actions: 17 due 2023/24 and 11 due 2024/25."""
    counts = [(len(held(p, "2023/24")), len(held(p, "2024/25"))) for p in plan.priorities]
    assert counts == [(4, 2), (3, 3), (3, 3), (3, 2), (4, 1)]
    actions = list(plan.iter_actions())
    assert len(actions) == 28
    assert sum(str(a.due) == "2023/24" for a in actions) == 17


def test_every_action_is_printed_once_under_its_year(plan: Plan) -> None:
    """Every action's text is printed exactly once, under the 'By April' heading of its year."""
    for action in plan.iter_actions():
        assert SEED_TEXT.count(action.text) == 1, action.text
        before = SEED_TEXT[: SEED_TEXT.index(action.text)]
        heading = max(YEAR_OF_HEADING, key=before.rfind)
        assert YEAR_OF_HEADING[heading] == str(action.due), action.id


def test_cross_references_are_one_action_serving_two_priorities(plan: Plan) -> None:
    """The MAARS audit and the Caring Dads review are each one action serving two priorities."""
    for section, priority in pairs(plan):
        for year, items in section.blocks.items():
            for item in items:
                if item.text in CROSS_REFERENCES:
                    action = plan.action(CROSS_REFERENCES[item.text])
                    assert priority.id in action.serves
                    assert str(action.due) == year
    served = {
        a.id: [p.id for p in plan.priorities_served_by(a)] for a in plan.iter_actions() if a.serves
    }
    assert served == {
        "maars-audit": ["joint-information-sharing", "joint-complex-trauma"],
        "caring-dads-thematic-review": ["joint-complex-trauma", "children-working-with-men"],
    }
    assert plan.action("maars-audit") in plan.actions_for("joint-complex-trauma")


def test_owners_are_named_by_the_actions_text(plan: Plan) -> None:
    """An action has an owner only where its text names it, and every sub-group it names owns it."""
    for action in plan.iter_actions():
        if action.owner is not None:
            assert action.owner in action.text, action.id
        for body in re.findall(
            r"(?:(?:[A-Z]\w*|&) )+Sub-Group|Adults Quality Assurance Partnership", action.text
        ):
            assert action.owner == body, action.id
    owners = {a.owner for a in plan.iter_actions()} - {None}
    assert owners == {
        "Training & Workforce Development Sub-Group",
        "Learning From Practice Sub-Group",
        "Adults Quality Assurance Partnership",
        "Complex Safeguarding Sub-Group",
        "The local authority",
    }


# --------------------------------------------------------------------------- outcomes and targets


def test_outcomes_are_the_texts_so_what_bullets(plan: Plan) -> None:
    """Each priority's outcomes are its 'So what?' bullets, word for word, in order."""
    for section, priority in pairs(plan):
        assert [o.text for o in priority.outcomes] == list(section.outcomes)
    assert [len(p.outcomes) for p in plan.priorities] == [6, 6, 5, 6, 5]


def test_outcome_and_target_counts(plan: Plan) -> None:
    """28 outcomes: 17 measured by 35 targets on 17 indicators, 11 qualitative (each saying why)."""
    outcomes = list(plan.iter_outcomes())
    measured = [o for o in outcomes if o.targets]
    assert (len(outcomes), len(measured), len(list(plan.iter_targets())), len(plan.indicators)) == (
        28,
        17,
        35,
        17,
    )
    for outcome in outcomes:
        if outcome.qualitative:
            assert outcome.notes, outcome.id
            assert outcome.notes[0].startswith("Qualitative"), outcome.id
    used = {t.indicator for t in plan.iter_targets()}
    assert used == {i.id for i in plan.indicators}


def _rule_numbers(target: Target) -> list[float]:
    rule = target.rule
    if isinstance(rule, AtLeast | AtMost):
        return [rule.value]
    if isinstance(rule, Between):
        return [rule.low, rule.high]
    if isinstance(rule, RelativeChange):
        return [abs(rule.percent)]
    return []


# Targets whose period is not printed in their outcome: the plan gives a band without
# years, or a direction without numbers; both are read as 2023/24 and 2024/25.
PERIOD_READ_IN = {
    "maars-repeat-referrals-2023-24",
    "maars-repeat-referrals-2024-25",
    "maars-repeat-referrals-reduce-2023-24",
    "maars-repeat-referrals-reduce-2024-25",
    "non-accidental-injuries-2023-24",
    "non-accidental-injuries-2024-25",
    "reviews-highlighting-gaps-engaging-fathers-2023-24",
    "reviews-highlighting-gaps-engaging-fathers-2024-25",
    "caring-dads-fathers-supported-2023-24",
    "caring-dads-fathers-supported-2024-25",
}


def test_every_target_number_is_printed_in_its_outcome(plan: Plan) -> None:
    """A target's values and year are in its outcome; its baseline there or in the Why?."""
    for target in plan.iter_targets():
        outcome = plan.outcome_of(target)
        priority = plan.priority_of(target)
        indicator = plan.indicator(target.indicator)
        assert SEED_TEXT.count(outcome.text) == 1
        for number in _rule_numbers(target):
            assert f"{number:g}%" in outcome.text, (target.id, number)
        assert (str(target.period) in outcome.text) is (target.id not in PERIOD_READ_IN), target.id
        baseline = indicator.baseline
        if baseline is not None and baseline.value is not None:
            in_why = {f.value for e in priority.why for f in e.figures}
            assert f"{baseline.value:g}%" in outcome.text or baseline.value in in_why, target.id


def test_directions_are_the_outcomes_own_words(plan: Plan) -> None:
    """Lower is better where the outcome says reduce or fewer; higher for increase or more."""
    words = {
        Direction.LOWER_IS_BETTER: ("reduce", "reduction", "fewer"),
        Direction.HIGHER_IS_BETTER: ("increase", "more"),
    }
    for target in plan.iter_targets():
        direction = plan.indicator(target.indicator).direction
        text = plan.outcome_of(target).text.lower()
        assert any(w in text for w in words[direction]), target.id
        assert not any(
            re.search(rf"\b{w}\b", text) for w in words[direction.flipped()]
        ) or isinstance(target.rule, Improve), target.id


def test_percent_targets_are_ceilings_when_reducing_and_floors_when_increasing(plan: Plan) -> None:
    """'Reduce to X%' is at most X; 'increase to X%' is at least X."""
    for target in plan.iter_targets():
        direction = plan.indicator(target.indicator).direction
        if isinstance(target.rule, AtMost):
            assert direction is Direction.LOWER_IS_BETTER
        if isinstance(target.rule, AtLeast):
            assert direction is Direction.HIGHER_IS_BETTER


# indicator: (baseline value, baseline period, direction, measure, {period: rule})
MILESTONES: dict[str, tuple[float | None, str, Direction, Measure, dict[str, object]]] = {
    "rapid-reviews-information-sharing": (
        67,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=40), "2024/25": AtMost(value=20)},
    ),
    "sar-referrals": (
        None,
        "2022/23",
        Direction.HIGHER_IS_BETTER,
        Measure.FLOW,
        {
            "2023/24": RelativeChange(percent=25, reference=Reference.PREVIOUS),
            "2024/25": RelativeChange(percent=25, reference=Reference.PREVIOUS),
        },
    ),
    "maars-adults-unaware": (
        None,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {
            "2023/24": RelativeChange(percent=-25, reference=Reference.BASELINE),
            "2024/25": RelativeChange(percent=-50, reference=Reference.BASELINE),
        },
    ),
    "maars-housing-referrals-young-adults": (
        41,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=30), "2024/25": AtMost(value=25)},
    ),
    "maars-exploitation-cases": (
        29,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=24), "2024/25": AtMost(value=15)},
    ),
    "rapid-reviews-complex-trauma": (
        100,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=80), "2024/25": AtMost(value=60)},
    ),
    "maars-referrals-3-plus-vulnerabilities": (
        53,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=48), "2024/25": AtMost(value=44)},
    ),
    "rapid-reviews-working-with-men": (
        50,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=35), "2024/25": AtMost(value=25)},
    ),
    "key-males-recorded": (
        56,
        "2021/22",
        Direction.HIGHER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtLeast(value=70)},
    ),
    "msp-asked": (
        70,
        "2022/23",
        Direction.HIGHER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtLeast(value=80), "2024/25": AtLeast(value=85)},
    ),
    "s42-non-conversion": (
        84,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=64), "2024/25": AtMost(value=44)},
    ),
    "maars-self-neglect-referrals": (
        45,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtMost(value=25), "2024/25": AtMost(value=20)},
    ),
    "adults-18-64-feeling-safe": (
        71,
        "2021/22",
        Direction.HIGHER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": AtLeast(value=76), "2024/25": AtLeast(value=80)},
    ),
    "maars-repeat-referrals": (
        9,
        "2022/23",
        Direction.LOWER_IS_BETTER,
        Measure.LEVEL,
        {"2023/24": Between(low=7, high=10), "2024/25": Between(low=7, high=10)},
    ),
}


@pytest.mark.parametrize("indicator_id", sorted(MILESTONES))
def test_numeric_milestones_are_the_plans(plan: Plan, indicator_id: str) -> None:
    """Every numeric target has the plan's baseline, direction, measure and milestones."""
    value, period, direction, measure, rules = MILESTONES[indicator_id]
    indicator = plan.indicator(indicator_id)
    assert indicator.baseline is not None
    assert (indicator.baseline.value, str(indicator.baseline.period)) == (value, period)
    assert (indicator.direction, indicator.measure) == (direction, measure)
    assert {str(t.period): t.rule for t in plan.targets_for(indicator_id)} == rules


def test_directional_outcomes_are_improvements_on_the_previous_year(plan: Plan) -> None:
    """'Fewer' and 'more' without numbers are counted flows that must beat the previous year."""
    improving = {
        t.indicator
        for t in plan.iter_targets()
        if t.rule == Improve(reference=Reference.PREVIOUS)
    }
    assert improving == {
        "non-accidental-injuries",
        "reviews-highlighting-gaps-engaging-fathers",
        "caring-dads-fathers-supported",
    }
    for indicator_id in improving:
        indicator = plan.indicator(indicator_id)
        assert (indicator.baseline, indicator.unit, indicator.measure) == (
            None,
            "count",
            Measure.FLOW,
        )
        assert indicator.notes
        for target in plan.targets_for(indicator_id):
            assert target.rule == Improve(reference=Reference.PREVIOUS)


def test_only_the_sar_and_maars_audit_baselines_are_unknown(plan: Plan) -> None:
    """The SAR referral count and the MAARS audit proportion are the baselines the plan lacks."""
    unknown = {i.id for i in plan.indicators if i.baseline is not None and not i.baseline.known}
    assert unknown == {"sar-referrals", "maars-adults-unaware"}


@pytest.mark.parametrize(
    ("indicator_id", "phrase"),
    [
        ("maars-housing-referrals-young-adults", "all MAARS cases, not young adults"),
        ("sar-referrals", "year on year"),
        ("maars-adults-unaware", "both measured from the audit baseline"),
        ("maars-repeat-referrals", "That is two targets, each judged on its own"),
        ("s42-non-conversion", "16%"),
        ("key-males-recorded", "2023/24 only"),
        ("maars-referrals-3-plus-vulnerabilities", "'the number of MAARS referrals'"),
    ],
)
def test_ambiguities_are_written_where_a_user_sees_them(
    plan: Plan, indicator_id: str, phrase: str
) -> None:
    """Each ambiguity in the text is explained in its indicator's notes."""
    assert any(phrase in note for note in plan.indicator(indicator_id).notes)


def test_targets_read_like_the_plan(plan: Plan) -> None:
    """describe() says each target as the plan would."""
    said = {t.id: plan.describe(t) for t in plan.iter_targets()}
    assert said["s42-non-conversion-2023-24"] == (
        "reduce contacts to Adult Social Care that do not progress to a Section 42 enquiry "
        "from 84% (2022/23) to at most 64% by the end of 2023/24"
    )
    assert said["sar-referrals-2024-25"] == (
        "increase SAR referrals to the Safeguarding Adults Partnership by 25% (relative change) "
        "from the actual for 2023/24 by the end of 2024/25"
    )
    assert said["maars-adults-unaware-2024-25"].endswith(
        "by 50% (relative change) from the baseline for 2022/23 (not yet measured) "
        "by the end of 2024/25"
    )
    assert said["maars-repeat-referrals-2023-24"] == (
        "keep the rate of repeat referrals to MAARS (a percentage of all MAARS referrals) "
        "between 7% and 10% by the end of 2023/24"
    )
    assert said["maars-repeat-referrals-reduce-2024-25"] == (
        "make the rate of repeat referrals to MAARS (a percentage of all MAARS referrals) "
        "lower than the baseline of 9% (2022/23) by the end of 2024/25"
    )
    assert said["non-accidental-injuries-2023-24"] == (
        "make the number of children experiencing non-accidental injuries lower than the actual "
        "for 2022/23 by the end of 2023/24"
    )
    for target in plan.iter_targets():
        assert said[target.id].startswith(("reduce ", "increase ", "keep ", "make ")), target.id
        assert said[target.id].endswith(f"by the end of {target.period}")


# --------------------------------------------------------------------------- glossary


def test_the_glossary_is_appendix_a(plan: Plan) -> None:
    """Each Appendix A line is one glossary entry: its term, abbreviation and definition."""
    assert len(plan.glossary) == len(GLOSSARY_LINES) == 11
    for entry, line in zip(plan.glossary, GLOSSARY_LINES, strict=True):
        for part in (entry.term, entry.abbreviation, *entry.definition.split(" \N{EN DASH} ")):
            assert part is None or part in line, (part, line)
