"""Property suite over the loader and each importer (issue 15): whatever the input, the answer is a report or the
boundary's error — within 10 s and 1 GB — and a report that comes back can be validated and saved.

Hypothesis builds hostile inputs from the known shapes of trouble (huge and non-finite numbers, characters XML cannot
carry, spans, nesting, declarations, compression, truncation); ``test_worst_cases_up_to_the_caps`` runs the largest
inputs the limits allow, each in a fresh process, and checks time and peak memory there (docs/limits.md has the
figures).
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.core import storage
from gkdesk.core.errors import ReportFileError
from gkdesk.core.importers import import_file, import_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_files import CASES, make, measure  # noqa: E402
from test_hostile_loader import within  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "qiuqu-township-2024.gkreport"
BASE = json.loads(EXAMPLE.read_text(encoding="utf-8"))
GB = 1024**3
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _bounded(fn):
    """Run ``fn`` under the issue's budget: 10 s (a hang fails) and the process below 1 GB resident."""
    t0 = time.perf_counter()
    with within(10):
        out = fn()
    assert time.perf_counter() - t0 < 10
    assert _peak_bytes() < GB, f"峰值内存 {_peak_bytes() / GB:.2f} GB"
    return out


def _report_is_usable(report) -> None:
    from gkdesk.core.rules import validate

    validate(report)
    assert storage.unsavable(report) is None
    back = storage.loads(storage.savable_bytes(report, "x"))
    assert back.tables == report.tables


# --- the loader -----------------------------------------------------------------------------------------------------
hostile_scalar = st.one_of(
    st.sampled_from(["1e999999999", "-1e999999999", "NaN", "sNaN", "Infinity", "1e-999999999", "0E-1000000",
                     "9" * 40, "12.345678", "1" * 5000, "", " ", "0x10", "١٢٣", "½"]),
    st.integers(min_value=-(10**15), max_value=10**15), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(),
    st.text(st.characters(codec="utf-8", categories=("Cc", "Cs", "Co", "Lo", "Nd")), max_size=30),
    st.text(max_size=30).map(lambda t: {"text": t}),
    st.sampled_from(["\ud800", "\ufffe", "\uffff", "\x00", "甲\x1b乙"]),
    st.recursive(st.just([]), lambda inner: st.lists(inner, max_size=2), max_leaves=5),
)

PATHS = [("processing_fee_yuan",), ("section5",), ("section6",), ("meta", "org_name"), ("meta", "title"),
         ("meta", "year"), ("meta", "level"), ("meta", "written_date"), ("overview", "intro"),
         ("overview", "subsections"), ("tables", "t3", "new", "natural"), ("tables", "t2", "rules", "issued"),
         ("tables", "t2", "fees", "amount_wanyuan"), ("stated_totals", "t3"), ("last_year",),
         ("last_year", "carry_out"), ("last_year", "carry_out", "natural"), ("last_year", "t2_valid", "rules"),
         ("version",), ("source_format",), ("tables", "t9"), ("junk",)]


def _put(doc: dict, path: tuple[str, ...], value) -> None:
    node = doc
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), hostile_scalar), min_size=1, max_size=5),
       st.sampled_from(["utf-8", "json-ascii"]))
def test_loader_gives_a_usable_report_or_its_error(changes, encoding):
    doc = json.loads(json.dumps(BASE))
    for path, value in changes:
        _put(doc, path, value)
    text = json.dumps(doc, ensure_ascii=(encoding == "json-ascii"), allow_nan=True)
    data = text.encode("utf-8", errors="surrogatepass")

    def load():
        try:
            return storage.loads(data, "fuzz.gkreport")
        except ReportFileError as exc:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))  # the boundary's Chinese message
            return None

    report = _bounded(load)
    if report is not None:
        _report_is_usable(report)


@FUZZ
@given(st.integers(min_value=0, max_value=len(EXAMPLE.read_bytes())), st.binary(max_size=20),
       st.sampled_from(["cut", "insert", "gbk", "utf16"]))
def test_loader_on_damaged_bytes(at, junk, how):
    data = EXAMPLE.read_bytes()
    if how == "cut":
        data = data[:at]
    elif how == "insert":
        data = data[:at] + junk + data[at:]
    elif how == "gbk":
        data = data.decode("utf-8").encode("gb18030")
    else:
        data = data.decode("utf-8").encode("utf-16")

    def load():
        try:
            return storage.loads(data, "fuzz.gkreport")
        except ReportFileError:
            return None

    report = _bounded(load)
    if report is not None:
        _report_is_usable(report)


# --- the importers --------------------------------------------------------------------------------------------------
def _imported(result) -> None:
    assert result.log.to_text()
    if result.report is None:
        assert any(e.kind == "missing" for e in result.log.entries)
    else:
        _report_is_usable(result.report)


