"""Full-jitter backoff: uniform in [0, min(max, initial * 2**attempt))."""

from __future__ import annotations

from namesrv_client import backoff_delay


def test_ceiling_doubles_per_attempt_up_to_the_cap() -> None:
    top = lambda: 0.999999  # noqa: E731 - the largest draw
    ceilings = [round(backoff_delay(n, 0.1, 10.0, top), 3) for n in range(10)]
    assert ceilings == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10.0, 10.0, 10.0]


def test_delay_is_the_random_fraction_of_the_ceiling() -> None:
    assert backoff_delay(3, 0.1, 10.0, lambda: 0.0) == 0.0
    assert backoff_delay(3, 0.1, 10.0, lambda: 0.5) == 0.4
    assert backoff_delay(1000, 0.1, 10.0, lambda: 0.5) == 5.0
