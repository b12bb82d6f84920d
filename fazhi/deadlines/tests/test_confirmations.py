"""规则确认 (issue 13 §3): legal staff confirm an UNCONFIRMED value for the bureau; the gate; the command; the page."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from fazhi.core.errors import DomainError, PermissionDenied
from fazhi.core.models import AuditEvent
from fazhi.deadlines import selectors, services
from fazhi.deadlines.models import RuleConfirmation
from fazhi.rulebook.confirmation import Purpose, deadline_value, unconfirmed_values

D = dt.date
REF = "deadlines/serious_list_measures.yaml#rules/serious_list.auto_removal/versions/2021-09-01"
TEXT_REF = "deadlines/administrative_penalty_law.yaml#rules/case.hearing_request/versions/2021-07-15"

# Who may see the page and who may confirm (written from the issue: legal staff confirm; every staff member reads).
EXPECTED = {
    "anonymous": ("login", "login"),
    "officer": ("ok", "forbidden"),
    "section_chief": ("ok", "forbidden"),
    "legal_reviewer": ("ok", "ok"),
    "leader": ("ok", "forbidden"),
    "auditor": ("ok", "forbidden"),
    # 三员分立: administrators hold no business permission.
    "admin": ("forbidden", "forbidden"),
    "security_admin": ("forbidden", "forbidden"),
    "audit_admin": ("forbidden", "forbidden"),
}


@pytest.fixture
def legal(make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"
    return make_user("legal_reviewer", username="legal-1")


@pytest.mark.django_db
def test_法制审核人员确认后闸门放行_记录人员日期出处并审计(legal):
    value = deadline_value("serious_list.auto_removal", D(2023, 1, 1))
    assert not selectors.rule_gate(value, purpose=Purpose.END_LISTING).decides_alone
    confirmation = services.rule_confirm(
        ref=REF,
        source="《市场监督管理严重违法失信名单管理办法》（总局令第44号）原文，总局网站",
        confirmed_on="2026-12-05",
        actor=legal,
    )
    assert confirmation.confirmed_by == legal and confirmation.confirmed_on == D(2026, 12, 5)
    assert confirmation.fingerprint == value.fingerprint and confirmation.bureau
    assert selectors.rule_gate([value], purpose="end_listing").decides_alone
    assert AuditEvent.objects.filter(action="deadlines.rule_confirm", actor=legal).exists()
    with pytest.raises(DomainError) as err:
        services.rule_confirm(ref=REF, source="再次", confirmed_on="2026-12-05", actor=legal)
    assert err.value.code == "rules.already_confirmed"
    services.rule_confirmation_revoke(
        confirmation=confirmation, reason="原文核对有误", revoked_on="2026-12-06", actor=legal
    )
    assert not selectors.rule_gate(value, purpose="end_listing").decides_alone
    with pytest.raises(DomainError) as err:
        services.rule_confirmation_revoke(confirmation=confirmation, reason="x", revoked_on="2026-12-06", actor=legal)
    assert err.value.code == "rules.already_revoked"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"ref": TEXT_REF}, "rules.not_unconfirmed"),
        ({"ref": "deadlines/nope.yaml#x"}, "rules.unknown_value"),
        ({"source": "  "}, "cell.required"),
        ({"source": "x" * 501}, "cell.too_long"),
        ({"confirmed_on": "2026-12-07"}, "date.future"),
        ({"confirmed_on": "2026-13-40"}, "date.impossible"),
    ],
)
def test_确认的每个输入都校验(legal, kwargs, code):
    data = {"ref": REF, "source": "原文", "confirmed_on": "2026-12-01", **kwargs}
    with pytest.raises(DomainError) as err:
        services.rule_confirm(actor=legal, **data)
    assert err.value.code == code
    assert not RuleConfirmation.objects.exists()


@pytest.mark.django_db
def test_只有法制审核人员可以确认(make_user):
    with pytest.raises(PermissionDenied):
        services.rule_confirm(ref=REF, source="原文", confirmed_on="2024-01-01", actor=make_user("leader"))


@pytest.mark.django_db
def test_命令列出全部未经确认的值及用途(legal):
    services.rule_confirm(ref=REF, source="原文", confirmed_on="2026-12-01", actor=legal)
    out = io.StringIO()
    call_command("rules", "unconfirmed", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["count"] == len(unconfirmed_values()) and data["confirmed"] == 1
    row = next(v for v in data["values"] if v["ref"] == REF)
    assert row["confirmed"] and row["confirmation"]["source"] == "原文" and row["value"] == "3年"
    assert {
        "id": "credit.serious_list_expire",
        "label": row["uses"][0]["label"],
        "purpose": "end_listing",
        "module": "credit",
    } in row["uses"]
    assert all(v["uses"] for v in data["values"])
    text = io.StringIO()
    call_command("rules", "unconfirmed", stdout=text)
    human = text.getvalue()
    assert "严重违法失信名单期满移出" in human and "本局已确认" in human and "不得单独决定：结束列入名单或公示" in human


MATRIX = [("deadlines:rule_confirmations", {}), ("deadlines:rule_confirm", {})]
COVERED_URL_NAMES = frozenset(
    {"deadlines:rule_confirmations", "deadlines:rule_confirm", "deadlines:rule_confirmation_revoke"}
)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_权限矩阵_查看与确认(client, make_user, role):
    if role != "anonymous":
        client.force_login(make_user(role))
    for (name, kwargs), expect in zip(MATRIX, EXPECTED[role], strict=True):
        response = client.get(reverse(name, kwargs=kwargs))
        if expect == "login":
            assert response.status_code == 302 and "/login" in response["Location"]
        elif expect == "forbidden":
            assert response.status_code in (403, 404)
        else:
            assert response.status_code in (200, 302)
    if role not in ("anonymous", "legal_reviewer"):
        response = client.post(
            reverse("deadlines:rule_confirm"), {"ref": REF, "source": "x", "confirmed_on": "2024-01-01"}
        )
        assert response.status_code in (403, 404) and not RuleConfirmation.objects.exists()


@pytest.mark.django_db
def test_页面_法制审核人员确认与撤销(client, legal):
    client.force_login(legal)
    page = client.get(reverse("deadlines:rule_confirmations")).content.decode()
    assert "严重违法失信名单期满移出" in page and "不得单独结束列入名单或公示" in page and 'name="source"' in page
    bad = client.post(reverse("deadlines:rule_confirm"), {"ref": REF, "source": "", "confirmed_on": "2026-12-01"})
    assert bad.status_code == 400 and "确认未能保存" in bad.content.decode()
    ok = client.post(
        reverse("deadlines:rule_confirm"),
        {"ref": REF, "source": "总局令第44号原文", "confirmed_on": "2026-12-01"},
        follow=True,
    )
    html = ok.content.decode()
    assert "已确认，本局此后可据该规则值办理" in html and "总局令第44号原文" in html
    confirmation = RuleConfirmation.objects.get()
    client.post(
        reverse("deadlines:rule_confirmation_revoke", kwargs={"pk": confirmation.pk}),
        {"reason": "核对有误", "revoked_on": "2026-12-06"},
    )
    confirmation.refresh_from_db()
    assert confirmation.revoked_on == D(2026, 12, 6) and confirmation.revoked_by == legal


# Field names (excluded_kinds, harm_at_most …) and dotted row ids (food.expired_food_sale) are the tables' own
# spelling; a person reads Chinese. The ids stay visible only in the small secondary line (class rule-id).
_RAW = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<small class="muted rule-id">.*?</small>', " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_页面不显示英文字段名和规则编号_编号以小字保留(client, legal):
    client.force_login(legal)
    html = client.get(reverse("deadlines:rule_confirmations")).content.decode()
    assert _RAW.findall(_visible_text(html)) == []
    for key in ("excluded_kinds", "harm_at_most", "required_facts", "first_violation", "corrected_promptly"):
        assert key not in _visible_text(html)
    # 首违不罚 item fv1.unmarked_price (UNCONFIRMED): the violation by its name, its id small beside it
    row = re.search(
        r'<tr[^>]*data-ref="exemptions/samr_2025_first_batch.yaml#items/fv1.unmarked_price".*?</tr>', html, re.S
    )
    assert row is not None
    assert "违法行为：经营者不按规定明码标价" in row.group(0)
    assert re.search(r'<small class="muted rule-id">[^<]*price\.unmarked_price', row.group(0))
