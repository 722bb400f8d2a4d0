"""The Chinese guide keeps step with the English README: the same commands, keys and set-up."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT

ENGLISH = ROOT / "README.md"
CHINESE = ROOT / "README.zh-CN.md"


def first_column(path: Path, header: str) -> list[str]:
    """The first cells of the Markdown table whose header row starts with ``| header |``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    cells: list[str] = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells.append(re.split(r"(?<!\\)\|", line)[1].strip())
    return cells


def code_blocks(path: Path) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def test_the_guides_list_the_same_commands() -> None:
    english = first_column(ENGLISH, "command")
    assert len(english) >= 9
    assert first_column(CHINESE, "命令") == english


def test_the_guides_list_the_same_keys() -> None:
    english = first_column(ENGLISH, "key")
    assert "`v`" in english and "`q`" in english
    assert first_column(CHINESE, "按键") == english


def test_both_begin_with_the_same_two_commands() -> None:
    assert code_blocks(CHINESE)[:2] == code_blocks(ENGLISH)[:2]


def test_the_english_readme_links_the_chinese_guide_in_its_first_lines() -> None:
    head = "\n".join(ENGLISH.read_text(encoding="utf-8").splitlines()[:8])
    assert "(README.zh-CN.md)" in head


def test_every_picture_in_the_chinese_guide_exists() -> None:
    text = CHINESE.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(pictures) >= 5
    for picture in pictures:
        assert (ROOT / picture.replace("%5B", "[").replace("%5D", "]")).is_file(), picture
