"""Why school is hard: the check-in profile, its history as a chart, and the signals
from the records beside it (never mixed into it).

Says once, plainly, that this is not a diagnosis. A check-in is never required: with
none, the screen explains what one is and how to answer it.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Static

from reintegrate.models import PURPOSE_SHORT, CheckIn, Purpose, Student, home_supports_on
from reintegrate.schooldays import short_date
from reintegrate.why import NOT_A_DIAGNOSIS
from reintegrate.why.profile import (
    FunctionProfile,
    answered_by_both,
    checkin_due,
    checkin_to_answer,
    profile_history,
    score_words,
    side_by_side,
)
from reintegrate.why.signals import SIGNAL_WEEKS, signals
from reintegrate.why.supports import is_home_side, supports_in_place
from screens.base import HouseholdScreen
from screens.modals.checkin import CheckInScreen, SetByHandModal
from screens.planning import plan_view

BAR = 12  # characters for a score of 6


def score_bar(score: float | None) -> str:
    if score is None:
        return "·" * BAR
    filled = round(score / 6 * BAR)
    return "█" * filled + "·" * (BAR - filled)


def profile_lines(profile: FunctionProfile | None) -> Text:
    text = Text()
    if profile is None:
        text.append("No check-in yet. Twelve short statements, rated 0 (never) to 6 (always), "
                    "help the family and the team think about what staying home does for "
                    "your child right now. Press c to answer them; it is never required.")
        return text
    if profile.source == "set_by_hand":
        names = ", ".join(p.label for p in profile.leading)
        text.append(f"Set by hand on {short_date(profile.on)}: {names}.\n", style="bold")
        text.append(f"Why: {profile.note}\n")
        if profile.scores_on:
            text.append(f"Scores below are from the check-in on {short_date(profile.scores_on)}.\n")
    else:
        who = " and ".join({"parent": "a parent", "child": "the child"}[r] for r in profile.respondents)
        text.append(f"Check-in on {short_date(profile.on)}, answered by {who}.\n", style="bold")
    both = answered_by_both(profile)
    if both:
        text.append(f"{'':<24}{'both, averaged':<25}  parent  child\n", style="dim")
    for purpose in Purpose:
        score = profile.scores.get(purpose)
        lead = "  ◆ leads" if purpose in profile.leading else ""
        line = f"{PURPOSE_SHORT[purpose]:<24}{score_bar(score)} {score_words(score):<12}"
        if both:
            parent, child = side_by_side(profile, purpose)
            line += f"  {parent:>6}  {child:>5}"
        text.append(f"{line.rstrip()}{lead}\n")
    return text


def trimmed(text: Text) -> Text:
    text.rstrip()
    return text


class WhyScreen(HouseholdScreen):
    """The profile, the chart, the supports for today's step and the signals."""

    CSS_PATH = "why.tcss"
    HELP_TITLE = "Why school is hard"
    HELP = (
        "A short check-in asks how often twelve statements are true, 0 (never) to 6 "
        "(always). The profile is the average for each of four things staying home can "
        "do for a child; the highest leads, and any within a quarter point lead with it. "
        "When a parent and the child both answer, each one's scores are shown beside the average. "
        "c answers it as a parent, k lets the child answer in their own words, b sets the "
        "leading purpose by hand (for a therapist, with a note). Below it, entries from the "
        "records that point to each purpose are shown as signals: they never change the "
        "scores. The planner suggests supports that fit the leading purpose; + adds the first "
        "(kept at home when the family carries it out at home), and H lists the supports at home."
    )
    BINDINGS = [
        Binding("c", "checkin(False)", "Check-in", id="why.checkin", tooltip="Answer the check-in as a parent"),
        Binding("k", "checkin(True)", "Child's check-in", id="why.child",
                tooltip="Let the child answer, in child-friendly words"),
        Binding("b", "by_hand", "Set by hand", id="why.by_hand",
                tooltip="Set the leading purpose by hand, with a note (for a therapist)"),
        Binding("plus", "add_support", "Add support", key_display="+", id="why.add_support", show=False,
                tooltip="Add the first support to try to the current step"),
        Binding("H", "home_supports", "Supports at home", key_display="H", id="why.home_supports", show=False,
                tooltip="Supports kept at home for the child, whatever the step: start or end them"),
        Binding("escape", "app.pop_screen", "Back", id="why.back"),
    ]

    def compose(self) -> ComposeResult:
        student = self.student
        yield Header()
        if student is None:
            yield Footer(compact=True)
            return
        self.title = f"Why school is hard for {student.name}"
        view = plan_view(self.session, student)
        profile = view.profile
        with VerticalScroll(id="why"):
            yield Static(NOT_A_DIAGNOSIS, id="why-not-diagnosis")
            yield Static(trimmed(profile_lines(profile)), id="why-profile")
            due = checkin_due(view.records.checkins, view.records.decisions, self.session.today)
            if due:
                yield Static(Text(due + " Press c."), id="why-due")
            supports = self._supports_text(student, profile, view.proposal.supports_to_try)
            if supports:
                yield Static(trimmed(supports), id="why-supports")
            history = profile_history(view.records.checkins, self.session.today)
            if len(history) >= 2:
                from screens.widgets.why_chart import profile_chart  # plotext: lazily

                yield Vertical(profile_chart(history), id="why-chart-box")
            yield Static(trimmed(self._signals_text(view, student)), id="why-signals")
        yield Footer(compact=True)

    def _supports_text(self, student: Student, profile: FunctionProfile | None, to_try) -> Text:
        step = student.ladder.current
        text = Text()
        if step is None or profile is None or not profile.leading:
            return text
        text.append("Supports for the current step\n", style="bold")
        # One answer for both sentences, the planner's supports to try and + alike.
        match = supports_in_place(step.supports, home_supports_on(student, self.session.today), profile.leading)
        counted, at_home = match.on_step, match.at_home
        if counted:
            text.append(f"'{step.title}' already has: "
                        + "; ".join(t if t.casefold() == s.casefold() else f"{t} (counted as {s})"
                                    for t, s in counted) + ".\n")
        if at_home:
            text.append("At home, for every step: "
                        + "; ".join(t if t.casefold() == s.casefold() else f"{t} (counted as {s})"
                                    for t, s in at_home) + ". Press H to start or end one.\n")
        if step.supports and match.missing:
            purposes = " or ".join(p.label for p in match.missing)
            text.append(f"None of the supports listed for '{step.title}' is one the app counts as "
                        f"matched to {purposes}.\n")
        if to_try:
            text.append("To try: " + "; ".join(t.support for t in to_try) + ".\n")
            if is_home_side(to_try[0].support):
                text.append(f"Press + to keep '{to_try[0].support}' at home, for every step (H: supports at home).\n")
            else:
                text.append(f"Press + to add '{to_try[0].support}' to '{step.title}'.\n")
        return text

    def action_add_support(self) -> None:
        student = self.student
        to_try = plan_view(self.session, student).proposal.supports_to_try if student is not None else ()
        self.add_suggested_support(to_try[0].support if to_try else None)

    def action_home_supports(self) -> None:
        self.edit_home_supports()

    def _signals_text(self, view, student: Student) -> Text:
        records = view.records
        found = signals(records.attempts, records.days, self.session.today, steps=student.ladder.steps,
                        barriers=records.barriers, home_supports=student.home_supports)
        text = Text()
        text.append(f"Signals from the records (last {SIGNAL_WEEKS} weeks)\n", style="bold")
        text.append("Shown beside the check-in, never added to it.\n")
        if not any(s.total for s in found.values()):
            text.append("Nothing in the records points to one purpose yet.\n")
            return text
        for purpose in Purpose:
            s = found[purpose]
            if not s.total:
                continue
            text.append(f"{PURPOSE_SHORT[purpose]}: ", style="bold")
            text.append(", ".join(s.phrases()) + "\n")
            for on, note in s.home_notes[-2:]:
                text.append(f"  {short_date(on)}, at home: {note}\n")
        return text

    # --- answering ---------------------------------------------------------------------

    def _now(self) -> datetime:
        from reintegrate.store.changes import moment_on

        return moment_on(self.session.today)

    @work(group="checkin", exclusive=True, exit_on_error=False, description="recording the check-in")
    async def action_checkin(self, child: bool) -> None:
        student = self.student
        if student is None:
            return
        existing, replacing = checkin_to_answer(
            self.session.store.all(CheckIn, student.id), self.session.today, child=child)
        made = await self.app.push_screen_wait(CheckInScreen(
            student.id, student.name, self.session.today, child=child,
            existing=existing, replacing=replacing, now=self._now()))
        self._save(made, replacing=replacing)

    @work(group="checkin", exclusive=True, exit_on_error=False, description="setting the purpose by hand")
    async def action_by_hand(self) -> None:
        student = self.student
        if student is None:
            return
        self._save(await self.app.push_screen_wait(SetByHandModal(student.id, self.session.today, self._now())))

    def _save(self, checkin: CheckIn | None, *, replacing: bool = False) -> None:
        if checkin is None:
            return
        if checkin.by_hand:
            summary = "Saved: the leading purpose, set by hand."
        elif replacing:
            summary = "Check-in saved, in place of today's earlier answers."
        else:
            summary = "Check-in saved."
        self.app.saver.save(self, put=[checkin], summary=summary)
