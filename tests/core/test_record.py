"""The classes written out instead of ``@dataclass`` (core/record.py) behave as the dataclass they replaced: the same
equality, hash, repr, immutability, copies, pickling and ``replace``; each compared with a dataclass twin."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest

from gkdesk.core import bindings, explain, fields, format_types, issues, limits, location, report
from gkdesk.core.record import Frozen, Record, names, replace
from gkdesk.core.rules import context

#: every written-out value class whose __init__ only stores its arguments
PLAIN = [format_types.Section, format_types.MetaFieldDef, format_types.FeeDef, format_types.KeyTotal,
         format_types.Level, format_types.RowDef, format_types.ComputedDef, format_types.GridCell, format_types.Layout,
         format_types.TableDef, format_types.ReportFormat, location.Location, issues.Settings, report.Meta,
         report.Subsection, report.LastYear, report.Report, fields.KeyTotalCells, bindings.Ref, bindings.Binding,
         explain.Explanation, explain.Reviewed, limits.Limit, context.TableInfo, context.RoleKeys, context.FormatInfo,
         context.Ctx]


def _twin(cls: type) -> type:
    """The dataclass the class was: same name, fields, defaults, frozen or not."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in params] == list(cls._fields)  # __init__ takes exactly the fields, in order
    spec = [(p.name, object) if p.default is inspect.Parameter.empty else (p.name, object, p.default) for p in params]
    return dataclasses.make_dataclass(cls.__name__, spec, frozen=issubclass(cls, Frozen))


def _values(cls: type, tag: str) -> dict[str, str]:
    return {n: f"{n}-{tag}" for n in cls._fields}


@pytest.mark.parametrize("cls", PLAIN, ids=lambda c: c.__name__)
def test_behaves_as_the_dataclass_it_replaced(cls):
    twin = _twin(cls)
    a, b = _values(cls, "a"), _values(cls, "b")
    ours, theirs = cls(**a), twin(**a)
    assert cls.__doc__ and names(cls) == tuple(f.name for f in dataclasses.fields(twin))
    assert vars(ours) == vars(theirs) and list(vars(ours)) == list(cls._fields)
    assert repr(ours) == repr(theirs)
    assert cls(*a.values()) == ours == cls(**a) and ours != cls(**b)
    assert ours != theirs and (ours == 1) is False  # another class: not equal (NotImplemented, as the dataclass)
    assert cls.__match_args__ == twin.__match_args__
    last = cls._fields[-1]
    changed = replace(ours, **{last: "x"})
    assert changed == cls(**{**a, last: "x"}) and ours == cls(**a)  # a copy; the original unchanged
    with pytest.raises(TypeError):
        replace(ours, no_such_field=1)
    assert pickle.loads(pickle.dumps(ours)) == ours and copy.deepcopy(ours) == ours and copy.copy(ours) == ours
    if issubclass(cls, Frozen):
        assert hash(ours) == hash(theirs) == hash(cls(**a))
        for obj in (ours, theirs):
            with pytest.raises(dataclasses.FrozenInstanceError) as exc:
                setattr(obj, last, "y")
            messages = [str(exc.value)]
            with pytest.raises(dataclasses.FrozenInstanceError) as exc:
                delattr(obj, last)
            messages.append(str(exc.value))
            if obj is ours:
                ours_messages = messages
        assert ours_messages == messages
    else:
        with pytest.raises(TypeError):
            hash(ours)
        with pytest.raises(TypeError):
            hash(theirs)
        setattr(ours, last, "y")
        assert getattr(ours, last) == "y" and ours != cls(**a)


def test_mutable_defaults_are_fresh_for_each_object():
    one, two = report.Report(), report.Report()
    one.tables["t1"] = {}
    one.meta.extra["k"] = "v"
    assert two.tables == {} and two.meta.extra == {} and one.meta is not two.meta
    assert report.Report() == report.Report() and report.LastYear().figures == {}


def test_issue_derives_its_place_and_pickles_through_init():
    loc = location.Location.cell("t3", "new", "total")
    issue = issues.Issue("R", "error", "m", location=loc)
    assert (issue.table, issue.row, issue.column, issue.field) == ("t3", "new", "total", None)
    legacy = issues.Issue("R", "error", "m", table="t3", row="new", column="total")
    assert legacy == issue and hash(legacy) == hash(issue) and legacy.location == loc
    assert issues.Issue("R", "hint", "m", field="section5").location == location.Location.text("section5")
    assert pickle.loads(pickle.dumps(issue)) == issue and repr(issue).startswith("Issue(rule='R', severity='error'")
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.rule = "x"  # type: ignore[misc]


def test_bases_have_no_fields_of_their_own():
    assert Record._fields == () and Frozen._fields == ()
    assert Record.__hash__ is None and Frozen.__hash__ is not None
