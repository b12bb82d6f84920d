"""Form labels end in the Chinese "：", never the ASCII ":" (issue 11, finding 8: no English colons on screen).

The one place is the core app's translation catalogue (fazhi/core/locale/zh_Hans): it overrides Django's label
suffix for every form of every app. These tests request every staff page that needs no object, as each business
role would, and look at every rendered <label>.
"""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils.html import strip_tags

from fazhi.core.tests.test_bad_input_pages import SKIP_PREFIXES, _patterns

pytestmark = pytest.mark.django_db

LABEL = re.compile(r"<label\b[^>]*>(.*?)</label>", re.S)


def ascii_colon_labels(html: str) -> list[str]:
    """The labels of a page whose text ends in an ASCII colon (tags and whitespace stripped)."""
    texts = (strip_tags(m).strip() for m in LABEL.findall(html))
    return [t for t in texts if t.endswith(":") or t.endswith("：：")]


def test_a_plain_django_form_gets_the_chinese_suffix_once():
    class Sample(forms.Form):
        name = forms.CharField(label="当事人名称")
        asked = forms.CharField(label="是否同意？")
        ready = forms.CharField(label="签署人：")

    form = Sample()
    assert ascii_colon_labels(str(form["name"].label_tag())) == []
    assert str(form["name"].label_tag()).endswith("当事人名称：</label>")
    assert str(form["asked"].label_tag()).endswith("是否同意？</label>")  # no suffix after Chinese punctuation
    assert str(form["ready"].label_tag()).endswith("签署人：</label>")


def test_the_check_finds_an_ascii_colon():
    assert ascii_colon_labels('<label for="x">名称:</label><label>日期：</label>') == ["名称:"]


@pytest.mark.parametrize("role", ["officer", "section_chief", "legal_reviewer", "leader", "auditor", "admin"])
def test_no_staff_page_renders_a_label_ending_in_an_ascii_colon(client, make_user, role):
    client.force_login(make_user(role))
    failures, pages = [], 0
    for route, name, converters in _patterns():
        if converters or route.startswith(SKIP_PREFIXES) or route.startswith("^"):
            continue
        response = client.get("/" + route)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        bad = ascii_colon_labels(response.content.decode())
        if bad:
            failures.append(f"{name}: {bad[:3]}")
    assert pages > 20  # the walk reached the pages
    assert failures == []
