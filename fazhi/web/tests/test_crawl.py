"""Every role walks the screens it can reach from the home page of a demo district, and none shows a server error,
a Python value, an untranslated English message or a link to a screen that the same person may not open.

The district is the small demo (``fazhi demo --scale small``) with a seed nobody tuned the screens to. Each role
follows the links of the pages it opens, breadth first (GET only, never log out, never download), up to a depth and
a number of pages; of the addresses that differ only in their numbers (``/cases/12/``, ``/cases/35/``) it opens the
first few, so that the crawl sees every kind of screen instead of every record.

What a page may not show, in the text a person reads (scripts and styles excluded), is written by hand below: the
traces of a Python value (``None``, ``True``/``False``, ``{'``, ``<QuerySet``, ``object at 0x``), Django's English
form and error messages, and paths of the source repository. A link is dead when the same person opening it gets
403 or 404: a screen should not offer what its reader may not use.
"""

from __future__ import annotations

import collections
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SEED = "8128"
ROLES = ["officer", "chief", "legal", "leader", "auditor", "admin", "secadmin", "auditadmin", None]  # None: the public
MAX_DEPTH = 3
MAX_PAGES = 60  # per role
PER_PATTERN = 2  # addresses that differ only in their numbers
SKIP = ("/logout", "/accounts/logout", "/admin/", "/static/", "/media/", "/api/")
DOWNLOAD = re.compile(r"(download|export|\.docx|\.pdf|\.csv|\.xlsx|\.json|\.zip|/file/|/print)", re.IGNORECASE)

# Traces of a Python value shown as it is.
REPR = re.compile(r"\{'|<QuerySet|object at 0x|\bNone\b|\b(?:True|False)\b|\[\]")
# Django's own English messages (forms, errors) and English words that only a missing translation shows.
ENGLISH = re.compile(
    r"This field is required|Enter a valid|Ensure this value|Select a valid choice|Page not found|"
    r"\bForbidden\b|Server Error|Traceback|Not Found|Bad Request|\bInvalid\b|is not a valid|\bNo results\b"
)
# Paths of the source repository ("docs/deploy.md", "fazhi/cases/views.py"): a screen names what a person can open.
REPO_PATH = re.compile(r"\b(?:docs|fazhi|benchmarks|scripts)/[\w./-]+\.(?:md|py|ya?ml|txt)\b")
# Technical specifications published for people who check a draw record (their readers are programmers).
TECHNICAL = ("/public/core/specs/",)

# Problems seen on main, each in a module being reworked by its engineer now: listed here with the place to fix it,
# so that this test still catches every new one. Remove a line when its problem is fixed.
KNOWN_DEAD_LINKS: set[str] = set()
KNOWN_DEAD_LINK_PATTERNS: tuple[re.Pattern[str], ...] = ()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def _pattern(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


def _known_dead(url: str) -> bool:
    return url in KNOWN_DEAD_LINKS or any(p.match(url) for p in KNOWN_DEAD_LINK_PATTERNS)


def _crawl(client: Client) -> tuple[list[str], int]:
    problems: list[str] = []
    seen: set[str] = set()
    per_pattern: collections.Counter[str] = collections.Counter()
    queue: collections.deque[tuple[str, int, str]] = collections.deque([("/", 0, "")])
    opened = 0
    while queue and opened < MAX_PAGES:
        url, depth, referrer = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        pattern = _pattern(url)
        per_pattern[pattern] += 1
        if per_pattern[pattern] > PER_PATTERN:
            continue
        response = client.get(url)
        opened += 1
        where = f"{url}（来自 {referrer or '首页'}）"
        if response.status_code >= 500:
            problems.append(f"{where}: 服务器错误 {response.status_code}")
            continue
        if response.status_code in (301, 302):
            location = response["Location"]
            if location.startswith("/") and not location.startswith(SKIP):
                queue.appendleft((location, depth, url))
            continue
        if response.status_code in (403, 404) and referrer and not _known_dead(url):
            problems.append(f"{where}: 链接打开后是 {response.status_code}")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode("utf-8", "replace"))
        text = " ".join(page.text)
        checks = [(REPR, "Python 值"), (ENGLISH, "英文提示")]
        if not url.startswith(TECHNICAL):
            checks.append((REPO_PATH, "代码库路径"))
        for regex, what in checks:
            for match in regex.finditer(text):
                problems.append(f"{where}: {what} …{text[max(0, match.start() - 30) : match.end() + 30]}…")
                break
        if depth >= MAX_DEPTH:
            continue
        for href in page.links:
            href = href.split("#", 1)[0]
            if not href.startswith("/") or href.startswith(SKIP) or DOWNLOAD.search(href) or href in seen:
                continue
            queue.append((href, depth + 1, url))
    return problems, opened


@pytest.fixture
def district(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FAZHI_LEGAL_TODAY = "2024-01-15"  # the demo's legal today (README)
    call_command("demo", "--no-serve", "--scale", "small", "--seed", SEED, "--force", stdout=io.StringIO(), verbosity=0)


def test_每个角色从首页能走到的页面_没有服务器错误_没有代码值和英文_没有打不开的链接(district):
    from fazhi.core.models import User

    problems: list[str] = []
    for username in ROLES:
        client = Client()
        client.raise_request_exception = False  # collect every 500 instead of stopping at the first
        if username is not None:
            client.force_login(User.objects.get(username=username))
        found, opened = _crawl(client)
        assert opened >= 10, f"{username or '公众'} 只打开了 {opened} 个页面"
        problems += [f"[{username or '公众'}] {p}" for p in found]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<p>张三 None 于 2023-09-18 指定</p>", "Python 值"),
        ("<dd>超级用户 False</dd>", "Python 值"),
        ("<ul><li>{'a': 1}</li></ul>", "Python 值"),
        ("<span class=errorlist>This field is required.</span>", "英文提示"),
        ("<p>见 docs/deploy.md</p>", "代码库路径"),
    ],
)
def test_检查本身能发现问题(html, problem):
    """The crawl's checks find what they look for (a check that cannot fail specifies nothing)."""
    page = _Page()
    page.feed(html + "<script>var x = None;</script>")
    text = " ".join(page.text)
    found = {
        what
        for regex, what in [(REPR, "Python 值"), (ENGLISH, "英文提示"), (REPO_PATH, "代码库路径")]
        if regex.search(text)
    }
    assert found == {problem}
