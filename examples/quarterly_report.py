"""Write the quarterly scrutiny report for the bundled Stockport plan.

Uses the ILLUSTRATIVE (made-up) data set in examples/data/ and writes the report as
Markdown, HTML (with charts, when matplotlib is installed) and JSON::

    python examples/quarterly_report.py                    # as at 31 December 2024
    python examples/quarterly_report.py 2024-03-31 out/    # as at another date, elsewhere

The same report from the command line::

    safeguarding-plan report stockport-2023-26 examples/data/stockport-illustrative.csv \
        --updates examples/data/stockport-illustrative-updates.csv \
        --assessments examples/data/stockport-illustrative-assessments.csv \
        --as-of 2024-12-31 --format html --charts --output report.html
"""

import datetime as dt
import importlib.util
import pathlib
import sys
import tempfile

from safeguarding_plan.evaluation import RAG, evaluate
from safeguarding_plan.observation_files import (
    load_action_updates,
    load_assessments,
    load_observations,
)
from safeguarding_plan.plans import stockport_2023_26
from safeguarding_plan.reports import write_report

DATA = pathlib.Path(__file__).parent / "data"


def main(as_of: dt.date, folder: pathlib.Path) -> None:
    plan = stockport_2023_26()
    observations = load_observations(DATA / "stockport-illustrative.csv", plan)
    updates = load_action_updates(DATA / "stockport-illustrative-updates.csv", plan)
    assessments = load_assessments(DATA / "stockport-illustrative-assessments.csv", plan)
    report = evaluate(
        plan, observations, updates=updates, assessments=assessments, as_of=as_of
    )

    print(f"{plan.title}: as at {as_of:%d %B %Y} (ILLUSTRATIVE data)")
    print("Overall:", report.overall.rag.symbol, report.overall.rag.label)
    for rag in RAG:
        print(f"  {rag.symbol} {rag.label}: {report.overall.count(rag)}")

    charts = importlib.util.find_spec("matplotlib") is not None
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("md", "html", "json"):
        path = write_report(
            report,
            folder / f"stockport-{as_of.isoformat()}.{suffix}",
            charts=charts and suffix == "html",  # charts draw the report's own observations
        )
        print("wrote", path)


if __name__ == "__main__":
    day = dt.date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else dt.date(2024, 12, 31)
    if len(sys.argv) > 2:
        main(day, pathlib.Path(sys.argv[2]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(day, pathlib.Path(tmp))
