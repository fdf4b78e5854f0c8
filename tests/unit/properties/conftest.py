"""Hypothesis settings for the property tests: a fixed number of derandomized examples per test,
so CI runs are repeatable and the whole suite stays within a minute or two."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ekinerja",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("ekinerja")
