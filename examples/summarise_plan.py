"""Print a plain-English summary of a plan: its priorities, actions by due year and targets.

Run it on the bundled Stockport plan, or on any plan file::

    python examples/summarise_plan.py
    python examples/summarise_plan.py path/to/plan.yaml
"""

import sys
from collections import defaultdict

from safeguarding_plan import Action, FinancialYear, Plan, load_plan, validate
from safeguarding_plan.plans import stockport_2023_26


def summarise(plan: Plan) -> str:
    """The plan in plain English, section by section."""
    lines = [plan.title, "=" * len(plan.title), ""]
    lines.append(f"Covers {plan.start} to {plan.end}.")
    if plan.vision:
        lines.append(f"Vision: {plan.vision}")

    lines += ["", "Priorities", "----------"]
    for number, priority in enumerate(plan.priorities, start=1):
        targets = len(priority.targets)
        lines.append(
            f"{number}. [{plan.partnership_of(priority).label}] {priority.title}"
            f" ({len(priority.actions)} actions, {len(priority.outcomes)} outcomes,"
            f" {targets} targets)"
        )

    lines += ["", "Actions by the year they are due", "--------------------------------"]
    by_year: dict[FinancialYear, list[Action]] = defaultdict(list)
    for action in plan.iter_actions():
        by_year[action.due].append(action)
    for year in sorted(by_year):
        lines.append(f"By the end of {year} (31 March {year.end.year}):")
        for action in by_year[year]:
            owner = f" [{action.owner}]" if action.owner else ""
            lines.append(f"  - {action.text}{owner}")
            lines.extend(f"      * {detail}" for detail in action.details)

    lines += ["", "Targets", "-------"]
    lines.extend(f"  - {plan.describe(target)}" for target in plan.iter_targets())

    warnings = validate(plan)
    if warnings:
        lines += ["", "Warnings", "--------"]
        lines.extend(f"  - {warning}" for warning in warnings)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Summarise the plan file named on the command line, or the bundled Stockport plan."""
    plan = load_plan(argv[1]) if len(argv) > 1 else stockport_2023_26()
    print(summarise(plan))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
