"""Browser-side hardening (issue 14 §11, docs/security.md §5): a Content-Security-Policy on every response that
allows scripts from this site only — so no template may carry inline script, inline event handlers or
``javascript:`` links (the browser would refuse them and the page would silently stop working) — and, with
``FAZHI_ENV=production``, secure cookies, HSTS and HTTPS redirects."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_模板中没有内联脚本和内联事件():
    offenders = []
    for path in sorted((ROOT / "fazhi").rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, what in (
            (INLINE_SCRIPT, "内联脚本"),
            (INLINE_HANDLER, "内联事件"),
            (JAVASCRIPT_URL, "javascript:"),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line} {what}: {match.group(0)[:60]}")
    assert not offenders, "\n".join(offenders)


def test_扫描规则能发现违规写法():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/web/fazhi.js" defer></script>')
    assert INLINE_HANDLER.search('<select name="year" onchange="this.form.submit()">')
    assert not INLINE_HANDLER.search('<select name="year" data-autosubmit>')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')


def test_工作人员页面和公开页面都带安全响应头(client, make_user):
    client.force_login(make_user("officer"))
    for url in (reverse("web:home"), reverse("web:account"), "/public/", "/login/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-eval'" not in csp
        assert "script-src 'self' 'unsafe-inline'" not in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_生产环境打开安全Cookie_HSTS和HTTPS跳转():
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k, None) for k in ("
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
        "'SESSION_COOKIE_HTTPONLY', 'FAZHI_OTP_REQUIRED_ROLES')}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "FAZHI_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "FAZHI_AUDIT_ANCHOR_KEY": "k" * 32,
        "ALLOWED_HOSTS": "fazhi.example",
    }
    for name in ("FAZHI_OTP_REQUIRED_ROLES", "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert set(values["FAZHI_OTP_REQUIRED_ROLES"]) == {
        "leader",
        "legal_reviewer",
        "admin",
        "security_admin",
        "audit_admin",
    }
