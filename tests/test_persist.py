"""The state's persistent collections: a derived value never changes the one it came from."""

from __future__ import annotations

from facilitator.engine.persist import Log, PMap, Stack


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
