"""Reading a whole journal at once (``in_order``) finds exactly what the line-by-line reading does.

``walk`` and ``verify_data`` take the whole-list path first and fall back on the per-line checks
when anything is off; here each result is compared with the per-line path alone, on the committed
journals and on damaged and edited copies of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.journal import store, verify
from facilitator.journal.store import JournalError, in_order, walk
from facilitator.journal.verify import Verification, verify_data

JOURNALS = sorted((Path(__file__).parent / "data" / "journals").glob("*.jsonl"))


def _edit(lines: list[bytes], index: int, change: Callable[[dict[str, object]], None]) -> None:
    index %= len(lines)
    step = -1 if index == len(lines) - 1 else 1
    while lines[index].count(b"{") != lines[index].count(b"}"):  # a torn line: a whole one
        index += step
    event = json.loads(lines[index])
    change(event)
    lines[index] = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


def _other_second(event: dict[str, object]) -> None:
    at = str(event["at"])  # 2026-11-27T09:30:05+08:00: the seconds are at 17:19
    event["at"] = at[:17] + ("58" if at[17:19] == "59" else "59") + at[19:]


def _names_a_prev(event: dict[str, object]) -> None:
    event["prev"] = "0" * 64


def _time_back(event: dict[str, object]) -> None:
    event["t"] = 0.0 if event["t"] else 1.0


def _seq_repeat(event: dict[str, object]) -> None:
    event["seq"] = int(str(event["seq"])) - 1


def variants(data: bytes) -> dict[str, bytes]:
    """The journal as written, and copies damaged or edited in the ways a reader must name."""
    lines = data.rstrip(b"\n").split(b"\n")
    middle = len(lines) // 2
    out = {"as written": data, "no final newline": data.rstrip(b"\n")}

    def copy(name: str, edit: Callable[[list[bytes]], object]) -> None:
        changed = list(lines)
        edit(changed)
        out[name] = b"\n".join(changed) + b"\n"

    copy("a line removed", lambda ls: ls.pop(middle))
    copy("the first line removed", lambda ls: ls.pop(0))
    copy("a line repeated", lambda ls: ls.insert(middle, ls[middle]))
    copy("two lines swapped", lambda ls: ls.insert(middle + 1, ls.pop(middle)))
    copy("a blank line", lambda ls: ls.insert(middle, b""))
    copy("a torn middle line", lambda ls: ls.__setitem__(middle, ls[middle][:20]))
    copy("a torn end", lambda ls: ls.append(b'{"seq":99,"type":"note'))
    copy("an edited line", lambda ls: _edit(ls, middle, _other_second))
    copy("the first line edited", lambda ls: _edit(ls, 0, _other_second))
    copy("the last line edited", lambda ls: _edit(ls, -1, _other_second))
    copy("the first line names a prev", lambda ls: _edit(ls, 0, _names_a_prev))
    copy("time runs back", lambda ls: _edit(ls, middle, _time_back))
    copy("a seq repeats", lambda ls: _edit(ls, middle, _seq_repeat))
    copy("not json", lambda ls: ls.__setitem__(middle, b"hello"))
    out["a torn end without newline"] = data + b'{"seq":99,"type":"no'
    out["empty"] = b""
    out["only blank lines"] = b"\n\n"
    return out


def line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, both readers take only their per-line path."""
    monkeypatch.setattr(store, "in_order", lambda data: None)
    monkeypatch.setattr(verify, "in_order", lambda data: None)


def verified(data: bytes, path: Path) -> Verification | str:
    try:
        return verify_data(data, path)
    except JournalError as error:
        return str(error)


def walked(data: bytes, path: Path) -> object:
    try:
        return walk(data, path)
    except JournalError as error:
        return str(error)


CASES = [(journal, name) for journal in JOURNALS for name in variants(journal.read_bytes())]


@pytest.mark.parametrize(
    ("journal", "variant"), CASES, ids=[f"{j.stem}-{name}" for j, name in CASES]
)
def test_the_whole_list_reading_finds_what_the_line_by_line_one_does(
    journal: Path, variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = variants(journal.read_bytes())[variant]
    fast_verified, fast_walked = verified(data, journal), walked(data, journal)
    line_by_line(monkeypatch)
    assert verified(data, journal) == fast_verified
    assert walked(data, journal) == fast_walked


@pytest.mark.parametrize("journal", JOURNALS, ids=[path.stem for path in JOURNALS])
def test_a_journal_as_written_is_read_in_one_go_and_an_edited_one_is_not(journal: Path) -> None:
    cases = variants(journal.read_bytes())
    clean = cases["as written"]
    if any(line.count(b"{") != line.count(b"}") for line in clean.splitlines()):
        assert in_order(clean) is None  # a torn line: read line by line, to place it
        return
    lines = in_order(clean)
    assert lines is not None
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert b"\n".join(line.raw for line in lines) + b"\n" == clean
    for name in ("a line removed", "a line repeated", "a blank line", "time runs back"):
        assert in_order(cases[name]) is None, name
    result = verify_data(cases["an edited line"], journal)
    assert result.problem is not None and "changed after it was written" in result.problem


def test_the_per_line_path_really_is_another_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above is not of one path with itself: without ``in_order`` a clean
    journal is still read, line by line, to the same lines."""
    data = JOURNALS[0].read_bytes()
    calls: list[bytes] = []
    real = store.scan

    def counting(data: bytes) -> object:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(store, "scan", counting)
    monkeypatch.setattr(verify, "scan", counting)
    fast = verify_data(data, JOURNALS[0])
    assert calls == []
    line_by_line(monkeypatch)
    assert verify_data(data, JOURNALS[0]) == fast
    assert calls == [data]
