"""撤销冒用身份信息取得的登记 in three steps by three people (issue 14 §2): proposal by the entity's department,
法制审核, 局领导批准; only the approval changes the registry and the public change feed; every step audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.errors import DomainError, NotFound, PermissionDenied
from fazhi.core.models import AuditEvent
from fazhi.credit import revocation, selectors
from fazhi.credit.models import CreditChange, IdentityMisuseRevocation
from fazhi.registry.models import Department, MarketEntity

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(make_user, department, other_department):
    credit_section = Department.objects.create(code="credit", name="信用监管科", kind="section")
    return {
        "officer": make_user("officer", username="officer"),
        "chief": make_user("section_chief", username="chief"),
        "other_chief": make_user("section_chief", dept=other_department, username="other-chief"),
        "credit_chief": make_user("section_chief", dept=credit_section, username="credit-chief"),
        "legal": make_user("legal_reviewer", username="legal"),
        "leader": make_user("leader", username="leader"),
        "admin": make_user("admin", username="sysadmin"),
        "secadmin": make_user("security_admin", username="secadmin"),
    }


def propose(entity, actor, on=D(2023, 9, 1)):
    return revocation.revocation_propose(
        entity=entity, evidence="公安机关核查：身份证件系冒用", proposed_on=on, actor=actor
    )


def review(r, actor, passed=True, on=D(2023, 9, 5)):
    return revocation.revocation_legal_review(
        revocation=r, passed=passed, opinion="审核意见", reviewed_on=on, actor=actor
    )


def test_三人三步_批准后才改变登记状态并进入公示变更(make_entity, people):
    entity = make_entity("enterprise")
    r = propose(entity, people["chief"])
    entity.refresh_from_db()
    assert r.status == "proposed" and entity.status == "active" and r.number == ""
    assert not CreditChange.objects.exists()
    review(r, people["legal"])
    entity.refresh_from_db()
    assert r.status == "reviewed" and entity.status == "active" and not CreditChange.objects.exists()
    revocation.revocation_decide(revocation=r, approve=True, note="", decided_on=D(2023, 9, 10), actor=people["leader"])
    entity = MarketEntity.objects.get(pk=entity.pk)
    assert r.status == "effective" and r.number.endswith("撤〔2023〕1号")
    assert entity.status == "withdrawn" and entity.status_changed_on == D(2023, 9, 10)
    change = CreditChange.objects.get()
    assert (change.kind, change.reference, change.occurred_on) == ("registration_revoked", r.number, D(2023, 9, 10))
    actions = list(
        AuditEvent.objects.filter(object_type="credit.identitymisuserevocation").values_list("action", flat=True)
    )
    assert actions == ["credit.revocation_propose", "credit.revocation_legal_review", "credit.revocation_decide"]
    r.refresh_from_db()
    assert (r.proposed_by, r.legal_reviewed_by, r.decided_by) == (people["chief"], people["legal"], people["leader"])


def test_其他所的科室负责人不能对本所主体提出撤销(make_entity, people):
    entity = make_entity("enterprise")
    with pytest.raises(NotFound):
        propose(entity, people["other_chief"])
    assert not IdentityMisuseRevocation.objects.exists()
    assert propose(entity, people["credit_chief"]).status == "proposed"  # 信用监管科 handles credit bureau-wide


@pytest.mark.parametrize("who", ["legal", "leader", "admin", "secadmin"])
def test_提出撤销限于执法人员和科室负责人(make_entity, people, who):
    with pytest.raises(PermissionDenied):
        propose(make_entity("enterprise"), people[who])


def test_法制审核和批准只能由相应角色办理(make_entity, people):
    r = propose(make_entity("enterprise"), people["officer"])
    for who in ("chief", "leader", "admin"):
        with pytest.raises(PermissionDenied):
            review(r, people[who])
    review(r, people["legal"])
    for who in ("chief", "legal", "admin", "secadmin"):
        with pytest.raises(PermissionDenied):
            revocation.revocation_decide(
                revocation=r, approve=True, note="", decided_on=D(2023, 9, 10), actor=people[who]
            )


def test_同一人不能办理两个步骤(make_entity, people, make_user):
    proposer = people["chief"]
    r = propose(make_entity("enterprise"), proposer)
    proposer.role = "legal_reviewer"  # the same person, later in another role, may not review their own proposal
    with pytest.raises(DomainError) as exc:
        review(r, proposer)
    assert exc.value.code == "credit.same_person"
    review(r, people["legal"])
    people["legal"].role = "leader"
    with pytest.raises(DomainError) as exc:
        revocation.revocation_decide(
            revocation=r, approve=True, note="", decided_on=D(2023, 9, 10), actor=people["legal"]
        )
    assert exc.value.code == "credit.same_person"


def test_未经法制审核不能批准(make_entity, people):
    r = propose(make_entity("enterprise"), people["chief"])
    with pytest.raises(DomainError) as exc:
        revocation.revocation_decide(
            revocation=r, approve=True, note="", decided_on=D(2023, 9, 10), actor=people["leader"]
        )
    assert exc.value.code == "credit_revocation.transition_forbidden"
    assert MarketEntity.objects.get(pk=r.entity_id).status == "active"


def test_退回补充后重新提交_撤回(make_entity, people):
    r = propose(make_entity("enterprise"), people["chief"])
    review(r, people["legal"], passed=False)
    assert r.status == "returned"
    revocation.revocation_resubmit(
        revocation=r, evidence="补充证据", resubmitted_on=D(2023, 9, 7), actor=people["officer"]
    )
    assert r.status == "proposed" and r.legal_opinion == "" and r.evidence == "补充证据"
    revocation.revocation_withdraw(revocation=r, reason="当事人已补正", actor=people["chief"])
    assert r.status == "withdrawn"
    assert propose(r.entity, people["chief"], on=D(2023, 9, 8)).status == "proposed"  # a new proposal is possible


def test_不予批准须写明理由_登记不变(make_entity, people):
    r = propose(make_entity("enterprise"), people["chief"])
    review(r, people["legal"])
    with pytest.raises(DomainError) as exc:
        revocation.revocation_decide(
            revocation=r, approve=False, note=" ", decided_on=D(2023, 9, 10), actor=people["leader"]
        )
    assert exc.value.code == "cell.required"
    revocation.revocation_decide(
        revocation=r, approve=False, note="证据不足", decided_on=D(2023, 9, 10), actor=people["leader"]
    )
    assert r.status == "refused" and r.number == ""
    assert MarketEntity.objects.get(pk=r.entity_id).status == "active" and not CreditChange.objects.exists()


def test_日期不能早于上一步_不能晚于今天(make_entity, people):
    r = propose(make_entity("enterprise"), people["chief"], on=D(2023, 9, 10))
    with pytest.raises(DomainError) as exc:
        review(r, people["legal"], on=D(2023, 9, 9))
    assert exc.value.code == "date.too_early"
    with pytest.raises(DomainError) as exc:
        propose(make_entity("enterprise"), people["chief"], on=D(2099, 1, 1))
    assert exc.value.code == "date.future"


def test_证据必填_办理中不能重复提出_已撤销不能再提出(make_entity, people):
    entity = make_entity("enterprise")
    with pytest.raises(DomainError) as exc:
        revocation.revocation_propose(entity=entity, evidence="  ", proposed_on=D(2023, 9, 1), actor=people["chief"])
    assert exc.value.code == "cell.required"
    r = propose(entity, people["chief"])
    with pytest.raises(DomainError) as exc:
        propose(entity, people["chief"])
    assert exc.value.code == "credit.revocation_open"
    review(r, people["legal"])
    revocation.revocation_decide(revocation=r, approve=True, note="", decided_on=D(2023, 9, 10), actor=people["leader"])
    with pytest.raises(DomainError) as exc:
        propose(MarketEntity.objects.get(pk=entity.pk), people["chief"])
    assert exc.value.code == "credit.already_revoked"


def test_两人同时办理_只有一人成功(make_entity, people, make_user):
    r = propose(make_entity("enterprise"), people["chief"])
    seen = r.revision
    review(r, people["legal"])
    stale = IdentityMisuseRevocation.objects.get(pk=r.pk)
    with pytest.raises(DomainError) as exc:
        revocation.revocation_legal_review(
            revocation=stale, passed=False, opinion="另一意见", reviewed_on=D(2023, 9, 5),
            actor=make_user("legal_reviewer", username="legal2"), expected_revision=seen,
        )  # fmt: skip
    assert exc.value.code == "concurrency.stale"


def test_年度指标只计批准生效的撤销(make_entity, people):
    effective = propose(make_entity("enterprise"), people["chief"])
    review(effective, people["legal"])
    revocation.revocation_decide(
        revocation=effective, approve=True, note="", decided_on=D(2023, 12, 31), actor=people["leader"]
    )
    propose(make_entity("enterprise"), people["chief"])  # still open
    assert selectors.revocations_count(2023) == 1 and selectors.revocations_count(2024) == 0


def test_页面_其他所科室负责人提交撤销得到404_公示不变(client, make_entity, people):
    entity = make_entity("enterprise")
    client.force_login(people["other_chief"])
    response = client.post(reverse("credit:entity_revoke", args=[entity.pk]), {"evidence": "x", "on": "2023-09-01"})
    assert response.status_code == 404 and not IdentityMisuseRevocation.objects.exists()


def test_页面_三步办理_生效前公示页不显示(client, make_entity, people):
    entity = make_entity("enterprise")
    client.force_login(people["chief"])
    response = client.post(
        reverse("credit:entity_revoke", args=[entity.pk]), {"evidence": "公安核查", "on": "2023-09-01"}
    )
    r = IdentityMisuseRevocation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("credit:revocation", args=[r.pk])
    public = reverse("publicity:public_credit:entity", args=[entity.pk])
    visitor = Client()
    assert "依法撤销" not in visitor.get(public).content.decode()
    client.force_login(people["legal"])
    page = client.get(reverse("credit:revocation", args=[r.pk])).content.decode()
    assert "法制审核：通过" in page and "局领导批准撤销" not in page
    response = client.post(
        reverse("credit:revocation_legal_pass", args=[r.pk]),
        {"legal_pass-opinion": "同意", "legal_pass-on": "2023-09-05", "legal_pass-revision": r.revision},
    )
    assert response.status_code == 302
    client.force_login(people["leader"])
    r.refresh_from_db()
    response = client.post(
        reverse("credit:revocation_approve", args=[r.pk]),
        {"approve-note": "", "approve-on": "2023-08-01", "approve-revision": r.revision},
    )
    assert response.status_code == 400 and "早于" in response.content.decode()  # before the legal review
    response = client.post(
        reverse("credit:revocation_approve", args=[r.pk]),
        {"approve-note": "", "approve-on": "2023-09-10", "approve-revision": r.revision},
    )
    assert response.status_code == 302
    assert "依法撤销" in visitor.get(public).content.decode()
    page = client.get(reverse("credit:revocation", args=[r.pk])).content.decode()
    assert "局领导批准（撤销决定生效）" in page and "法制审核：通过" not in page
