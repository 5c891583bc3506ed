"""Keys a family remapped in keymap.toml, and the schedule's "save to calendar"."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from pilot_helpers import line_of, settle, text_of, until, until_shown
from test_ui_planner_support import TODAY, advance, open_store

from reintegrate.cli import write_demo
from reintegrate.keymap import read_keymap
from reintegrate.planner.view import plan_view
from reintegrate.store import Store, file_mode
from screens.app import make_app
from screens.modals.help import HelpModal
from screens.modals.save_calendar import SaveCalendarModal
from screens.record import RecordScreen
from screens.schedule import ScheduleScreen
from screens.today import TodayScreen
from screens.widgets.fields import FormInput

SIZE = (80, 24)


def app_with_keymap(tmp_path: Path, text: str):
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.toml").write_text(text, encoding="utf-8")
    return make_app(open_store(advance(), tmp_path), TODAY, keymap=read_keymap(config / "keymap.toml"))


def record_warnings(app) -> list[str]:
    """Every warning the app shows from now on, as text."""
    said: list[str] = []
    real = app.notify

    def notify(message, *args, **kwargs):
        if kwargs.get("severity") == "warning":
            said.append(str(message))
        return real(message, *args, **kwargs)

    app.notify = notify
    return said


async def test_a_remapped_key_opens_its_screen_and_the_old_key_no_longer_does(tmp_path) -> None:
    app = app_with_keymap(tmp_path, '[today]\nschedule = "k"\n')
    said = record_warnings(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("k")
        await until_shown(pilot, ScheduleScreen)
        assert said == []
    app.session.store.close()


async def test_unknown_ids_and_clashing_keys_are_reported_not_fatal(tmp_path) -> None:
    app = app_with_keymap(tmp_path, 'today.recrod = "x"\ntoday.record = "h"\nbroken = 3\n')
    warned = record_warnings(app)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(warned))
        said = "\n".join(warned)
        assert "There is no binding 'today.recrod'; it is ignored. Did you mean 'today.record'?" in said
        assert "'today.history' and 'today.record' are both on the key h" in said
        assert "'broken' should be a key" in said
        assert isinstance(app.screen, TodayScreen)  # and the app runs on
    app.session.store.close()


async def test_the_schedule_saves_its_days_to_a_calendar_file(tmp_path) -> None:
    app = make_app(open_store(advance(), tmp_path), TODAY)
    target = tmp_path / "family calendar.ics"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until_shown(pilot, ScheduleScreen)
        await pilot.press("c")
        await until_shown(pilot, SaveCalendarModal)
        app.screen.query_one("#calendar-path", FormInput).value = str(tmp_path / "no such folder" / "x.ics")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveCalendarModal)  # said why, and stayed
        app.screen.query_one("#calendar-path", FormInput).value = str(target)
        await pilot.press("ctrl+s")
        await until_shown(pilot, ScheduleScreen)
        await settle(pilot)
        await until(pilot, target.exists)
        student = app.session.student()
        expected = [d.on for d in plan_view(app.session.store, student, TODAY).next_days]
    assert file_mode(target) == 0o600
    days = [e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT") if str(e["uid"]).startswith("day-")]
    assert [e.decoded("dtstart") for e in days] == expected and len(days) == 10
    app.session.store.close()


async def test_todays_words_name_the_keys_the_keymap_chose(tmp_path) -> None:
    """"press r", "a accept", "Press f": Today says the keys that work, not the defaults."""
    data = tmp_path / "demo.json"
    write_demo(data, TODAY)
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.toml").write_text(
        '[today]\nrecord = "R"\naccept = "ctrl+a"\noverride = "O"\nschedule = "N"\n'
        '[app]\nfollow_up_overdue = "F"\nopen_school = "C"\n', encoding="utf-8")
    app = make_app(Store.open(data), TODAY, keymap=read_keymap(config / "keymap.toml"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert line_of(app, "#today-head", "recorded") == (
            "Nothing recorded for today yet. After the step, press R to record how it went.")
        assert line_of(app, "#today-overdue", "keys") == "Press F to write the follow-up letter, C to open the school log."
        assert line_of(app, "#today-proposal .proposal-lines", "proposal-keys") == "^a accept · O another step · N next school days"
        await pilot.press("question_mark")
        await until_shown(pilot, HelpModal)
        help_text = text_of(app, "#help-text")
        assert "press R and record how it went" in help_text and "^a accepts, O chooses" in help_text
        await pilot.press("escape")
        await until_shown(pilot, TodayScreen)
        await pilot.press("R")  # the key Today names is the one that works
        await until_shown(pilot, RecordScreen)
    app.session.store.close()
