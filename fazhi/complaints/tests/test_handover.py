"""举报 → 案件线索 (issue 11 finding 6): every field travels, both records link, one verification clock, loud failure.

The one clock: 市场监督管理行政处罚程序规定 Art. 18 — clues from 举报 are verified within 15 working days "自……
收到材料之日起" and the 负责人 decides whether to 立案; Order No. 20 Art. 31(1) sends tips to those rules.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.cases import selectors as case_selectors
from fazhi.cases import services as case_services
from fazhi.cases.models import Clue
from fazhi.complaints import selectors, services
from fazhi.complaints.models import Complaint
from fazhi.core.errors import DomainError
from fazhi.deadlines.models import TrackedDeadline

pytestmark = pytest.mark.django_db


def _tip(register, **extra):
    (tip,) = register(kind="tip", **extra)
    return tip


def test_移交的线索带上被举报主体_当事人类型_事实和证据(register, entity, officer):
    upload = SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff photo bytes", content_type="image/jpeg")
    tip = _tip(
        register,
        respondent_uscc=entity.uscc,
        respondent_name="",
        description="该超市销售过期牛奶",
        amount_in_dispute="56.00",
        attachments=[upload],
    )
    tip = services.tip_hand_over(tip=tip, on=dt.date(2023, 6, 5), actor=officer)
    clue = tip.clue
    assert tip.status == "handed_over" and tip.handover_reference == clue.number
    assert clue.entity_id == entity.pk
    assert (clue.party_kind, clue.party_name, clue.party_identifier, clue.party_address) == (
        "organisation",
        entity.name,
        entity.uscc,
        entity.domicile,
    )
    assert "该超市销售过期牛奶" in clue.description and "56.00" in clue.description and "食品安全" in clue.description
    (material,) = clue.materials
    assert material["name"] == "现场照片.jpg" and material["sha256"] == tip.attachments.get().sha256
    assert material["url"] == reverse("complaints:attachment", args=[tip.pk, tip.attachments.get().pk])
    assert (clue.source_kind, clue.source_ref, clue.reporter_name) == ("tip", tip.number, "张三")
    assert clue.department_id == tip.department_id and clue.received_on == tip.received_on


def test_立案表单从线索带出当事人_公司不是自然人(register, entity, shop, officer):
    company = services.tip_hand_over(
        tip=_tip(register, respondent_uscc=entity.uscc), on=dt.date(2023, 6, 2), actor=officer
    )
    initial = case_selectors.clue_file_initial(company.clue)
    assert initial["party_kind"] == "organisation" and initial["party_name"] == entity.name
    assert initial["party_id_number"] == entity.uscc and initial["party_address"] == entity.domicile
    person = services.tip_hand_over(
        tip=_tip(register, respondent_uscc=shop.uscc), on=dt.date(2023, 6, 2), actor=officer
    )
    assert case_selectors.clue_file_initial(person.clue)["party_kind"] == "natural_person"  # 个体工商户


def test_移交不另起一个核查期限_沿用收到举报之日起算的期限(register, officer):
    # Received Thu 2023-06-01: the 15 working days run from that day, whenever the hand-over happens.
    tip = _tip(register, received_on=dt.date(2023, 6, 1), respondent_kind="organisation")
    own_due = tip.decision_due_on
    tip = services.tip_hand_over(tip=tip, on=dt.date(2023, 6, 15), actor=officer)  # ten working days later
    assert tip.clue.verification_due_on == own_due  # not 2023-06-15 + 15 working days
    assert tip.clue.received_on == dt.date(2023, 6, 1)
    deadlines = TrackedDeadline.objects.filter(owner_type="cases.clue", owner_id=str(tip.clue_id))
    assert deadlines.count() == 1 and deadlines.get().due_on == own_due
    assert tip.due_on is None  # the clock now runs in the cases module only
    assert not Complaint.objects.filter(kind="tip", due_on__isnull=False).exists()


def test_已移交的举报不能再次移交(register, officer):
    tip = services.tip_hand_over(
        tip=_tip(register, respondent_kind="organisation"), on=dt.date(2023, 6, 2), actor=officer
    )
    with pytest.raises(DomainError) as exc:
        services.tip_hand_over(tip=tip, on=dt.date(2023, 6, 3), actor=officer)
    assert exc.value.code == "complaints.transition_forbidden"


def test_匿名举报不移交举报人信息(register, officer):
    tip = _tip(register, consumer_name="", consumer_phone="", real_name=False, respondent_kind="organisation")
    tip = services.tip_hand_over(tip=tip, on=dt.date(2023, 6, 2), actor=officer)
    assert tip.clue.reporter_name == "" and tip.clue.reporter_contact == ""


def test_不知道被举报方类型的不能移交(register, officer):
    tip = _tip(register)  # a name only, no code, no kind chosen
    with pytest.raises(DomainError) as exc:
        services.tip_hand_over(tip=tip, on=dt.date(2023, 6, 2), actor=officer)
    assert (exc.value.code, exc.value.field) == ("complaints.respondent_kind_required", "respondent_kind")
    tip.refresh_from_db()
    assert tip.status == "received"


@pytest.mark.parametrize("failure", [DomainError("cases.boom", "线索登记失败"), TypeError("programming error")])
def test_案件模块拒绝或出错时移交失败_举报仍待处理(register, officer, monkeypatch, failure):
    tip = _tip(register, respondent_kind="organisation")

    def broken(**kwargs):
        raise failure

    monkeypatch.setattr(case_services, "clue_register", broken)
    with pytest.raises(type(failure)):
        services.tip_hand_over(tip=tip, on=dt.date(2023, 6, 2), actor=officer)
    tip.refresh_from_db()
    assert tip.status == "received" and tip.clue_id is None and tip.due_on is not None


def test_举报页和线索页互相链接_举报页显示线索的进展(client, register, entity, officer, role_users):
    tip = services.tip_hand_over(tip=_tip(register, respondent_uscc=entity.uscc), on=dt.date(2023, 6, 2), actor=officer)
    client.force_login(officer)
    html = client.get(reverse("complaints:detail", args=[tip.pk])).content.decode()
    assert "已移交" in html and reverse("cases:clue_detail", args=[tip.clue_id]) in html and tip.clue.number in html
    assert "负责人决定是否立案" in html  # who acts next, in the cases module
    clue_html = client.get(reverse("cases:clue_detail", args=[tip.clue_id])).content.decode()
    back = reverse("complaints:by_number", args=[tip.number])
    assert back in clue_html and entity.name in clue_html and "法人或其他组织" in clue_html
    assert client.get(back)["Location"] == reverse("complaints:detail", args=[tip.pk])


def test_线索决定后举报页显示结果_实名举报人告知期限(register, entity, officer):
    tip = services.tip_hand_over(tip=_tip(register, respondent_uscc=entity.uscc), on=dt.date(2023, 6, 2), actor=officer)
    # The 不予立案 decision is the cases module's own step (with its approval); only its recorded result matters here.
    Clue.objects.filter(pk=tip.clue_id).update(
        status="not_filed", decided_on=dt.date(2023, 6, 9), decision_reason="经核查未发现违法行为"
    )
    tip.refresh_from_db()
    clue = selectors.clue_of(tip)
    step = selectors.next_step(tip, clue=clue, today=dt.date(2023, 6, 30))
    assert clue["status"] == "not_filed" and "告知实名举报人" in step["what"]
    assert step["due"] == dt.date(2023, 6, 16)  # 5 working days after 06-09 (Order No. 20 Art. 31(2))
    assert selectors.on_time_counts(2023) == (1, 0)  # the reporter was not told
    clue_obj = tip.clue
    clue_obj.refresh_from_db()
    case_services.clue_notify_reporter(clue=clue_obj, on=dt.date(2023, 6, 12), text="经核查不予立案", actor=officer)
    assert selectors.on_time_counts(2023) == (1, 1)
    assert selectors.next_step(tip, clue=selectors.clue_of(tip), today=dt.date(2023, 6, 30))["done"]


def test_附件仅本部门可下载(client, register, officer, make_user, other_department):
    tip = _tip(register, attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")])
    att = tip.attachments.get()
    url = reverse("complaints:attachment", args=[tip.pk, att.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    client.force_login(make_user("officer", dept=other_department, username="outsider"))
    assert client.get(url).status_code == 404


def test_附件超过20MB被拒绝(register):
    big = SimpleUploadedFile("big.bin", b"0" * (20 * 1024 * 1024 + 1))
    with pytest.raises(DomainError) as exc:
        _tip(register, attachments=[big])
    assert exc.value.code == "complaints.attachment_too_large"
    assert not Complaint.objects.exists()


def test_调解中发现的违法线索移交案件_自发现之日起核查(register, entity, officer):
    (c,) = register(respondent_uscc=entity.uscc)
    c = services.complaint_accept(complaint=c, on=dt.date(2023, 6, 2), actor=officer)
    c = services.mediation_start(complaint=c, method="on_site", actor=officer)
    with pytest.raises(DomainError) as exc:
        services.complaint_report_violation(complaint=c, on=dt.date(2023, 6, 8), facts="", actor=officer)
    assert (exc.value.code, exc.value.field) == ("cell.required", "facts")
    c = services.complaint_report_violation(
        complaint=c, on=dt.date(2023, 6, 8), facts="现场发现该店销售过期食品 12 瓶", actor=officer
    )
    assert c.status == "mediating" and c.due_on == c.mediation_due_on  # the mediation goes on
    clue = c.clue
    assert (clue.source_kind, clue.source_ref, clue.received_on) == ("complaint", c.number, dt.date(2023, 6, 8))
    assert clue.entity_id == entity.pk and clue.party_kind == "organisation" and "过期食品" in clue.description
    assert clue.verification_due_on == dt.date(2023, 6, 30)  # 15 WD from discovery (端午 06-22…24 off, 06-25 worked)
    with pytest.raises(DomainError) as exc:
        services.complaint_report_violation(complaint=c, on=dt.date(2023, 6, 9), facts="又一条", actor=officer)
    assert exc.value.code == "complaints.clue_exists"
