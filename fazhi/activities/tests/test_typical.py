"""以案释法: drafted from a closed penalty case, reviewed by someone else, published with the natural person's
data masked; the public pages are scanned for personal data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.activities import services
from fazhi.activities.models import TypicalCase
from fazhi.core.errors import DomainError
from fazhi.rulebook.masking import assert_no_personal_data

from .conftest import PARTY

pytestmark = pytest.mark.django_db


def _code(call):
    with pytest.raises(DomainError) as info:
        call()
    return info.value.code


def _written(recorder, closed_case):
    case = services.typical_draft(case_id=closed_case.pk, actor=recorder)
    services.typical_update(
        case=case, expected_revision=case.revision, actor=recorder, title=f"{PARTY['name']}销售过期食品案",
        facts=case.facts, legal_basis=case.legal_basis,
        analysis=f"本案当事人{PARTY['name']}（身份证号{PARTY['id']}）明知……经营者应当定期检查库存食品。",
    )  # fmt: skip
    return case


def test_从已结案件起草_带入案情与条款(recorder, closed_case):
    case = services.typical_draft(case_id=closed_case.pk, actor=recorder)
    assert case.status == "draft" and case.domain == "食品"
    assert "第三十四条第十项" in case.legal_basis and "罚款5000.00元" in case.facts


def test_未结案或其他部门的案件不能起草(recorder, closed_case, other_department, make_user):
    closed_case.state = "served"
    closed_case.save(update_fields=["state"])
    assert _code(lambda: services.typical_draft(case_id=closed_case.pk, actor=recorder)) == "access.not_found"
    closed_case.state = "closed"
    closed_case.save(update_fields=["state"])
    stranger = make_user("officer", dept=other_department, username="stranger")
    assert _code(lambda: services.typical_draft(case_id=closed_case.pk, actor=stranger)) == "access.not_found"


def test_发布文本脱敏_自然人姓名身份证住址电话均不出现(recorder, reviewer, closed_case):
    case = _written(recorder, closed_case)
    services.typical_submit(case=case, expected_revision=case.revision, actor=recorder)
    services.typical_approve(case=case, opinion="同意发布", expected_revision=case.revision, actor=reviewer)
    case.refresh_from_db()
    public = " ".join([case.public_title, case.public_facts, case.public_analysis, case.public_basis])
    for secret in (PARTY["name"], PARTY["id"], PARTY["phone"], "跃进路18号"):
        assert secret not in public
    assert "张**" in public and "天津市东丽区张贵庄街道****" in public and "138****5678" in public
    assert case.status == "published" and case.published_on.isoformat() == "2023-12-31"
    assert_no_personal_data(public)
    # the internal draft is kept as written
    assert PARTY["name"] in case.facts


def test_撰写人不能审核本人稿件_退回须写意见(recorder, reviewer, closed_case, make_user, department):
    case = _written(recorder, closed_case)
    services.typical_submit(case=case, expected_revision=case.revision, actor=recorder)
    own = make_user("legal_reviewer", username="reviewer-self")
    case.drafted_by = own
    assert _code(
        lambda: services.typical_approve(case=case, opinion="", expected_revision=case.revision, actor=own)
    ) == ("activities.typical.own_draft")
    case.refresh_from_db()
    assert _code(lambda: services.typical_return(case=case, opinion="", expected_revision=case.revision,
                                                 actor=reviewer)) == "cell.required"  # fmt: skip
    services.typical_return(case=case, opinion="请补充法律分析", expected_revision=case.revision, actor=reviewer)
    assert case.status == "returned"
    services.typical_update(case=case, expected_revision=case.revision, actor=recorder, title=case.title,
                            facts=case.facts, analysis=case.analysis + "补充。", legal_basis=case.legal_basis)  # fmt: skip
    services.typical_submit(case=case, expected_revision=case.revision, actor=recorder)
    assert case.status == "submitted"


def test_没有法律分析不能提交(recorder, closed_case):
    case = services.typical_draft(case_id=closed_case.pk, actor=recorder)
    assert _code(lambda: services.typical_submit(case=case, expected_revision=case.revision, actor=recorder)) == (
        "activities.typical.analysis"
    )


def test_公示网站只显示已发布的脱敏文本_撤回后不再显示(recorder, reviewer, closed_case):
    case = _written(recorder, closed_case)
    services.typical_submit(case=case, expected_revision=case.revision, actor=recorder)
    client = Client()
    assert client.get(reverse("publicity:public_activities:typical_detail", args=[case.pk])).status_code == 404
    services.typical_approve(case=case, opinion="", expected_revision=case.revision, actor=reviewer)
    listing = client.get(reverse("publicity:public_activities:typical_list"))
    detail = client.get(reverse("publicity:public_activities:typical_detail", args=[case.pk]))
    for page in (listing, detail):
        assert page.status_code == 200
        html = page.content.decode()
        assert_no_personal_data(html)
        assert PARTY["name"] not in html and "跃进路" not in html
    assert "以案释法" in detail.content.decode()
    services.typical_withdraw(
        case=case, reason="原处罚决定经复议被撤销", expected_revision=case.revision, actor=reviewer
    )
    assert client.get(reverse("publicity:public_activities:typical_detail", args=[case.pk])).status_code == 404
    assert TypicalCase.objects.get(pk=case.pk).published_on is not None  # 发布过的事实保留
