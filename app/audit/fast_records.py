"""A quicker constructor for the frozen, slotted records the audit makes one of per case.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`, a call by name per
field; the audit builds a CaseRec (40 fields) and a CaseFacts (32) for every case it reads, and
those calls were a tenth of a run. `maker(cls)` returns a function taking every field's value in
field order that fills a new object's slots with plain attribute stores — on a twin class with the
same slots and no frozen `__setattr__`, which the interpreter turns into direct slot writes — and
then makes the object the `cls` it is laid out as (`__class__` assignment: the same slots in the
same order, so the same memory layout; checked once, when the maker is made). The object is the
one `cls(*values)` gives, frozen like it, except that `__post_init__` is not run: use it only where
the values are valid by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """A function (value of every field, in field order) → an instance of the slotted dataclass `cls`."""
    if not is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    names = [f.name for f in fields(cls)]
    if tuple(cls.__dict__["__slots__"]) != tuple(names):
        raise TypeError(f"{cls.__name__}'s slots are not its fields in order")
    # The twin: the same bases and slots, so the same layout; its attribute stores are plain slot writes.
    twin = type(f"_Filling{cls.__name__}", cls.__bases__, {"__slots__": tuple(names)})
    scope: dict[str, Any] = {"new": object.__new__, "twin": twin, "cls": cls}
    args = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    obj.{name} = v{i}\n" for i, name in enumerate(names))
    exec(f"def make({args}):\n    obj = new(twin)\n{body}    obj.__class__ = cls\n    return obj\n",  # noqa: S102
         scope)  # our own text, from the dataclass's own field names
    make: Callable[..., T] = scope["make"]
    make.__doc__ = f"A {cls.__name__} from its {len(names)} field values in field order."
    probe = make(*([None] * len(names)))  # refuses here, not in a run, if the layouts ever differ
    assert type(probe) is cls
    return make
