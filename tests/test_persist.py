"""The state's persistent collections: a derived value never changes the one it came from."""

from __future__ import annotations

import pytest

from facilitator.engine.persist import (
    Log,
    PMap,
    Stack,
    TransientLog,
    TransientMap,
    TransientStack,
)


def test_a_log_grows_and_sets_its_last_item_without_changing_older_logs() -> None:
    empty: Log[int] = Log()
    one = empty.append(1)
    two = one.append(2)
    closed = two.set_last(20)
    three = closed.append(3)
    sibling = two.append(4)  # a branch from a log another log already grew from
    values = (empty, one, two, closed, three, sibling)
    assert [tuple(v) for v in values] == [(), (1,), (1, 2), (1, 20), (1, 20, 3), (1, 2, 4)]
    assert closed == (1, 20) and sibling == [1, 2, 4]
    assert three[-1] == 3 and three[1] == 20 and three[:2] == (1, 20) and len(three) == 3
    assert list(reversed(sibling)) == [4, 2, 1]


def test_a_stack_pushes_and_pops_without_changing_older_stacks() -> None:
    empty: Stack[str] = Stack()
    a = empty.push("a")
    ab = a.push("b")
    top, rest = ab.pop()
    ac = rest.push("c")
    assert top == "b" and [tuple(s) for s in (rest, ab, ac, empty)] == [
        ("a",),
        ("a", "b"),
        ("a", "c"),
        (),
    ]
    assert ac == ("a", "c")
    assert ab[-1] == "b" and ab[0] == "a" and not empty and Stack(["x", "y"]) == ("x", "y")


def test_a_map_sets_keys_without_changing_older_maps() -> None:
    empty: PMap[int, str] = PMap()
    one = empty.set(1, "a")
    two = one.set(2, "b").set(1, "c")
    branch = one.set(3, "d")  # from a map another map was already derived from
    assert empty == {} and one == {1: "a"} and two == {1: "c", 2: "b"}
    assert branch == {1: "a", 3: "d"}
    assert 2 not in one and one.get(2) is None and len(two) == 2 and list(two) == [1, 2]
    assert {**two} == {1: "c", 2: "b"} and PMap({5: "e"}).set(5, "f") == {5: "f"}


def test_transients_change_in_place_and_freeze_to_what_the_persistent_values_make() -> None:
    log = Log([1, 2])
    stack = Stack(["a"])
    pmap = PMap({1: "a"})
    t_log, t_stack, t_map = TransientLog(log), TransientStack(stack), TransientMap(pmap)
    assert t_log.append(3) is t_log and t_log.set_last(30) is t_log
    assert t_stack.push("b") is t_stack and t_stack.push("c") is t_stack
    top, rest = t_stack.pop()
    assert t_map.set(2, "b") is t_map and t_map.set(1, "c") is t_map
    assert top == "c" and rest is t_stack and len(t_stack) == 2 and len(t_log) == 3
    assert t_log[-1] == 30 and t_log.last == 30 and TransientLog(Log[int]()).last is None
    frozen_log, frozen_stack, frozen_map = (
        t_log.persistent(),
        t_stack.persistent(),
        t_map.persistent(),
    )
    assert isinstance(frozen_log, Log) and frozen_log == log.append(3).set_last(30)
    assert isinstance(frozen_stack, Stack) and frozen_stack == stack.push("b")
    assert isinstance(frozen_map, PMap) and frozen_map == pmap.set(2, "b").set(1, "c")
    assert log == (1, 2) and stack == ("a",) and pmap == {1: "a"}  # the sources are untouched
    assert frozen_stack.pop()[0] == "b" and frozen_log.append(4) == (1, 2, 30, 4)


def test_an_empty_transient_refuses_what_an_empty_persistent_value_refuses() -> None:
    with pytest.raises(IndexError):
        TransientStack(Stack[int]()).pop()
    with pytest.raises(IndexError):
        TransientLog(Log[int]()).set_last(1)
