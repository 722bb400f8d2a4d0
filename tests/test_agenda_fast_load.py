"""libyaml composes the agenda on the fast path; the result, lines and limits are the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from facilitator.agenda.bounded import MAX_ALIASES, MAX_DEPTH, within_limits
from facilitator.agenda.load import load_agenda
from tests.conftest import BRANCHES, SMALL

ROOT = Path(__file__).parent.parent
AGENDAS = [ROOT / "facilitator" / "examples" / "leading-group-first-meeting.yaml", SMALL, BRANCHES]


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", AGENDAS, ids=lambda path: path.stem)
def test_libyaml_and_the_python_loader_read_an_agenda_alike(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = load_agenda(path)
    monkeypatch.delattr(yaml, "CSafeLoader")
    slow = load_agenda(path)
    assert fast.agenda == slow.agenda
    assert fast.lines == slow.lines
    assert fast.literal_blocks == slow.literal_blocks


def composed(text: str) -> yaml.Node:
    loader = yaml.SafeLoader(text)  # no limits of its own
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    assert node is not None
    return node


def test_the_walk_counts_limits_as_the_composer_does() -> None:
    assert within_limits(composed("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)))
    assert not within_limits(composed("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH))
    few = "x: &x 1\nitems: [" + ", ".join(["*x"] * MAX_ALIASES) + "]\n"
    assert within_limits(composed(few))
    assert not within_limits(composed(few.replace("[", "[*x, ")))
    bomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcde", "bcdef", strict=True):
        bomb.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    assert not within_limits(composed("\n".join(bomb)))  # 9**6 values, from 46 aliases
    assert within_limits(composed("\n".join(bomb[:4])))
