"""Properties of the importer: no text crashes it; whatever imports loads and checks clean."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import facilitator.importer.yaml_out as yaml_out
from facilitator.agenda.check import check_agenda
from facilitator.importer import dump_agenda_yaml, parse_paragraphs
from tests.importer_helpers import load_imported

#: Pieces of the genre, so generated text reaches the parser's conventions, not only its edges.
WORDS = [
    "下面，进行会议第二项议程，",
    "第三项议程",
    "今天的会议共有3项议程，一是听取汇报；二是审议方案；三是讲话。",
    "请张伟同志作工作汇报。",
    "请办公室××同志汇报",
    "（汇报毕）",
    "【逐一表态】",
    "[鼓掌]",
    "（如时间不足：第三项改为书面传达）",
    "同意的请举手。",
    "（举手）",
    "请放下。",
    "赞成21票，反对0票，弃权1票，",
    "《物业公约》通过。",
    "全票通过。",
    "未获通过，退回重新论证。",
    "如无异议，请以掌声通过。",
    "会议原则同意。",
    "应到代表50名，实到45名，",
    "须经全体代表三分之二以上同意方为通过。",
    "候选人名单为：王志强、刘雅琴、孙立军。",
    "应选委员2名，",
    "发出选票30张，收回选票30张，有效票30张。",
    "王志强、刘雅琴同志当选为委员。",
    "重点抓好落实：",
    "一是",
    "最后，有请王局长讲话。",
    "一、",
    "至此，三项议程都已完成。",
    "散会！",
    "會議第一項議程",
    "{present}",
    "（",
    "）",
    "《",
    "：",
    "。",
    "Item 2: the vote is carried.",
]
paragraph = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=8)), min_size=1, max_size=6
).map("".join)
scripts = st.lists(paragraph, min_size=1, max_size=14)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts)
def test_no_text_crashes_the_importer_and_what_imports_loads_and_checks(texts: list[str]) -> None:
    try:
        agenda = parse_paragraphs(texts, fallback_title="会议")
    except ValueError:
        assert not any(text.strip() for text in texts)
        return
    loaded = load_imported(agenda)
    check_agenda(loaded)


def _agendas(alphabet: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    text = st.text(alphabet if alphabet is not None else st.characters(), min_size=1, max_size=30)
    leaf = st.one_of(text, st.fixed_dictionaries({"cue": text}))
    vote = st.fixed_dictionaries({"vote": text, "passed": st.lists(leaf, min_size=1, max_size=3)})
    step = st.one_of(leaf, vote)
    item = st.fixed_dictionaries({"title": text, "steps": st.lists(step, min_size=1, max_size=4)})
    return st.fixed_dictionaries(
        {"version": st.just(1), "meeting": st.fixed_dictionaries({"title": text})},
        optional={"opening": st.lists(step, max_size=3), "items": st.lists(item, max_size=3)},
    )


#: Text both emitters write the same way (libyaml escapes characters beyond the BMP and some
#: controls that PyYAML's emitter writes as they are; both load back the same).
PLAIN = st.characters(
    max_codepoint=0xFFFF, blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")
)


#: What an imported agenda can hold: decoded text has no surrogates, and line breaks (NEL, LS,
#: PS included) split paragraphs, so none is left inside a string.
TEXT = st.characters(
    blacklist_categories=("Cs", "Zl", "Zp"), blacklist_characters="\x85\r\x0b\x0c\x1c\x1d\x1e"
)


@settings(max_examples=150, deadline=None)
@given(_agendas(TEXT))
def test_whatever_agenda_is_written_loads_back_the_same(agenda: dict[str, Any]) -> None:
    assert yaml.safe_load(dump_agenda_yaml(agenda)) == agenda


@settings(max_examples=150, deadline=None)
@given(_agendas(PLAIN))
def test_the_fast_yaml_writer_writes_what_the_python_one_writes(agenda: dict[str, Any]) -> None:
    fast = dump_agenda_yaml(agenda)
    saved, yaml_out._FastDumper = yaml_out._FastDumper, None
    try:
        slow = dump_agenda_yaml(agenda)
    finally:
        yaml_out._FastDumper = saved
    assert yaml.safe_load(fast) == agenda
    assert fast == slow


def test_a_lone_surrogate_falls_back_to_the_python_writer() -> None:
    agenda = {"version": 1, "meeting": {"title": "\ud800"}}
    assert yaml.safe_load(dump_agenda_yaml(agenda)) == agenda
