"""操作手册 (issue 11 §8): one guide per role, rendered at /help/, reachable from a help link on every staff screen
that opens the reader's own guide at the section of the screen's module.

EXPECTED_SECTIONS is written by hand: the modules each role works in (its menu on main), which its guide must
describe — not derived from the navigation code.
"""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, resolve, reverse

from fazhi.core.roles import Role
from fazhi.web import help as guide

EVERY_BUSINESS_MENU = {
    "registry", "powers", "inspections", "cases", "complaints", "credit", "file_reviews", "remedies",
    "activities", "exams", "deadlines",
}  # fmt: skip
EXPECTED_SECTIONS = {
    "officer": EVERY_BUSINESS_MENU,
    "section_chief": EVERY_BUSINESS_MENU | {"reports"},
    "legal_reviewer": EVERY_BUSINESS_MENU | {"reports"},
    "leader": EVERY_BUSINESS_MENU | {"reports"},
    "auditor": EVERY_BUSINESS_MENU | {"reports"},
    "admin": {"deadlines"},  # 节假日安排
    "security_admin": {"registry"},  # 人员与部门
    "audit_admin": set(),
}


def test_每个角色都有一篇手册_总览链接到每一篇():
    assert set(EXPECTED_SECTIONS) == set(Role.values)
    index = guide.load(None)
    for role in Role:
        assert guide.guide_path(role.value).is_file(), role
        assert f'href="/help/{role.value}/"' in index.html, role


@pytest.mark.parametrize("role", sorted(EXPECTED_SECTIONS))
def test_手册写到该角色使用的每个模块(role):
    rendered = guide.load(role)
    anchors = {anchor for anchor, _heading in rendered.sections}
    assert EXPECTED_SECTIONS[role] <= anchors, EXPECTED_SECTIONS[role] - anchors
    assert rendered.title.endswith("操作手册")


@pytest.mark.parametrize("role", [None, *sorted(EXPECTED_SECTIONS)])
def test_手册中的页面地址都存在_手册之间的链接都能打开(role):
    text = guide.guide_path(role).read_text(encoding="utf-8")
    paths = set(re.findall(r"`(/[a-z0-9\-/]*/)(?:\?[^`]*)?`", text))
    assert paths or role in (None, "audit_admin", "admin")
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            pytest.fail(f"{role} 手册提到的页面 {path} 不存在")
    for target in re.findall(r"\]\(([^)#]+\.md)", text):
        assert (guide.GUIDE_DIR / target).is_file(), target


def test_手册的原始HTML被转义_链接与标题锚点按约定生成():
    rendered = guide.render(
        "# 测试操作手册\n\n<script>alert(1)</script>\n\n## 投诉举报\n\n见 [执法人员](officer.md#complaints)、"
        "[总览](README.md)，页面 `/complaints/?view=review`，命令 `fazhi audit verify`。\n\n## 常见问题\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert '<h2 id="complaints">投诉举报</h2>' in rendered.html
    assert '<h2 id="s2">常见问题</h2>' in rendered.html
    assert 'href="/help/officer/#complaints"' in rendered.html and 'href="/help/"' in rendered.html
    assert '<table class="table">' in rendered.html
    assert '<a href="/complaints/?view=review"><code>/complaints/?view=review</code></a>' in rendered.html
    assert "<code>fazhi audit verify</code>" in rendered.html and 'href="fazhi' not in rendered.html
    assert rendered.title == "测试操作手册"
    assert rendered.sections == (("complaints", "投诉举报"), ("s2", "常见问题"))


@pytest.mark.django_db
def test_手册页面_未知角色是404(client, role_users):
    client.force_login(role_users["officer"])
    page = client.get(reverse("web:help_role", args=["officer"])).content.decode()
    assert "执法人员操作手册" in page and 'id="complaints"' in page and "我的角色" in page
    assert client.get("/help/nobody/").status_code == 404
    assert client.get(reverse("web:help")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "anchor"),
    [
        ("officer", "/complaints/", "complaints"),
        ("officer", "/cases/", "cases"),
        ("legal_reviewer", "/deadlines/rules/", "deadlines"),
        ("section_chief", "/inspections/", "inspections"),
        ("leader", "/reports/", "reports"),
        ("admin", "/deadlines/calendar/", "deadlines"),
        ("auditor", "/", None),
    ],
)
def test_每个工作页面的帮助链接打开本人手册中该模块的一节(client, role_users, role, url, anchor):
    client.force_login(role_users[role])
    html = client.get(url).content.decode()
    expected = reverse("web:help_role", args=[role]) + (f"#{anchor}" if anchor else "")
    assert f'<a href="{expected}"' in html and ">帮助</a>" in html
    if anchor:
        assert anchor in {a for a, _h in guide.load(role).sections}


@pytest.mark.django_db
def test_公众页面没有帮助链接(client):
    html = client.get(reverse("deadlines:calculator")).content.decode()
    assert ">帮助</a>" not in html


@pytest.mark.django_db
def test_手册中的页面地址只对能打开它的读者是链接_接口地址不是链接(client, role_users):
    """An administrator reading the officer's guide meets no link to 无权访问 (the screens are named, not linked);
    the officer reading the same guide can open them. The API is named, never linked (it is no screen)."""
    client.force_login(role_users["admin"])
    page = client.get(reverse("web:help_role", args=["officer"])).content.decode()
    assert "<code>/complaints/</code>" in page and 'href="/complaints/"' not in page
    client.force_login(role_users["officer"])
    page = client.get(reverse("web:help_role", args=["officer"])).content.decode()
    assert '<a href="/complaints/"><code>/complaints/</code></a>' in page
    client.force_login(role_users["security_admin"])
    page = client.get(reverse("web:help_role", args=["security_admin"])).content.decode()
    assert "<code>/api/v1/</code>" in page and 'href="/api/' not in page


@pytest.mark.parametrize("role", [None, *sorted(EXPECTED_SECTIONS)])
def test_手册不写代码库中的文件路径(role):
    """The guides are read on the screen: they name the documents a person is given, not repository paths."""
    text = guide.guide_path(role).read_text(encoding="utf-8")
    assert re.findall(r"\b(?:docs|fazhi)/[\w./-]+\.(?:md|py|ya?ml)", text) == []
