"""The Textual reader: the app, its screens and widgets, workers and messages.

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.ui.app import run_app

_PUBLIC = {
    "run_app": "app",
}
"""Each public name and the module of this package that defines it."""

__all__ = [
    "run_app",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
