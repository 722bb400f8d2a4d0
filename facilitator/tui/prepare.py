"""``facilitator prepare``: review and fix an agenda on one screen, then save it.

The screen is thin: every edit is a method of :class:`~facilitator.agenda.document.AgendaDocument`
(pure, with its undo stack); the screen sends keys to it, shows what it refuses on the status
line, and after each edit shows the steps, the selected step's fields, ``check``'s problems, the
unfilled placeholders and the importer's review list afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, Input, Label, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from facilitator.agenda.document import (
    MEETING_LISTS,
    AgendaDocument,
    EditRefused,
    Placeholder,
    Role,
    Row,
)
from facilitator.agenda.load import AgendaError, LoadedAgenda, Problem, parse_agenda
from facilitator.agenda.model import format_duration
from facilitator.fileio import OutputExistsError, write_atomically
from facilitator.i18n import Strings, strings
from facilitator.journal.store import JournalError
from facilitator.tui.screens.dialogs import ConfirmDialog
from facilitator.tui.wrap import truncate_cells


@dataclass(frozen=True)
class ReviewNote:
    """One guess of the importer to check (``facilitator import --json``'s review list)."""

    line: int
    """The script's line it comes from."""
    kind: str
    message: str


ROLE_KEYS: dict[str, Role] = {
    "o": Role.OPENING,
    "i": Role.ITEM_START,
    "l": Role.LINE,
    "c": Role.CUE,
    "r": Role.ROLL_CALL,
    "v": Role.VOTE,
    "e": Role.ELECTION,
    "b": Role.BRANCH,
    "x": Role.CLOSING,
}
"""The key that gives the selected step each role."""

FIELDS: dict[str, tuple[str, ...]] = {
    "line": ("line", "planned"),
    "cue": ("cue", "who", "planned"),
    "roll_call": ("roll_call", "quorum", "planned"),
    "vote": ("vote", "method", "rule", "of", "counted", "passed", "failed", "planned"),
    "election": ("election", "seats", "candidates", "rule", "of", "method", "elected", "planned"),
}
"""The fields the details panel edits, by the step's kind."""
ITEM_FIELDS = ("title", "planned")
MEETING_FIELDS = (
    "title",
    "date",
    "planned_start",
    "place",
    "host",
    "recorder",
    "members",
    "attendees",
    "observers",
    "absent",
)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(str(entry) for entry in value)
    return str(value)


class SplitDialog(ModalScreen[int | None]):
    """The line in an input: move the cursor to where it splits, enter splits there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="split.cancel"),
    ]
    AUTO_FOCUS = "#split"

    def __init__(self, words: Strings, text: str) -> None:
        super().__init__(classes="dialog")
        self.words = words
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog--box"):
            yield Static(self.words.prepare_split_title, classes="dialog--title")
            field = Input(self.text, id="split")
            yield field
            yield Static(self.words.prepare_split_keys, classes="dialog--keys")

    def on_mount(self) -> None:
        field = self.query_one("#split", Input)
        field.cursor_position = len(self.text) // 2

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.input.cursor_position)

    def action_cancel(self) -> None:
        """Close without splitting."""
        self.dismiss(None)


@dataclass(frozen=True)
class Fill:
    """What the fill dialog returns."""

    value: str
    name: str
    every: bool


class FillDialog(ModalScreen[Fill | None]):
    """A value for a placeholder; optionally a field name, and all with the same context."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="fill.cancel"),
    ]
    AUTO_FOCUS = "#fill-value"

    def __init__(self, words: Strings, place: Placeholder, same: int) -> None:
        super().__init__(classes="dialog")
        self.words = words
        self.place = place
        self.same = same

    def compose(self) -> ComposeResult:
        words = self.words
        with Vertical(classes="dialog--box"):
            title = words.fmt(words.prepare_fill_title, mark=self.place.mark, context="")
            yield Static(title, classes="dialog--title", markup=False)
            yield Static(self.place.context, classes="prepare--context", markup=False)
            yield Label(words.prepare_fill_value)
            yield Input(id="fill-value")
            yield Label(words.prepare_fill_name)
            yield Input(id="fill-name")
            yield Checkbox(
                words.fmt(words.prepare_fill_every, count=self.same),
                self.same > 1,
                id="fill-every",
            )
            yield Static(words.prepare_fill_keys, classes="dialog--keys")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        value = self.query_one("#fill-value", Input).value
        name = self.query_one("#fill-name", Input).value.strip()
        every = self.query_one("#fill-every", Checkbox).value
        self.dismiss(Fill(value, name, every))

    def action_cancel(self) -> None:
        """Close without filling."""
        self.dismiss(None)


