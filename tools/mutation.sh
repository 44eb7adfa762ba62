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
    # The decision path of the engine package (goals, numbers, policies, the series of
    # values, the judge, roll-ups, actions) and the rules of the model.
    set -- \
        "$E._goals.*" "$E._numbers.*" "$E._policies.*" "$E._series.*" "$E._targets.*" \
        "$E._rollups.*" "$E._actions.*" \
        "$M.xǁRelativeChangeǁresolve*" "$M.xǁAbsoluteChangeǁresolve*" \
        "$M.x__check_band*" "$M.x__check_relative*"
fi
.venv/bin/mutmut run --max-children 1 "$@"
# The mutants that were not killed (mutants outside the run show as "not checked").
.venv/bin/mutmut results | grep -v "not checked" || true
