"""Whether a browser can be started here, decided from the environment alone."""

from __future__ import annotations

import sys
from collections.abc import Mapping


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