class MeetingDialog(ModalScreen[dict[str, str] | None]):
    """The meeting's fields for the minutes: place, host, recorder, who attends …"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="meeting.cancel"),
    ]
    AUTO_FOCUS = "#meeting-title"

    def __init__(self, words: Strings, values: dict[str, str]) -> None:
        super().__init__(classes="dialog")
        self.words = words
        self.values = values

    def compose(self) -> ComposeResult:
        words = self.words
        with Vertical(classes="dialog--box prepare--meeting"):
            yield Static(words.prepare_meeting_title, classes="dialog--title")
            with VerticalScroll():
                for key in MEETING_FIELDS:
                    with Horizontal(classes="prepare--field"):
                        yield Label(words.prepare_meeting_fields[key], classes="prepare--label")
                        yield Input(self.values.get(key, ""), id=f"meeting-{key}")
            yield Static(words.prepare_dialog_keys, classes="dialog--keys")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.dismiss(
            {key: self.query_one(f"#meeting-{key}", Input).value for key in MEETING_FIELDS}
        )

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)


class PrepareScreen(Screen[None]):
    """The steps with their roles, the selected step's fields, problems, placeholders, review."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key, f"role('{role.value}')", role.value, show=False, id=f"prepare.{role.value}"
            )
            for key, role in ROLE_KEYS.items()
        ),
        Binding("s", "split", "split", show=False, id="prepare.split"),
        Binding("j", "join", "join", show=False, id="prepare.join"),
        Binding("left_square_bracket", "boundary(True)", "up", show=False, id="prepare.up"),
        Binding("right_square_bracket", "boundary(False)", "down", show=False, id="prepare.down"),
        Binding("u,ctrl+z", "undo", "undo", show=False, id="prepare.undo"),
        Binding("f", "meeting", "meeting", show=False, id="prepare.meeting"),
        Binding("p", "plan", "plan", show=False, id="prepare.plan"),
        Binding("ctrl+s", "save", "save", show=False, priority=True, id="prepare.save"),
        Binding("q", "quit", "quit", show=False, id="prepare.quit"),
        Binding("escape", "to_steps", "steps", show=False, id="prepare.steps"),
        Binding("1", "show_list('problems')", "problems", show=False, id="prepare.problems"),
        Binding("2", "show_list('placeholders')", "placeholders", show=False, id="prepare.fill"),
        Binding("3", "show_list('review')", "review", show=False, id="prepare.review"),
    ]

    def __init__(
        self,
        document: AgendaDocument,
        words: Strings,
        review: Sequence[ReviewNote] = (),
    ) -> None:
        super().__init__()
        self.document = document
        self.words = words
        self.review = list(review)
        """The importer's guesses to check (empty when an agenda was opened)."""
        self.ticked: set[int] = set()
        """The review notes the operator has ticked off."""
        self.loaded: LoadedAgenda | None = None
        self.problems: list[Problem] = []
        self.places: list[Placeholder] = []
        self.rows: list[Row] = []
        self.fields: dict[str, tuple[tuple[str | int, ...], str]] = {}
        """Each details input's id → (document path, key)."""

    def compose(self) -> ComposeResult:
        yield Static(id="prepare-header")
        with Horizontal(id="prepare-body"):
            yield OptionList(id="steps")
            yield VerticalScroll(id="details")
        with TabbedContent(id="lists"):
            with TabPane("", id="tab-problems"):
                yield OptionList(id="problems")
            with TabPane("", id="tab-placeholders"):
                yield OptionList(id="placeholders")
            with TabPane("", id="tab-review"):
                yield OptionList(id="review")
        yield Static(id="prepare-status")
        yield Static(self.words.prepare_keys, id="prepare-keys")

    def on_mount(self) -> None:
        self.refresh_all(select=0)
        self.query_one("#steps", OptionList).focus()

    # -- showing ---------------------------------------------------------------------------

    @property
    def selected(self) -> Row | None:
        """The step under the list's highlight."""
        index = self.query_one("#steps", OptionList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def refresh_all(
        self, select: int | None = None, path: tuple[str | int, ...] | None = None
    ) -> None:
        """Show the document as it is now; select a row by index or by path."""
        document = self.document
        self.rows = document.rows()
        self.loaded, self.problems, _ = document.validate()
        self.places = document.placeholders()
        steps = self.query_one("#steps", OptionList)
        if select is None:
            select = steps.highlighted or 0
        if path is not None:
            select = next((i for i, row in enumerate(self.rows) if row.path == path), select)
        steps.clear_options()
        width = max(20, (steps.size.width or 72) - 4)
        steps.add_options([Option(self._row_text(row, width)) for row in self.rows])
        if self.rows:
            steps.highlighted = max(0, min(select, len(self.rows) - 1))
        self._show_header()
        self._show_lists()
        self.show_details()

    def _row_text(self, row: Row, width: int) -> Text:
        role = self.words.prepare_roles[row.role.value]
        lead = role + " " * max(1, 9 - cell_len(role)) + "  " * row.depth
        text = Text(no_wrap=True, overflow="crop")
        text.append(lead, style=f"bold {_ROLE_STYLE.get(row.role, '')}".strip())
        words = row.text.replace("\n", " ")
        text.append(truncate_cells(words, max(4, width - cell_len(lead))))
        return text

    def on_resize(self) -> None:
        if self.rows:
            self.refresh_all()

    def _show_header(self) -> None:
        words = self.words
        title = str((self.document.data.get("meeting") or {}).get("title", ""))
        header = Text(no_wrap=True, overflow="crop")
        header.append(words.fmt(words.prepare_title, title=title), style="bold")
        if self.document.dirty:
            header.append("  " + words.prepare_unsaved, style="bold yellow")
        if self.document.has_comments:
            header.append("  " + words.prepare_comments_kept, style="dim")
        self.query_one("#prepare-header", Static).update(header)

    def _show_lists(self) -> None:
        words = self.words
        tabs = self.query_one("#lists", TabbedContent)
        tabs.get_tab("tab-problems").label = words.fmt(
            words.prepare_problems_tab, count=len(self.problems)
        )
        tabs.get_tab("tab-placeholders").label = words.fmt(
            words.prepare_placeholders_tab, count=len(self.places)
        )
        open_notes = len(self.review) - len(self.ticked)
        tabs.get_tab("tab-review").label = words.fmt(words.prepare_review_tab, count=open_notes)
        problems = self.query_one("#problems", OptionList)
        problems.clear_options()
        if self.problems:
            problems.add_options([Option(self._problem_text(p)) for p in self.problems])
        else:
            problems.add_option(Option(words.prepare_no_problems, disabled=True))
        places = self.query_one("#placeholders", OptionList)
        places.clear_options()
        if self.places:
            width = max(20, (places.size.width or 76) - 4)
            places.add_options(
                [Option(truncate_cells(f"{p.mark}  {p.context}", width)) for p in self.places]
            )
        else:
            places.add_option(Option(words.prepare_no_placeholders, disabled=True))
        self._show_review()

    def _show_review(self) -> None:
        review = self.query_one("#review", OptionList)
        highlighted = review.highlighted
        review.clear_options()
        if not self.review:
            review.add_option(Option(self.words.prepare_review_empty, disabled=True))
            return
        for index, note in enumerate(self.review):
            mark = "[x]" if index in self.ticked else "[ ]"
            line = f"{mark} {note.line}: {note.kind}: {note.message}"
            review.add_option(Option(truncate_cells(line, max(20, (review.size.width or 76) - 4))))
        if highlighted is not None:
            review.highlighted = highlighted

    def _problem_text(self, problem: Problem) -> str:
        where = f"{problem.line}: " if problem.line is not None else ""
        width = max(20, (self.query_one("#problems", OptionList).size.width or 76) - 4)
        return truncate_cells(where + problem.message, width)

    def show_details(self) -> None:
        """The selected step's fields (and its item's, at the item's first step)."""
        panel = self.query_one("#details", VerticalScroll)
        panel.remove_children()
        self.fields = {}
        row = self.selected
        if row is None:
            return
        words = self.words
        widgets: list[Any] = []
        if row.item is not None:
            item_path: tuple[str | int, ...] = ("items", row.item)
            title = self.document.item_title(row.item)
            heading = words.fmt(words.prepare_item, no=row.item + 1, title=title)
            widgets.append(Static(heading, classes="prepare--heading", markup=False))
            if row.role is Role.ITEM_START:
                item = self.document.node(item_path)
                widgets += self._inputs(item_path, item, ITEM_FIELDS, "item")
        role = words.prepare_roles[row.role.value]
        widgets.append(Static(role, classes="prepare--heading", markup=False))
        node = self.document.node(row.path)
        widgets += self._inputs(row.path, node, FIELDS[row.kind], "step")
        widgets.append(Static(words.prepare_details_keys, classes="prepare--hint"))
        panel.mount_all(widgets)

    def _inputs(
        self, path: tuple[str | int, ...], node: Any, keys: Sequence[str], prefix: str
    ) -> list[Any]:
        out: list[Any] = []
        labels = self.words.prepare_field_labels
        for key in keys:
            if isinstance(node, str):
                value = node if key == "line" else ""
            else:
                value = node.get(key)
                if key in ("passed", "failed") and isinstance(value, list):
                    continue
            field_id = f"{prefix}-{key}"
            self.fields[field_id] = (path, key)
            out.append(
                Horizontal(
                    Label(labels[key], classes="prepare--label"),
                    Input(_shown(value), id=field_id, classes="prepare--input"),
                    classes="prepare--field",
                )
            )
        return out

    def say(self, text: str, kind: str = "info") -> None:
        """A message on the status line."""
        status = self.query_one("#prepare-status", Static)
        status.set_classes(f"-{kind}")
        status.update(Text(text))

    # -- edits -----------------------------------------------------------------------------

    def _edit(self, edit: Any, *args: Any) -> tuple[str | int, ...] | None:
        try:
            result: tuple[str | int, ...] | None = edit(*args)
        except EditRefused as refused:
            self.say(self.words.fmt(self.words.prepare_refused, reason=refused), "refused")
            return None
        return result or ()

    def action_role(self, role: str) -> None:
        """Give the selected step a role."""
        row = self.selected
        if row is None:
            return
        path = self._edit(self.document.set_role, row.path, Role(role))
        if path is not None:
            self.say(self.words.prepare_edited)
            self.refresh_all(path=path)

    def action_split(self) -> None:
        """Split the selected line where the cursor is put in the dialog."""
        row = self.selected
        if row is None:
            return
        if row.kind != "line":
            self._edit(self.document.split, row.path, 0)
            return

        def split(at: int | None) -> None:
            if at is None:
                return
            path = self._edit(self.document.split, row.path, at)
            if path is not None:
                self.say(self.words.prepare_edited)
                self.refresh_all(path=path)

        self.app.push_screen(SplitDialog(self.words, row.text), split)

    def action_join(self) -> None:
        """Merge the selected line with the next one."""
        row = self.selected
        if row is None:
            return
        path = self._edit(self.document.merge_next, row.path)
        if path is not None:
            self.say(self.words.prepare_edited)
            self.refresh_all(path=path)

    def action_boundary(self, up: bool) -> None:
        """Move the selected step across its item's boundary."""
        row = self.selected
        if row is None:
            return
        path = self._edit(self.document.move_boundary, row.path, up)
        if path is not None:
            self.say(self.words.prepare_edited)
            self.refresh_all(path=path)

    def action_undo(self) -> None:
        """Take back the last edit."""
        words = self.words
        if self.document.undo():
            self.say(words.prepare_undone)
            self.refresh_all()
        else:
            self.say(words.prepare_nothing_to_undo, "refused")

    def action_meeting(self) -> None:
        """Edit the meeting's fields in a dialog."""
        values = {key: self.document.meeting_value(key) for key in MEETING_FIELDS}

        def done(result: dict[str, str] | None) -> None:
            if result is None:
                return
            changed = [key for key, value in result.items() if value.strip() != values[key]]
            for key in changed:
                if self._edit(self.document.set_meeting, key, result[key]) is None:
                    break
            else:
                self.say(self.words.prepare_edited)
            self.refresh_all()

        self.app.push_screen(MeetingDialog(self.words, values), done)

    def action_plan(self) -> None:
        """Planned times from this agenda's rehearsals (each item's and cue's median), after
        asking; each is an ordinary edit, so ``u`` takes them back."""
        from facilitator.report.plan import PlanError, plan_changes

        words = self.words
        document = self.document
        if not document.rehearsals:
            self.say(words.prepare_no_rehearsals, "refused")
            return
        try:
            loaded = parse_agenda(
                document.saved_text.encode("utf-8"), str(document.path), document.path
            )
            changes = plan_changes(loaded, document.rehearsals)
        except (AgendaError, PlanError, JournalError) as error:
            self.say(words.fmt(words.prepare_refused, reason=error), "refused")
            return
        if not changes:
            self.say(words.prepare_plan_same)
            return
        question = words.fmt(
            words.prepare_plan_ask, count=len(changes), rehearsals=len(document.rehearsals)
        )
        question += "\n" + "\n".join(change.describe("->").strip() for change in changes[:8])

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            for change in changes:
                minutes = format_duration(change.new_s)
                if self._edit(document.set_field, change.path, "planned", minutes) is None:
                    break
            else:
                self.say(words.fmt(words.prepare_planned, count=len(changes)))
            self.refresh_all()

        self.app.push_screen(ConfirmDialog(words, question), answer)

    def action_show_list(self, name: str) -> None:
        """Open a tab below (problems, placeholders, review) and put the cursor in its list."""
        self.query_one("#lists", TabbedContent).active = f"tab-{name}"
        self.query_one(f"#{name}", OptionList).focus()

    def action_to_steps(self) -> None:
        """Back to the list of steps."""
        self.query_one("#steps", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#steps")
    def _highlighted(self) -> None:
        self.show_details()

    @on(OptionList.OptionSelected, "#steps")
    def _selected(self) -> None:
        first = self.query(".prepare--input").first(Input) if self.fields else None
        if first is not None:
            first.focus()

    @on(Input.Submitted, ".prepare--input")
    def _field_submitted(self, event: Input.Submitted) -> None:
        field_id = event.input.id or ""
        if field_id not in self.fields:
            return
        path, key = self.fields[field_id]
        row = self.selected
        result = self._edit(self.document.set_field, path, key, event.value)
        if result is not None:
            self.say(self.words.prepare_edited)
            self.refresh_all(path=row.path if row else None)
            self.query_one("#steps", OptionList).focus()

    @on(OptionList.OptionSelected, "#problems")
    def _problem_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.problems or self.loaded is None:
            return
        problem = self.problems[event.option_index]
        index = self.document.row_of_line(self.loaded, problem.line)
        steps = self.query_one("#steps", OptionList)
        if index is not None:
            steps.highlighted = index
        steps.focus()

    @on(OptionList.OptionSelected, "#placeholders")
    def _placeholder_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.places:
            return
        place = self.places[event.option_index]
        same = sum(other.context == place.context for other in self.places)

        def done(fill: Fill | None) -> None:
            if fill is None:
                return
            try:
                count = self.document.fill(place, fill.value, every=fill.every, name=fill.name)
            except EditRefused as refused:
                self.say(self.words.fmt(self.words.prepare_refused, reason=refused), "refused")
                return
            self.say(self.words.fmt(self.words.prepare_filled, count=count))
            self.refresh_all()

        self.app.push_screen(FillDialog(self.words, place, same), done)

    @on(OptionList.OptionSelected, "#review")
    def _review_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.review:
            return
        self.ticked ^= {event.option_index}
        self._show_lists()

    # -- saving and leaving ----------------------------------------------------------------

    def action_save(self) -> None:
        """Write the agenda (whole or not at all) if it loads; say how many warnings remain."""
        words = self.words
        try:
            text = self.document.save_text()
        except AgendaError as error:
            self.say(words.fmt(words.prepare_not_saved, problem=error.problems[0]), "error")
            return
        try:
            write_atomically(self.document.path, text.encode("utf-8"), force=True)
        except (OSError, OutputExistsError) as error:  # e.g. the path became a directory
            self.say(words.fmt(words.prepare_not_saved, problem=error), "error")
            return
        self.document.mark_saved(text)
        self.say(
            words.fmt(
                words.prepare_saved, name=self.document.path.name, warnings=len(self.problems)
            )
        )
        self._show_header()

    def action_quit(self) -> None:
        """Leave; ask first when there are unsaved edits."""
        if not self.document.dirty:
            self.app.exit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmDialog(self.words, self.words.prepare_quit_unsaved), answer)


_ROLE_STYLE: dict[Role, str] = {
    Role.OPENING: "dim",
    Role.ITEM_START: "cyan",
    Role.CUE: "yellow",
    Role.VOTE: "green",
    Role.ELECTION: "green",
    Role.ROLL_CALL: "magenta",
    Role.BRANCH: "blue",
    Role.CLOSING: "dim",
}


class PrepareApp(App[None]):
    """The prepare screen as an app of its own (``facilitator prepare``)."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(__file__).with_name("facilitator.tcss"),
        Path(__file__).with_name("prepare.tcss"),
    ]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, document: AgendaDocument, review: Sequence[ReviewNote] = ()) -> None:
        super().__init__()
        language = str((document.data.get("meeting") or {}).get("language", "zh"))
        self.words = strings("en" if language == "en" else "zh")
        self.document = document
        self.prepare_screen = PrepareScreen(document, self.words, review)

    def on_mount(self) -> None:
        self.push_screen(self.prepare_screen)


__all__ = [
    "MEETING_LISTS",
    "FillDialog",
    "MeetingDialog",
    "PrepareApp",
    "PrepareScreen",
    "ReviewNote",
    "SplitDialog",
]
