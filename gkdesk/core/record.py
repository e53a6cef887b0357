"""Value classes written out instead of made by ``@dataclass`` (issue 16.5: a cold ``gkdesk check``).

``@dataclass`` builds a class's methods when its module is imported: about 0.35 M instructions a class and 0.055 M
a field even with the code cache (core/codecache.py) — ~20 M of a cold check's ~170 M for the 29 classes a check
made. The classes every command loads (the format, ``Location``, ``Issue``, the report …) are plain classes instead:
each names its fields in ``_fields`` (in order) and has its own ``__init__`` that sets exactly them; these bases add
what the dataclass gave them:

* ``Record`` (``@dataclass``): ``==`` compares the fields of two objects of the same class (else NotImplemented),
  not hashable, ``repr`` ``Name(field=value, …)``, ``__match_args__``;
* ``Frozen`` (``@dataclass(frozen=True)``): the same, hashable (``hash`` of the tuple of the fields, as the
  dataclass computed it), and assigning or deleting an attribute raises ``dataclasses.FrozenInstanceError``.

``replace(obj, **changes)`` is ``dataclasses.replace`` for them (a changed copy made through ``__init__``), ``names``
``dataclasses.fields``' names. tests/core/test_record.py compares every such class with the dataclass it replaced.
"""

from __future__ import annotations

from operator import attrgetter

__all__ = ["Frozen", "Record", "names", "replace"]


class Record:
    """A mutable value class: fields in ``_fields``, set by the subclass's ``__init__``."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __init_subclass__(cls) -> None:  # object's takes no keywords either; nothing to pass on (it does nothing)
        f = cls.__dict__.get("_fields")
        if f:  # not for a base without fields of its own (Frozen)
            # the values compared and hashed: always a tuple, like the dataclass's (self.a, self.b, …)
            cls._values = staticmethod(attrgetter(*f) if len(f) > 1 else lambda obj, _g=attrgetter(*f): (_g(obj),))
            cls.__match_args__ = f

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == other._values(other)  # type: ignore[attr-defined,no-any-return]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value (as @dataclass)

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._fields)})"


class Frozen(Record):
    """An immutable value class: hashable by its fields; attributes can be neither assigned nor deleted."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values(self))  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError  # only here: a check never imports dataclasses (~2.5 M)

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")


def names(cls_or_obj: type[Record] | Record) -> tuple[str, ...]:
    """The field names, in order (``f.name for f in dataclasses.fields(...)``)."""
    return cls_or_obj._fields


def replace(obj: Record, /, **changes: object) -> Record:
    """A copy of ``obj`` with ``changes`` (made through ``__init__``; an unknown name is a TypeError)."""
    values = {n: getattr(obj, n) for n in obj._fields}
    values.update(changes)
    return obj.__class__(**values)
