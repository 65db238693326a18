"""File names are shown escaped in the app's notifications, never obeyed (issue 15)."""

from __future__ import annotations

from pathlib import Path

from paper_tui.model import LoadError
from tests.pilot import app_with, make_app, started, until

HOSTILE = "\x1b]0;PWNED\x07\n2024-08-19.md"
SHOWN = "\\x1b]0;PWNED\\x07\\n2024-08-19.md"


async def test_a_load_error_s_hostile_path_is_notified_escaped() -> None:
    app = app_with(errors=(LoadError(HOSTILE, "no such file or folder"),))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: bool(app._notifications))
        messages = [str(notification.message) for notification in app._notifications]
        assert f"{SHOWN}: no such file or folder" in messages
        assert not any("\x1b" in message or "\x07" in message for message in messages)


async def test_saving_reports_a_refused_hostile_name_escaped(tmp_path: Path) -> None:
    from tests.conftest import SEED

    good = tmp_path / SEED.name
    good.write_bytes(SEED.read_bytes())
    refused = tmp_path / HOSTILE
    refused.write_text("# just prose, no papers\n", encoding="utf-8")
    app = make_app(good, refused)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        app.clear_notifications()
        await pilot.press("S")
        await until(pilot, lambda: any("refused" in str(n.message) for n in app._notifications))
        (saved,) = [str(n.message) for n in app._notifications if "refused" in str(n.message)]
        assert f"{tmp_path}/{SHOWN}: no papers found" in saved
        assert "\x1b" not in saved and "\x07" not in saved
