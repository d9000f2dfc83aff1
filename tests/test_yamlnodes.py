"""The fast loader of yamlnodes resolves every node to the same tag as PyYAML's safe loader."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from claimref.formats.yamlnodes import Loader


def tagged(node: yaml.Node | None) -> list[tuple[str, object]]:
    """Every node's tag (and a scalar's text), depth first."""
    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode):
        return [(node.tag, node.value)]
    found: list[tuple[str, object]] = [(node.tag, None)]
    for item in node.value:
        for child in item if isinstance(item, tuple) else (item,):
            found += tagged(child)
    return found


DOCUMENTS = {
    "booleans": "a: no\nb: yes\nc: off\nd: 'no'\ne: True\n",
    "numbers-and-dates": "a: 1943\nb: 2024-01-02\nc: 1_000\nd: 0x1F\ne: .inf\nf: 1.5e3\n",
    "nulls": "a: ~\nb:\nc: null\nd: ''\n",
    "merge-and-values": "base: &b {x: 1}\nuse:\n  <<: *b\n  y: =\n",
    "same-text-plain-and-quoted": "- no\n- 'no'\n- \"no\"\n- |\n  no\n- no\n",
    "nested": "links:\n  - source: a\n    verified: {by: me, 'on': 2025-01-15}\n",
}


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_tags_match_the_safe_loader(text: str) -> None:
    assert tagged(yaml.compose(text, Loader=Loader)) == tagged(
        yaml.compose(text, Loader=yaml.SafeLoader)
    )


PLAIN = st.text(alphabet="0123456789-_.:+eExXoOnNyYtTfFaAlLsS~ ", min_size=1, max_size=12)


@given(st.lists(PLAIN, min_size=1, max_size=8))
def test_plain_scalars_resolve_as_the_safe_loader_does(values: list[str]) -> None:
    text = "".join(f"- {yaml.dump(v, Dumper=yaml.SafeDumper).splitlines()[0]}\n" for v in values)
    text += "".join(f"- {v.strip() or 'x'}\n" for v in values if ":" not in v and "#" not in v)
    try:
        expected = tagged(yaml.compose(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    assert tagged(yaml.compose(text, Loader=Loader)) == expected
