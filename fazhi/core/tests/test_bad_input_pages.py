"""No page answers 500 to bad input in its URL (issue 14 §8).

Every named URL is requested with the probe's kinds of bad input — page numbers and offsets that are text,
negative or enormous, years like -1 and 99999, impossible dates, overlong search terms, ids of 30 digits in
the path — by a user of each kind of scope (a department-scoped 科室负责人 and a bureau-wide 局领导), and must
answer with a page or a 4xx, never a server error. The same URLs are then POSTed form bodies with overlong,
overflowing, impossible and hostile values and files whose content is not what their name says (the API is covered
by schemathesis over the whole OpenAPI schema: fazhi/api/tests/test_schemathesis.py).
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

HUGE = "123456789012345678901234567890"
BAD_QUERY = {
    "page": "abc",
    "offset": "-5",
    "limit": "99999999999999999999",
    "year": "99999",
    "on": "0001-01-01",
    "date": "2023-02-30",
    "from": "abc",
    "to": "9999-99-99",
    "q": "名" * 5000,
    "department": HUGE,
    "office": HUGE,
    "revision": "abc",
    "amount": "1e400",
    "status": "<script>",
    "view": "x" * 300,
}
ALT_QUERY = {
    "page": "-1", "offset": HUGE, "year": "-1", "on": "2023-13-45", "department": "-3", "limit": "-1",
    "q": "\x00\"'*(", "uscc": "\x00",
}  # fmt: skip
# Digits to str.isdigit() that int() refuses (superscripts): a check with isdigit() before int() is a 500.
ODD_DIGITS = {"page": "²", "year": "²⁰²³", "office": "²", "department": "³", "law": "²", "position": "²"}
SKIP_PREFIXES = ("admin/", "api/", "static/", "media/", "__")


def _patterns(resolver=None, prefix: str = "", namespace: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.pattern.converters


def _urls() -> list[tuple[str, str]]:
    import re

    out = []
    for route, name, converters in _patterns():
        if route.startswith(SKIP_PREFIXES) or route.startswith("^"):
            continue
        path = route
        ok = True
        for key, converter in converters.items():
            kind = type(converter).__name__
            value = {"IntConverter": HUGE, "StringConverter": "x" * 300, "SlugConverter": "x" * 300}.get(kind)
            if value is None:
                ok = False
                break
            path = re.sub(rf"<(?:\w+:)?{key}>", value, path)
        if ok and "<" not in path:
            out.append((name, "/" + path))
    return sorted(set(out))


@pytest.mark.parametrize("role", ["section_chief", "leader"])
def test_所有页面对坏的网址参数不报服务器错误(client, make_user, role):
    client.force_login(make_user(role))
    client.raise_request_exception = False  # collect every 500 instead of stopping at the first
    failures = []
    for name, path in _urls():
        for query in (BAD_QUERY, ALT_QUERY, ODD_DIGITS):
            response = client.get(path, query)
            if response.status_code >= 500:
                failures.append(f"{name} {path[:80]} → {response.status_code}")
    assert not failures, "\n".join(failures)


def test_表单_过长的名称与1e400金额是字段错误():
    """Issue 14 §8: overlong names reached the database (a DataError on PostgreSQL) and 1e400 an overflow."""
    from fazhi.cases.forms import FilingProposalForm, ProposeForm

    form = FilingProposalForm(data={"title": "案" * 201, "party_name": "名" * 201, "party_id_number": "1" * 33})
    assert not form.is_valid()
    assert {"title", "party_name", "party_id_number"} <= set(form.errors)
    form = ProposeForm(data={"fine": "1e400", "confiscation": "NaN"})
    assert not form.is_valid() and {"fine", "confiscation"} <= set(form.errors)


# Form bodies as the probe sent them: every field name the forms use for names, amounts, dates, numbers and files,
# with overlong, overflowing, impossible or hostile values (issue 14 §8: forms, not only URLs).
BAD_BODY = {
    **BAD_QUERY,
    "name": "名" * 5000,
    "title": "案" * 5000,
    "party_name": "名" * 500,
    "respondent_name": "名" * 500,
    "consumer_phone": "1" * 500,
    "consumer_id_number": "\x00" * 40,
    "uscc": "91120110MA" + "X" * 30,
    "fine": "1e400",
    "amount_in_dispute": "-1e400",
    "confiscation": "NaN",
    "received_on": "2023-02-30",
    "inspected_on": "99999-01-01",
    "filed_on": "-1",
    "decided_on": "0000-00-00",
    "revision": "99999999999999999999999",
    "officer": HUGE,
    "officers": [HUGE, "abc"],
    "assignee": "-1",
    "kind": "<script>",
    "category": "\x00",
    "reason": "理" * 20000,
    "text": "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
}


def _bad_files():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "file": SimpleUploadedFile("../../evil.xlsx", b"PK\x03\x04" + b"\x00" * 64),
        "attachment": SimpleUploadedFile("a.html", b"<script>alert(1)</script>"),
        "evidence": SimpleUploadedFile("a.jpg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
    }


@pytest.mark.parametrize("role", ["section_chief", "leader"])
def test_所有页面对坏的表单提交不报服务器错误(client, make_user, role):
    client.force_login(make_user(role))
    client.raise_request_exception = False
    failures = []
    for name, path in _urls():
        for body in (BAD_BODY, {**BAD_BODY, **_bad_files()}):
            response = client.post(path, body)
            if response.status_code >= 500:
                failures.append(f"{name} {path[:80]} → {response.status_code}")
    assert not failures, "\n".join(failures)
