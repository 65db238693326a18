"""Packages name their public API in `__init__.py` without importing it: the
names are looked up in their modules on first use, so `import paper_tui.search`
costs nothing and numpy, mistletoe and SQLite stay off the first paint."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, public: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` that finds each public name in the
    module `public` maps it to (looked up on every access, so a test patching the
    module is seen)."""

    def __getattr__(name: str) -> Any:
        module = public.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{module}"), name)

    return __getattr__
