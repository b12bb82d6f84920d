"""The user guide (操作手册, issue 11 §8): one Markdown file per role in ``docs/guide/``, rendered inside the app.

The Markdown is the source (readable on a code host too); the app renders it with raw HTML switched off, turns links
between guide files (``officer.md``) into ``/help/officer/`` and gives each second-level heading that starts with a
menu label (``## 投诉举报 …``) the anchor of that menu's module (``#complaints``), so that the help link of every
staff screen opens its module's section in the reader's own guide (``help_url`` in ``fazhi.web.context``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.token import Token

from fazhi.core.roles import Role

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "guide"
INDEX_FILE = "README.md"
SCREEN_PATH = re.compile(r"/[a-z0-9\-/]*/(\?[a-z=&_]*)?")


@dataclass(frozen=True)
class Guide:
    title: str
    html: str
    sections: tuple[tuple[str, str], ...]  # (anchor, heading text) of the second-level headings


def guide_path(role: str | None) -> Path:
    """The Markdown file of ``role`` (a ``Role`` value) or of the index (``None``)."""
    if role is None:
        return GUIDE_DIR / INDEX_FILE
    return GUIDE_DIR / f"{Role(role).value}.md"


def section_anchors() -> dict[str, str]:
    """Menu label → module anchor, from the staff navigation (the one list of module names)."""
    from fazhi.web.context import NAV

    return {label: url_name.split(":", 1)[0] for label, url_name, _perm in NAV if url_name != "web:home"}


def _link_target(href: str) -> str:
    if "://" in href or href.startswith(("/", "#", "mailto:")):
        return href
    name, _, fragment = href.partition("#")
    if name.endswith(".md") and "/" not in name:
        stem = name[:-3]
        target = "/help/" if name == INDEX_FILE else f"/help/{stem}/"
        return target + (f"#{fragment}" if fragment else "")
    return href


def screen_permission(path: str) -> str | None:
    """The permission of the staff screen at ``path`` ("" for a screen anyone may open, None for no screen)."""
    from django.urls import Resolver404, resolve

    if path.startswith("/api/"):
        return None  # the API is no screen: its address is named, not linked
    try:
        match = resolve(path.partition("?")[0])
    except Resolver404:
        return None
    return getattr(match.func, "fazhi_permission", "")


def render(text: str, *, can_open: Callable[[str], bool] | None = None) -> Guide:
    """``can_open(path)``: may the reader open that screen? An address the reader may not open stays plain text,
    so a guide of another role never leads to a 无权访问 page."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    anchors = section_anchors()
    title = ""
    sections: list[tuple[str, str]] = []
    used: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[i + 1].content.strip()
            if token.tag == "h1" and not title:
                title = heading
            if token.tag == "h2":
                anchor = next((a for label, a in anchors.items() if heading.startswith(label)), None)
                if anchor is None or anchor in used:
                    anchor = f"s{len(sections) + 1}"
                used.add(anchor)
                token.attrSet("id", anchor)
                sections.append((anchor, heading))
        elif token.type == "inline" and token.children:
            children = []
            for child in token.children:
                if child.type == "link_open":
                    child.attrSet("href", _link_target(str(child.attrGet("href") or "")))
                if (
                    child.type == "code_inline"
                    and SCREEN_PATH.fullmatch(child.content)
                    and not child.content.startswith("/api/")
                    and (can_open is None or can_open(child.content))
                ):
                    # a screen's address (`/complaints/`) opens that screen
                    opening = Token("link_open", "a", 1)
                    opening.attrSet("href", child.content)
                    children += [opening, child, Token("link_close", "a", -1)]
                else:
                    children.append(child)
            token.children = children
        elif token.type == "table_open":
            token.attrSet("class", "table")
    html = md.renderer.render(tokens, md.options, {})
    return Guide(title=title, html=html, sections=tuple(sections))


def load(role: str | None, user=None) -> Guide:
    """The guide of ``role``; with ``user``, addresses of screens that user may not open are not links."""
    can_open = None
    if user is not None:
        from fazhi.core.roles import user_can

        def can_open(path: str) -> bool:
            permission = screen_permission(path)
            return permission is not None and (permission == "" or user_can(user, permission))

    return render(guide_path(role).read_text(encoding="utf-8"), can_open=can_open)


def role_guides() -> list[tuple[str, str]]:
    """(role value, Chinese role name) of every role, in the order of ``Role``."""
    return [(role.value, role.label) for role in Role]
