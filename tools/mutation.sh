#!/usr/bin/env bash
# Mutation testing of the judging rules (not run in CI; see
# docs/explanation/mutation-testing.md for the score and the surviving mutants).
#
#   tools/mutation.sh            # the decision functions (the documented run)
#   tools/mutation.sh 'PATTERN'  # any mutmut name pattern, e.g. 'safeguarding_plan.evaluation.x_evaluate*'
#
# Needs the `mutation` dependency group: .venv/bin/python -m pip install -e . --group dev --group mutation
# One worker, so that it shares a small machine politely; the fast Hypothesis profile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-fast}"
E=safeguarding_plan.evaluation
M=safeguarding_plan.model
if (($# == 0)); then
    set -- \
        "$E.xǁ_Goalǁ__init__*" "$E.xǁ_Goalǁscaled*" "$E.xǁ_Goalǁat*" "$E.xǁ_Goalǁcompared_with*" \
        "$E.xǁ_Goalǁshortfall*" "$E.xǁ_Goalǁmet*" "$E.xǁ_Goalǁsettled_by*" \
        "$E.x__single_goal*" "$E.x__resolve*" "$E.x__close*" \
        "$E.xǁTrajectoryǁat*" "$E.x__sorted_points*" "$E.xǁIntervalǁwilson*" "$E.xǁIntervalǁ__contains__*" \
        "$E.xǁTolerancePolicyǁallowance*" "$E.xǁWorstRagǁ__call__*" \
        "$E.xǁ_Seriesǁ_derive*" "$E.xǁ_Seriesǁlatest_level*" "$E.xǁ_Seriesǁtravel*" \
        "$E.xǁ_Seriesǁactual*" "$E.xǁ_Seriesǁyear*" \
        "$E.xǁ_Judgeǁ_gap*" "$E.xǁ_Judgeǁ_progress*" "$E.x__sample*" \
        "$M.xǁRelativeChangeǁresolve*" "$M.xǁAbsoluteChangeǁresolve*" \
        "$M.x__check_band*" "$M.x__check_relative*"
fi
.venv/bin/mutmut run --max-children 1 "$@"
# The mutants that were not killed (mutants outside the run show as "not checked").
.venv/bin/mutmut results | grep -v "not checked" || true
