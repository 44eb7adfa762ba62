"""Shared test configuration: Hypothesis profiles.

``ci`` is thorough and is chosen when the ``CI`` environment variable is set; ``fast`` is
the default for local runs. Choose one explicitly with ``HYPOTHESIS_PROFILE=ci``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fast", max_examples=40, deadline=None)
_DEFAULT_PROFILE = "ci" if os.environ.get("CI") else "fast"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _DEFAULT_PROFILE))
