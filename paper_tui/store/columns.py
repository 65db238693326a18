"""Frozen slotted dataclasses rebuilt from stored columns, a field at a time.

Why: a frozen dataclass's `__init__` sets each field through
`object.__setattr__`, a Python-level call per field, to get past the class's
own `__setattr__` (which raises). A warm start at 95k papers rebuilds ~10^6
such objects (448k appearances of 8 fields, 519k sections, 95k papers of 13):
~1 s of `__init__` alone on this machine. Here every instance is made empty
(`object.__new__`) and each field is then written down its column by the slot's
own descriptor, all in C (`map`): the same objects, equal and hashing alike,
for ~2.5x less.

Only for classes whose generated `__init__` would do nothing but store its
arguments (`dataclass(slots=True)`, every field in `__init__`, no
`__post_init__`); a class that is not so is refused. One case is not caught: a
slotted dataclass with an `__init__` of its own would be built without it (the
model has none; give it one and it must not come here).
"""

from __future__ import annotations

import dataclasses
import types
from collections import deque
from collections.abc import Sequence
from itertools import repeat
from typing import Any, TypeVar

T = TypeVar("T")


def from_columns(cls: type[T], *columns: Sequence[Any]) -> list[T]:
    """`[cls(*row) for row in zip(*columns)]`, built a column at a time.

    One column per field of `cls`, in the fields' order, all of one length;
    TypeError for a class this cannot build as its `__init__` would, ValueError
    for columns of unequal lengths or not one per field.
    """
    setters = _SETTERS.get(cls) or _SETTERS.setdefault(cls, _setters(cls))
    if len(columns) != len(setters):
        raise ValueError(f"{cls.__name__} has {len(setters)} fields, not {len(columns)}")
    count = len(columns[0]) if columns else 0
    if any(len(column) != count for column in columns):
        raise ValueError(f"the columns of {cls.__name__} differ in length")
    made: list[T] = list(map(object.__new__, repeat(cls, count)))
    for setter, column in zip(setters, columns, strict=True):
        deque(map(setter, made, column), maxlen=0)  # run it, keep nothing
    return made


_SETTERS: dict[type[Any], tuple[Any, ...]] = {}
"""Each class's slot writers, found once."""


def _setters(cls: type[Any]) -> tuple[Any, ...]:
    """Each field's slot writer, in the order of `cls.__init__`'s arguments."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a dataclass with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} checks its fields in __post_init__")
    fields = dataclasses.fields(cls)
    if not all(field.init for field in fields):
        raise TypeError(f"{cls.__name__} has a field its __init__ does not take")
    slots: list[Any] = [getattr(cls, field.name, None) for field in fields]
    if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
        raise TypeError(f"{cls.__name__} keeps a field outside its slots")
    return tuple(slot.__set__ for slot in slots)
