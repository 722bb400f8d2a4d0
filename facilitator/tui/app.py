"""The operator console: run a whole meeting from the keyboard.

The app owns the :class:`~facilitator.session.Session`. Every operator action becomes one engine
command through :meth:`FacilitatorApp.execute`: a refusal is shown in the warning colour (and
cleared by the next successful action), a journal error is shown as an error (the action did not
happen); otherwise the state is journaled before the screens render it. Screens follow the state:
the pause overlay is up exactly while the meeting is paused, the summary once it has ended.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette

from facilitator.engine.commands import (
    AddNote,
    Advance,
    Back,
    Command,
    End,
    Entry,
    JumpTo,
    Pause,
    Reason,
    RecordDecision,
    RecordElection,
    RecordRollCall,
    RecordVote,
    Refused,
    Resume,
    Start,
    Undoes,
    accepts,
    check_jump,
    pending,
    undo_would_remove,
)
from facilitator.engine.state import Phase
from facilitator.i18n import Strings, clock, strings
from facilitator.journal.store import JournalError, JournalLost
from facilitator.session import HEARTBEAT_S, Session
from facilitator.tui.messages import ClockTicked, MeetingChanged, StatusReported
from facilitator.tui.screens.console import ConsoleScreen
from facilitator.words.terms import terms

# The dialogs, the help, the pause overlay, the summary and the jump list are imported where
# they open: the first screen needs none of them (tests/tui/test_startup_imports.py).


class FacilitatorApp(App[None]):
    """The operator console for one session."""

    CSS_PATH = Path(__file__).with_name("facilitator.tcss")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "ask_quit", "quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(self, session: Session, *, tick_s: float = 1.0) -> None:
        super().__init__()
        self.session = session
        """The running session: the one way the meeting changes."""
        self.words: Strings = strings(session.state.script.agenda.meeting.language)
        """Every string, in the agenda's language."""
        self.tick_s = tick_s
        self.title = session.state.script.agenda.meeting.title
        self.console_screen = ConsoleScreen(session, self.words)
        self.last_refusal: Reason | None = None
        """Why the last command was refused, if it was."""
        self.last_error: str | None = None
        """Why the last command could not be journaled, if it could not (it did not happen)."""

    def get_default_screen(self) -> ConsoleScreen:
        """The console is the app's first screen, not one pushed over Textual's blank default
        (which restyled every widget once more when it was pushed, before the first frame)."""
        return self.console_screen

    def on_mount(self) -> None:
        self._follow_state()
        self.set_interval(self.tick_s, self.tick)
        if self.session.resumed:
            self._come_back()

    def _come_back(self) -> None:
        """After ``--resume``: say how long the program was down, reopen a pending dialog."""
        state = self.session.state
        last = state.gaps[-1] if state.gaps else None
        gap = last.seconds if last else 0.0
        how = terms(state.script.agenda.meeting.language).gap_measured(
            HEARTBEAT_S if last is not None and last.alive_at is not None else None
        )
        self.report(self.words.fmt(self.words.resumed, gap=clock(gap), how=how), "info")
        if state.paused:
            return
        waiting = pending(state)
        if waiting in (Entry.VOTE, Entry.ELECTION, Entry.ROLL_CALL):
            self.action_record()

    def tick(self) -> None:
        """Let the clocks on every screen show the time now; every few seconds, check that the
        journal is still there and leave the heartbeat (``Session.keep_alive``)."""
        for screen in self.screen_stack:
            screen.post_message(ClockTicked())
        self.check_journal()

    def check_journal(self) -> None:
        """Check that the journal is still the file the console writes. Once it is not (deleted,
        moved, replaced while idle), the saved events are rescued at once and the status line
        says where, as after a key: no screen goes on saying 已保存 of a file that is gone."""
        if self.session.journal.lost is not None:
            return  # said already, and said again by every key
        try:
            self.session.keep_alive()
        except JournalError as error:
            self.last_error = str(error)
            self.report(self.journal_error_text(error, idle=True), "error")

    # -- the one way commands are sent ---------------------------------------------------------

    def report(self, text: str, kind: str) -> None:
        """Show a message in the console's status line."""
        self.console_screen.post_message(StatusReported(text, kind))

    def refuse(self, refused: Refused) -> None:
        """Show a refusal, translated, in the warning colour."""
        words = self.words
        reason = words.reason(refused.reason, refused.details)
        self.report(words.fmt(words.refused, reason=reason), "refused")

    def execute(self, command: Command, done: str = "") -> bool:
        """Send a command; show a refusal or a journal error; render the new state."""
        self.last_refusal = None
        self.last_error = None
        try:
            self.session.execute(command)
        except Refused as refused:
            self.last_refusal = refused.reason
            self.refuse(refused)
            return False
        except JournalError as error:
            self.last_error = str(error)
            self.report(self.journal_error_text(error), "error")
            return False
        self.report(done, "info" if done else "")
        self.console_screen.post_message(MeetingChanged())
        self._follow_state()
        return True

    def journal_error_text(self, error: JournalError, *, idle: bool = False) -> str:
        """A failed write in words; a lost journal file says where the saved events are (and,
        found while ``idle``, not that an action failed)."""
        words = self.words
        if isinstance(error, JournalLost) and error.rescued is not None:
            template = words.journal_lost_idle if idle else words.journal_lost
            return words.fmt(template, rescued=error.rescued)
        return words.fmt(words.journal_error, error=error)

    def _follow_state(self) -> None:
        """Put up or take down the pause overlay and the summary to match the state."""
        state = self.session.state
        if state.phase is Phase.ENDED:
            while self._showing(self.screen, "pause"):
                self.pop_screen()
            if not self._showing_summary():
                # imported once a meeting ends: the first screen does not need it (nor the
                # report's timing module it brings)
                from facilitator.tui.screens.summary import SummaryScreen

                self.push_screen(SummaryScreen(self.session, self.words))
            return
        if self._showing_summary():
            self.pop_screen()
        if state.paused and not any(self._showing(s, "pause") for s in self.screen_stack):
            from facilitator.tui.screens.pause import PauseScreen

            self.push_screen(PauseScreen(self.session, self.words))
        elif not state.paused and self._showing(self.screen, "pause"):
            self.pop_screen()

    def _showing_summary(self) -> bool:
        """Whether the end-of-meeting summary is on top (never, before its module is loaded)."""
        return self._showing(self.screen, "summary")

    @staticmethod
    def _showing(screen: object, name: str) -> bool:
        """Whether ``screen`` is the pause overlay (``pause``) or the summary (``summary``):
        never before that screen's module is loaded, so asking does not import it."""
        module = sys.modules.get(f"facilitator.tui.screens.{name}")
        kind = {"pause": "PauseScreen", "summary": "SummaryScreen"}[name]
        return module is not None and isinstance(screen, getattr(module, kind))

    # -- actions (bound on the screens) --------------------------------------------------------

    def action_advance(self) -> None:
        """Start, go to the next slot, or end after the last; at a roll call, ask who is here."""
        state = self.session.state
        command: Command = Start() if state.phase is Phase.NOT_STARTED else Advance()
        if not self.execute(command) and self.last_refusal is Reason.ROLL_CALL_NOT_RECORDED:
            self._ask_roll_call()

    def action_step_back(self) -> None:
        """Undo the latest move, vote, election or roll call (a result only after asking)."""
        try:
            undoes = undo_would_remove(self.session.state)
        except Refused as refused:
            self.refuse(refused)
            return
        question = {
            Undoes.VOTE: self.words.confirm_undo_vote,
            Undoes.ELECTION: self.words.confirm_undo_election,
        }.get(undoes)
        if question is not None:
            from facilitator.tui.screens.dialogs import ConfirmDialog

            self.push_screen(ConfirmDialog(self.words, question), self._undo_if_confirmed)
            return
        self.execute(Back(), self.words.undone)

    def _undo_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.execute(Back(), self.words.undone)

    def action_record(self) -> None:
        """Open the dialog for what the current step records (the engine says what, or why not)."""
        try:
            entry = accepts(self.session.state)
        except Refused as refused:
            self.refuse(refused)
            return
        match entry:
            case Entry.ROLL_CALL:
                self._ask_roll_call()
            case Entry.VOTE:
                from facilitator.tui.screens.vote import VoteDialog

                self.push_screen(VoteDialog(self.session, self.words), self._vote_entered)
            case Entry.ELECTION:
                from facilitator.tui.screens.election import ElectionDialog

                self.push_screen(ElectionDialog(self.session, self.words), self._election_entered)
            case Entry.DECISION:
                self.report(self.words.decision_banner, "info")

    def action_decide(self, passed: bool) -> None:
        """Record a decision taken without counts: carried, or not."""
        self.execute(RecordDecision(passed), self.words.decision_saved)

    def _election_entered(self, command: RecordElection | None) -> None:
        if command is not None:
            self.execute(command, self.words.election_saved)

    def _ask_roll_call(self) -> None:
        from facilitator.tui.screens.dialogs import RollCallDialog

        self.push_screen(RollCallDialog(self.session, self.words), self._roll_call_entered)

    def _roll_call_entered(self, present: int | None) -> None:
        if present is not None:
            self.execute(RecordRollCall(present), self.words.roll_call_saved)

    def _vote_entered(self, command: RecordVote | None) -> None:
        if command is not None:
            self.execute(command, self.words.vote_saved)

    def action_toggle_pause(self) -> None:
        """Pause, or resume a paused meeting."""
        self.execute(Resume() if self.session.state.paused else Pause())

    def action_note(self) -> None:
        """Write a note; it is journaled as soon as enter is pressed."""
        from facilitator.tui.screens.dialogs import NoteDialog

        self.push_screen(NoteDialog(self.words), self._note_written)

    def _note_written(self, text: str | None) -> None:
        if text is None:
            return
        if not self.execute(AddNote(text), self.words.note_saved) and self.last_error:
            # Not saved (a full disk, a lost journal): give the text back rather than lose it.
            from facilitator.tui.screens.dialogs import NoteDialog

            self.push_screen(NoteDialog(self.words, text, self.last_error), self._note_written)

    def action_jump(self) -> None:
        """Choose an agenda part to jump to."""
        try:
            check_jump(self.session.state)
        except Refused as refused:
            self.refuse(refused)
            return
        from facilitator.tui.jump import JumpProvider

        self.push_screen(
            CommandPalette(providers=[JumpProvider], placeholder=self.words.jump_placeholder)
        )

    def jump_to(self, part: int) -> None:
        """Jump to a part by index (the jump list calls this)."""
        from facilitator.tui.view import name_of

        target = self.session.state.script.parts[part]
        self.execute(
            JumpTo(part), self.words.fmt(self.words.jumped, part=name_of(target, self.words))
        )

    def action_help(self) -> None:
        """Show every key."""
        from facilitator.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.words, self.session.state.script.agenda.meeting))

    def action_ask_quit(self) -> None:
        """Quit, after asking; the question says truthfully where the record is: the journal is
        checked first, so a file lost while the console was idle is rescued before it asks."""
        from facilitator.tui.screens.dialogs import ConfirmDialog

        self.session.alive_t = None  # check now, not at the next heartbeat
        self.check_journal()

        self.push_screen(ConfirmDialog(self.words, self.quit_question()), self._quit_if_confirmed)

    def quit_question(self) -> str:
        """Saved; or the last action not saved; or the file lost, and where its events are."""
        words = self.words
        journal = self.session.journal
        if journal.lost is not None:
            if journal.lost.rescued is None:
                return words.confirm_quit_lost_unrescued
            return words.fmt(words.confirm_quit_lost, rescued=journal.lost.rescued)
        if journal.last_error is not None:
            return words.fmt(
                words.confirm_quit_unsaved, error=journal.last_error, path=journal.path
            )
        return words.confirm_quit

    def _quit_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.exit()

    def action_ask_end(self) -> None:
        """End the meeting now, after asking."""
        from facilitator.tui.screens.dialogs import ConfirmDialog

        self.push_screen(ConfirmDialog(self.words, self.words.confirm_end), self._end_if_confirmed)

    def _end_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.execute(End())
