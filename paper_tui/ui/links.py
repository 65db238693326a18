"""Opening and copying links: only http(s), and never silently failing.

When no browser can start (SSH without a display, a Linux console), or the one
`$BROWSER` names fails (common in SSH dotfiles), the URL is shown in a
notification and copied (OSC 52), so it is one paste away; when it opens, the
reader is told so.
"""

from __future__ import annotations

import os
import sys
import threading
import webbrowser
from collections.abc import Mapping
from typing import Any

from textual.app import App
from textual.dom import DOMNode

from paper_tui.text import clean_line, is_safe_url
from paper_tui.ui.messages import LinkOpened

LAUNCH_WAIT = 1.5
"""Seconds a browser gets to fail; one still starting after that is taken as opened
(a browser run in the foreground returns only when it is closed)."""


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


def open_in_browser(url: str) -> bool:
    """Ask the system's browser to open `url`; False when it could not."""
    try:
        return bool(webbrowser.open(url))
    except Exception:  # a broken $BROWSER must not take the reader down
        return False


def launch(url: str) -> bool:
    """`open_in_browser` with at most `LAUNCH_WAIT` seconds to fail."""
    outcome: list[bool] = []
    thread = threading.Thread(target=lambda: outcome.append(open_in_browser(url)), daemon=True)
    thread.start()
    thread.join(LAUNCH_WAIT)
    return outcome[0] if outcome else True


def open_link(owner: DOMNode, url: str) -> None:
    """Open an http(s) URL in a browser (in a worker of `owner`, which then gets a
    `LinkOpened`); when no browser can start here, show and copy it at once."""
    app = owner.app
    if not is_safe_url(url):
        app.notify(
            f"Not opening {clean_line(url)[:200]}: only http(s) links open.",
            severity="warning",
            markup=False,
        )
        return
    if app.is_web:
        app.open_url(url)  # the browser running the app opens it
        return
    if not browser_available(os.environ):
        show_and_copy(app, url, "No browser here: link copied")
        return

    def open_it() -> None:
        owner.post_message(LinkOpened(url, launch(url)))

    owner.run_worker(open_it, thread=True, group="browser", description="open a link")


def say_opened(app: App[Any], message: LinkOpened) -> None:
    """What `open_link`'s worker found: opened, or (the browser failed) shown and copied."""
    if message.opened:
        app.notify(f"Opened {message.url}", timeout=3, markup=False)
    else:
        browser = os.environ.get("BROWSER", "")
        which = f"$BROWSER ({browser[:40]})" if browser else "The browser"
        show_and_copy(app, message.url, f"{which} did not open it: link copied")


def show_and_copy(app: App[Any], url: str, title: str) -> None:
    """Copy `url` (OSC 52) and show it, for the reader to paste."""
    app.copy_to_clipboard(url)
    app.notify(url, title=title, timeout=10, markup=False)


def copy_link(app: App[Any], url: str) -> None:
    """Copy `url` to the clipboard (OSC 52) and say so."""
    app.copy_to_clipboard(url)
    app.notify(f"Copied {url}", title="Link copied", timeout=4, markup=False)
