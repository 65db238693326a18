"""Opening and copying links: only http(s), and never silently failing.

When no browser can start (SSH without a display, a Linux console), the URL
is shown in a notification and copied (OSC 52), so it is one paste away.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from textual.app import App

from paper_tui.text import clean_line, is_safe_url


def browser_available(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """False over SSH without a display or `$BROWSER`, and on a Linux console without one.

    Then the app shows the URL and copies it rather than silently failing.
    """
    if environ.get("BROWSER"):
        return True
    has_display = bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        return has_display
    if platform in ("darwin", "win32"):
        return True
    return has_display


def open_link(app: App[Any], url: str) -> None:
    """Open an http(s) URL via `App.open_url`; when no browser can start, show and copy it."""
    if not is_safe_url(url):
        app.notify(
            f"Not opening {clean_line(url)[:200]}: only http(s) links open.",
            severity="warning",
            markup=False,
        )
        return
    if browser_available(os.environ):
        try:
            app.open_url(url)
            return
        except Exception:  # any failure to start a browser falls back to copying
            pass
    app.copy_to_clipboard(url)
    app.notify(url, title="No browser here: link copied", timeout=10, markup=False)


def copy_link(app: App[Any], url: str) -> None:
    """Copy `url` to the clipboard (OSC 52) and say so."""
    app.copy_to_clipboard(url)
    app.notify(f"Copied {url}", title="Link copied", timeout=4, markup=False)
