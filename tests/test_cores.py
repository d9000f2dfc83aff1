"""How many processes shared work (a large reference list, a large folder's statuses) runs in: the
cores the load average leaves."""

from __future__ import annotations

import os

import pytest

from claimref.cores import spare_cores


@pytest.mark.parametrize(
    ("cores", "load", "expected"),
    [(2, 0.0, 2), (2, 0.9, 2), (2, 1.4, 2), (2, 1.5, 1), (2, 7.5, 1), (1, 0.0, 1),
     (4, 1.0, 4), (4, 2.0, 3), (4, 3.0, 2), (4, 9.0, 1), (16, 0.2, 4)],
    ids=["pair-idle", "pair-self-only", "pair-half-busy", "pair-busy", "pair-crowded", "single",
         "four-self-only", "four-one-other", "four-two-others", "four-crowded", "many-capped"],
)  # fmt: skip
def test_workers_follow_the_idle_cores(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, expected: int
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert spare_cores() == expected


def test_without_a_load_average_every_core_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown() -> tuple[float, float, float]:
        raise OSError("no load average here")

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", unknown)
    assert spare_cores() == 2
