"""A file's stamp as the index keeps it: written as text and read back by splitting it, the same
stamp whatever its numbers (a negative or odd one is read as JSON)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimref.index import codec
from claimref.safewrite import FileStamp

DIGESTS = st.text(alphabet="0123456789abcdef", min_size=0, max_size=64)


@given(size=st.integers(0, 2**63), mtime=st.integers(-(2**62), 2**63), digest=DIGESTS)
def test_a_stamp_reads_back_as_written(size: int, mtime: int, digest: str) -> None:
    stamp = FileStamp(size, mtime, digest)
    text = codec.stamp_text(stamp)
    assert text == codec.dumps(codec.stamp(stamp))
    assert codec.stamp_from_text(text) == stamp


def test_a_stamp_written_as_json_with_spaces_reads_back() -> None:
    assert codec.stamp_from_text('[3, 4, "ab"]') == FileStamp(3, 4, "ab")
