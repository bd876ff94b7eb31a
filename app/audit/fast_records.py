"""A quicker constructor for the frozen, slotted records the audit makes one of per case.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`, a call by name per
field; the audit builds a CaseRec (40 fields) and a CaseFacts (32) for every case of the store, and
those calls were a tenth of a run. `maker(cls)` returns a function taking every field's value in
field order that stores each straight into its slot (the slot descriptors' own `__set__`), written
out once as straight-line code as `dataclasses` writes `__init__` itself. The object is the one
`cls(*values)` gives, except that `__post_init__` is not run: use it only where the values are
valid by construction.
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
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update({f"put{i}": getattr(cls, name).__set__ for i, name in enumerate(names)})
    args = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    put{i}(obj, v{i})\n" for i in range(len(names)))
    exec(f"def make({args}):\n    obj = new(cls)\n{body}    return obj\n", scope)  # noqa: S102  (our own text)
    make: Callable[..., T] = scope["make"]
    make.__doc__ = f"A {cls.__name__} from its {len(names)} field values in field order."
    return make
