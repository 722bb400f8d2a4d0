"""Bounded input: regular files within a limit; YAML depth and aliases; scripts that are scripts."""

from __future__ import annotations

import io
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

from facilitator.agenda.bounded import MAX_ALIASES, MAX_DEPTH
from facilitator.agenda.load import AgendaError, load_agenda, parse_agenda
from facilitator.importer import ScriptImportError, import_script
from facilitator.importer.docx import MAX_RATIO, check_zip_sizes
from facilitator.importer.text import not_a_script
from facilitator.inputs import AGENDA, InputError, InputKind, read_input, size_text

SCRIPTS = Path(__file__).parent / "data" / "scripts"
HEAD = "version: 1\nmeeting: {title: 测试}\n"


# -- inputs.read_input ----------------------------------------------------------------------------


def test_a_regular_file_within_its_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 100)
    assert read_input(path, InputKind("a test file", 100)) == b"x" * 100


def test_a_file_over_its_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(AGENDA.limit + 1)
    with pytest.raises(InputError) as raised:
        read_input(path, AGENDA)
    assert str(raised.value) == f"{path}: is 4.0 MiB; an agenda file may be at most 4 MiB"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_file_larger_than_its_stat_says_is_read_only_to_the_limit() -> None:
    # /proc files report size 0, like a file that grows while it is read.
    with pytest.raises(InputError, match="grew past 16 bytes while being read"):
        read_input("/proc/self/status", InputKind("a test file", 16))


def test_a_fifo_is_refused_at_once_without_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match=r"is a FIFO, not an agenda file$"):
        read_input(pipe, AGENDA)


def test_a_device_and_a_directory_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^/dev/zero: is a character device, not an agenda"):
        read_input("/dev/zero", AGENDA)
    with pytest.raises(InputError, match=r"is a directory, not an agenda file$"):
        read_input(tmp_path, AGENDA)


def test_sizes_read_as_people_write_them() -> None:
    assert [size_text(n) for n in (512, 1536, 2 << 20, (60 << 20) + 1)] == [
        "512 bytes",
        "1.5 KiB",
        "2 MiB",
        "60.0 MiB",
    ]


# -- YAML structure -------------------------------------------------------------------------------


def test_an_agenda_using_a_few_aliases_still_loads_with_lines() -> None:
    text = HEAD + (
        "items:\n"
        "  - title: 一\n"
        "    steps: &steps\n"
        "      - 宣布开会。\n"
        "  - title: 二\n"
        "    steps: *steps\n"
    )
    loaded = parse_agenda(text.encode(), "a.yaml")
    first, second = loaded.agenda.items
    assert first.steps == second.steps
    assert loaded.line_of("items", 1, "steps") == 8


def test_nesting_to_the_limit_is_read_and_one_level_more_is_refused() -> None:
    def nested(depth: int) -> bytes:
        # the root mapping is level 1; items: is a list of lists from level 2 to ``depth``.
        inner = "[" * (depth - 1) + "]" * (depth - 1)
        return (HEAD + f"items: {inner}\n").encode()

    with pytest.raises(AgendaError) as at_limit:
        parse_agenda(nested(MAX_DEPTH), "a.yaml")
    assert "nested" not in str(at_limit.value)  # refused by the schema, not by the limit
    with pytest.raises(AgendaError) as over:
        parse_agenda(nested(MAX_DEPTH + 1), "a.yaml")
    assert str(over.value) == (
        f"a.yaml:3: nested more than {MAX_DEPTH} levels deep; an agenda needs about eight"
    )


def test_too_many_aliases_are_refused_at_the_first_one_over() -> None:
    text = HEAD + "x: &x 1\nitems: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(AgendaError, match=rf"a\.yaml:4: more than {MAX_ALIASES:,} aliases"):
        parse_agenda(text.encode(), "a.yaml")


def test_an_alias_bomb_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.process_time()
    with pytest.raises(AgendaError, match=r"bomb\.yaml:\d+: expands to more than 200,000"):
        load_agenda(bomb)
    assert time.process_time() - started < 0.5


# -- scripts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.txt")), ids=lambda path: path.stem)
def test_every_sample_script_looks_like_a_script(script: Path) -> None:
    assert not_a_script(script.read_text(encoding="utf-8").splitlines()) is None


def test_prose_with_no_paragraph_of_the_genre_is_not_a_script() -> None:
    reason = not_a_script(["从前有座山，山里有座庙。", "庙里有个老和尚在讲故事。"])
    assert reason is not None and "does not look like a chair's script" in reason


def test_text_of_mostly_private_use_characters_is_not_text() -> None:
    reason = not_a_script(["\ue000\ue001\ue002（汇报毕）"])
    assert reason is not None and "private-use" in reason


def test_a_nonsense_import_writes_nothing(tmp_path: Path) -> None:
    from facilitator.cli import main

    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe" + "魑魅魍魉".encode("utf-16-le") * 500)
    out = tmp_path / "agenda.yaml"
    assert main(["import", str(junk), "-o", str(out)]) == 2
    assert not out.exists()


def _zip(entries: dict[str, bytes]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def test_a_zip_part_packed_too_tightly_is_refused_by_name() -> None:
    with pytest.raises(
        ScriptImportError, match=rf"word/document\.xml is compressed .* {MAX_RATIO}"
    ):
        check_zip_sizes(_zip({"word/document.xml": b"\0" * (2 << 20)}), Path("s.docx"))


def test_ordinary_word_xml_passes_the_zip_checks() -> None:
    xml = b"".join(b"<w:p><w:r><w:t>paragraph %d</w:t></w:r></w:p>" % i for i in range(50_000))
    check_zip_sizes(_zip({"word/document.xml": xml}), Path("s.docx"))


def test_a_text_script_over_its_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    script = tmp_path / "huge.txt"
    with script.open("wb") as handle:
        handle.truncate(60 << 20)
    with pytest.raises(ScriptImportError, match=r"is 60 MiB; a script file may be at most 1 MiB"):
        import_script(script)


# -- journals -------------------------------------------------------------------------------------


def test_resume_search_skips_a_fifo_in_the_journal_folder(tmp_path: Path) -> None:
    from facilitator.journal.find import latest_unfinished
    from facilitator.journal.store import JournalError

    os.mkfifo(tmp_path / "stuck.jsonl")
    small = load_agenda(Path(__file__).parent / "data" / "agendas" / "small.yaml")
    with pytest.raises(JournalError, match="no unfinished journal"):
        latest_unfinished(small, tmp_path)
