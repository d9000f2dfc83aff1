"""Work shared with forked children (render/forked.py): results in order, a child's exception
raised in the parent, a child that dies reported, no child left behind."""

from __future__ import annotations

import os

import pytest

from claimref.errors import ClaimrefError
from claimref.render import forked

pytestmark = pytest.mark.skipif(not forked.available(), reason="no fork here")


def test_results_come_back_in_order_after_our_own() -> None:
    results = forked.share(lambda n: [n, str(n * 2), None, True], [1, 2, 3], lambda: "own")
    assert results == ["own", [1, "2", None, True], [2, "4", None, True], [3, "6", None, True]]


def test_a_childs_exception_is_raised_here() -> None:
    def work(n: int) -> int:
        if n == 2:
            raise ClaimrefError("cannot render 'x'")
        return n

    with pytest.raises(ClaimrefError, match="cannot render 'x'"):
        forked.share(work, [1, 2], lambda: 0)


def test_a_result_marshal_cannot_write_is_an_error_here() -> None:
    with pytest.raises(ValueError, match="unmarshallable"):
        forked.share(lambda _n: object(), [1], lambda: 0)


def test_a_child_that_dies_is_reported() -> None:
    with pytest.raises(ClaimrefError, match="failed"):
        forked.share(lambda _n: os._exit(3), [1], lambda: 0)


def test_our_own_failure_leaves_no_child_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        children.append(pid)
        return pid

    def own() -> None:
        raise KeyError("ours")

    monkeypatch.setattr(os, "fork", recorded)
    with pytest.raises(KeyError):
        forked.share(lambda n: n, [1, 2], own)
    assert len(children) == 2
    for pid in children:  # each one waited for (reaped) already
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_list_of_a_thousand_is_rendered_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker costs more CPU time than it saves wall time at this size (issue 12's target holds
    both to pandoc's), even with a core idle."""
    from claimref.render import pipeline  # noqa: PLC0415
    from claimref.render.styles import resolve_style  # noqa: PLC0415

    def no_fork(*_args: object) -> list[object]:
        raise AssertionError("forked")

    monkeypatch.setattr(forked, "share", no_fork)
    items = [{"id": f"w{i}", "type": "book", "title": f"Work {i}",
              "author": [{"family": f"Author{i % 97}", "given": "A."}],
              "issued": {"date-parts": [[1900 + i % 120]]}} for i in range(1000)]  # fmt: skip
    done = pipeline.render(resolve_style("apa"), None, items, "text", workers=2)
    assert len(done.order) == 1000
