"""``facilitator examples [DIR]``: the bundled example agendas, listed and copied out.

Its messages follow the system's language (the examples belong to no agenda yet): the locale's
``LC_ALL``, ``LC_MESSAGES`` or ``LANG``, the first one set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import EXAMPLES, bundled_examples, main, sample_agenda, system_language
from facilitator.i18n import EN, ZH
from tests.conftest import ELECTION, ROOT, SAMPLE

NAMES = ["leading-group-first-meeting.yaml", "branch-committee-election.yaml"]


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system whose locale is Chinese."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """A system whose locale is not Chinese."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def test_both_examples_are_bundled_the_sample_first_and_the_tests_use_those_very_files() -> None:
    assert [path.name for path in bundled_examples()] == NAMES
    assert bundled_examples() == [SAMPLE, ELECTION]
    assert sample_agenda() == SAMPLE


def test_no_file_of_the_package_is_a_symlink_in_git_so_a_windows_checkout_has_real_files() -> None:
    listing = subprocess.run(
        ["git", "ls-files", "-s", "facilitator"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert any(line.endswith("facilitator/examples/" + NAMES[1]) for line in listing)
    assert [line for line in listing if line.startswith("120000 ")] == []
    assert not any(path.is_symlink() for path in EXAMPLES.iterdir())


def test_every_example_says_what_it_shows_in_both_languages() -> None:
    for words in (ZH, EN):
        assert set(words.examples_shows) == set(NAMES)
        assert all(words.examples_shows.values())


def test_the_listing_names_each_example_its_meeting_and_what_it_shows_in_english(
    english: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["examples"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == EN.examples_heading
    assert out[1] == "  leading-group-first-meeting.yaml  第二批主题教育领导小组第一次会议"
    assert out[2] == "      " + EN.examples_shows[NAMES[0]]
    assert out[3] == "  branch-committee-election.yaml  中共第一支部党员大会"
    assert out[4] == "      " + EN.examples_shows[NAMES[1]]
    assert out[5].startswith("Copy them into a folder to start your own: ")
    assert out[5].endswith(" examples DIR")
    assert len(out) == 6


def test_the_listing_is_in_chinese_on_a_chinese_system(
    chinese: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["examples"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "自带的示例议程（文件名、会议名称、示范的内容）："
    assert out[4] == "      换届选举：举手表决选举办法，鼓掌通过监票人，投票和当选"
    assert out[5].startswith("复制到一个文件夹，改成自己的会议：")


def test_the_system_language_is_the_first_locale_variable_set_as_posix_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert system_language() == "en"
    monkeypatch.delenv("LC_ALL")
    assert system_language() == "zh"  # an empty LC_MESSAGES counts as unset
    monkeypatch.setenv("LC_MESSAGES", "zh_TW.UTF-8")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert system_language() == "zh"
    monkeypatch.delenv("LC_MESSAGES")
    monkeypatch.delenv("LANG")
    if sys.platform != "win32":
        assert system_language() == "en"


def test_copying_creates_the_folder_and_writes_each_example_byte_for_byte(
    english: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "office" / "agendas"
    assert main(["examples", str(folder)]) == 0
    assert sorted(path.name for path in folder.iterdir()) == sorted(NAMES)
    for name in NAMES:
        copy = folder / name
        assert copy.read_bytes() == (EXAMPLES / name).read_bytes()
        if os.name == "posix":  # shared like any file the user makes, not 0600 like a temp file
            umask = os.umask(0)
            os.umask(umask)
            assert copy.stat().st_mode & 0o777 == 0o666 & ~umask
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [f"wrote {folder / NAMES[0]}", f"wrote {folder / NAMES[1]}"]
    assert err[2].startswith("next (check it, fill names and times): ")
    assert err[2].endswith(f" prepare {folder / NAMES[0]}")
    assert main(["check", str(folder / NAMES[1])]) == 0


def test_an_existing_example_is_not_overwritten_without_force_and_nothing_else_is_written(
    chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / NAMES[1]
    mine.write_text("我改过的议程", encoding="utf-8")
    assert main(["examples", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"{mine}: 已存在，没有覆盖；确认要覆盖请加 --force\n"
    assert mine.read_text(encoding="utf-8") == "我改过的议程"
    assert sorted(path.name for path in tmp_path.iterdir()) == [NAMES[1]]
    assert main(["examples", str(tmp_path), "--force"]) == 0
    assert mine.read_bytes() == (EXAMPLES / NAMES[1]).read_bytes()
    assert (tmp_path / NAMES[0]).read_bytes() == (EXAMPLES / NAMES[0]).read_bytes()


def test_a_folder_or_a_symlink_in_an_examples_place_is_never_replaced_even_with_force(
    english: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / NAMES[0]).mkdir()
    assert main(["examples", str(tmp_path), "--force"]) == 2
    assert capsys.readouterr().err == f"{tmp_path / NAMES[0]}: not a regular file; not replaced\n"
    assert (tmp_path / NAMES[0]).is_dir()

    other = tmp_path / "other"
    other.mkdir()
    kept = tmp_path / "kept.yaml"
    kept.write_text("keep me", encoding="utf-8")
    (other / NAMES[1]).symlink_to(kept)
    assert main(["examples", str(other), "--force"]) == 2
    assert capsys.readouterr().err == f"{other / NAMES[1]}: not a regular file; not replaced\n"
    assert kept.read_text(encoding="utf-8") == "keep me"
    assert (other / NAMES[1]).is_symlink()
    assert not (other / NAMES[0]).exists()


def test_a_file_given_as_the_folder_is_one_line_and_exit_2(
    chinese: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["examples", str(target)]) == 2
    assert capsys.readouterr().err == f"{target}: 不是文件夹\n"
    assert target.read_text(encoding="utf-8") == "x"


def test_no_command_still_opens_the_bundled_sample_in_the_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[Path] = []

    def run_console(agenda: Path, **_: object) -> int:
        opened.append(agenda)
        return 0

    monkeypatch.setattr("facilitator.runner.run_console", run_console)
    assert main([]) == 0
    assert opened == [cli.sample_agenda()]
    assert opened[0].is_file() and not opened[0].is_symlink()


def test_the_command_runs_as_its_own_process_in_chinese(tmp_path: Path) -> None:
    environment = {**os.environ, "LANG": "zh_CN.UTF-8", "PYTHONIOENCODING": "utf-8"}
    environment.pop("LC_ALL", None)
    environment.pop("LC_MESSAGES", None)
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "examples", str(tmp_path / "a")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"已复制 {tmp_path / 'a' / NAMES[0]}"
    assert "Traceback" not in result.stderr