HTML_PARTS = ["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td rowspan="100" colspan="100">',
              '<td rowspan="99999999999">', '<td colspan="-3">', "<![bogus[", "<![CDATA[x]]>", "]]>", "<!--", "-->",
              "<script>", "</script>", "<style>", "<p>", "<br>", "&#0;", "&#xD800;", "&#xFFFE;", "&#1114112;",
              "\x00", "\ud800", "\x1b", "一、总体情况", "二、主动公开政府信息情况", "规章", "12", "1e999999999",
              "（七）总计", "<!DOCTYPE", "<?xml", "</", "<", ">", "&", "&nbsp;", "<div>", "</div>"]


@FUZZ
@given(st.lists(st.sampled_from(HTML_PARTS), max_size=120), st.integers(min_value=1, max_value=60))
def test_html_import(parts, repeat):
    html = "<html><body>" + "".join(parts) * repeat
    _imported(_bounded(lambda: import_text(html, "fuzz.html")))


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["txt", "csv"]), st.integers(min_value=1, max_value=200))
def test_text_and_csv_import(tmp_path_factory, text, kind, repeat):
    path = tmp_path_factory.mktemp("fuzz") / f"in.{kind}"
    path.write_bytes((text * repeat).encode("utf-8", errors="surrogatepass"))
    _imported(_bounded(lambda: import_file(path)))


@FUZZ
@given(st.integers(min_value=0, max_value=80), st.sampled_from(["base64", "quoted-printable", "8bit"]),
       st.text(max_size=200))
def test_mht_import(tmp_path_factory, depth, encoding, body):
    import base64
    import quopri

    html = f"<html><body><p>一、总体情况</p><p>{body}</p></body></html>".encode("utf-8", errors="surrogatepass")
    payload = {"base64": base64.encodebytes, "quoted-printable": quopri.encodestring, "8bit": lambda b: b}[encoding](html)
    head = b"MIME-Version: 1.0\r\n"
    opening = b"".join(f'Content-Type: multipart/related; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode()
                       for i in range(depth))
    part = (f"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n".encode()
            + payload + b"\r\n")
    closing = b"".join(f"--b{i}--\r\n".encode() for i in reversed(range(depth)))
    path = tmp_path_factory.mktemp("fuzz") / "in.mht"
    path.write_bytes(head + opening + part + closing)
    _imported(_bounded(lambda: import_file(path)))


@pytest.fixture(scope="module")
def own_xlsx(tmp_path_factory) -> bytes:
    from gkdesk.core.exporters.xlsx import export_xlsx

    path = tmp_path_factory.mktemp("xlsx") / "example.xlsx"
    export_xlsx(storage.load(EXAMPLE), path)
    return path.read_bytes()


@FUZZ
@given(st.data(), st.sampled_from(["xlsx", "docx"]))
def test_zip_based_import(own_xlsx, tmp_path_factory, data, kind):
    """Members replaced, inflated, nested or cut: a report or a refusal."""
    with zipfile.ZipFile(io.BytesIO(own_xlsx)) as z:
        members = {n: z.read(n) for n in z.namelist()}
    if kind == "docx":
        members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": (
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            b"<w:p><w:r><w:t>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93</w:t></w:r></w:p></w:body></w:document>")}
    names = sorted(members)
    for _ in range(data.draw(st.integers(0, 3))):
        name = data.draw(st.sampled_from(names))
        how = data.draw(st.sampled_from(["cut", "inflate", "nest", "junk", "cell", "drop"]))
        raw = members[name]
        if how == "cut":
            members[name] = raw[: data.draw(st.integers(0, len(raw)))]
        elif how == "inflate":
            members[name] = raw.replace(b"><", b">" + b" " * data.draw(st.integers(1, 4000)) + b"<", 2000)
        elif how == "nest":
            n = data.draw(st.integers(1, 5000))
            members[name] = raw.replace(b"</", b"<a>" * n + b"</a>" * n + b"</", 1)
        elif how == "junk":
            members[name] = data.draw(st.binary(max_size=200))
        elif how == "cell":
            members[name] = raw.replace(b"<v>", b"<v>" + data.draw(st.sampled_from(
                [b"1e999999999", b"NaN", b"inf", b"9" * 400, b"-0"])) + b"</v><v>", 5)
        else:
            del members[name]
            names.remove(name)
            if not names:
                break
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in members.items():
            z.writestr(n, d)
    path = tmp_path_factory.mktemp("fuzz") / f"in.{kind}"
    path.write_bytes(buf.getvalue())
    _imported(_bounded(lambda: import_file(path)))


# --- the worst cases, up to the caps, each in a fresh process -------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_worst_cases_up_to_the_caps(tmp_path, case):
    path, entry = make(case, tmp_path)
    r = measure(path, entry)
    assert r["outcome"].startswith(("report", "refused")), r
    assert r["seconds"] < 10, r
    assert r["peak_mb"] < 1024, r
