"""Shared test configuration: the Hypothesis profiles.

- ``dev`` (the default): few examples, so the whole suite stays quick on a 2-core machine;
  randomized, so repeated local runs explore new inputs.
- ``ci`` (selected when the environment has ``CI=true``): derandomized, so a CI run is
  reproducible and a red build stays red on re-run; more examples, still bounded.

- ``thorough``: many examples, for hunting bugs by hand (``HYPOTHESIS_PROFILE=thorough``).

No profile has a deadline: timings on a shared machine are noise, not a property.
``HYPOTHESIS_PROFILE=<name>`` picks a profile explicitly (``ci`` locally reproduces CI).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=20,
    deadline=None,
    # generating whole articles is slower than Hypothesis's default budget on a busy machine
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,  # derandomized runs neither need nor should depend on saved examples
    print_blob=True,  # a failure prints the blob that reproduces it
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _profile() -> str:
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        return "ci"
    return os.environ.get("HYPOTHESIS_PROFILE", "dev")


settings.load_profile(_profile())
