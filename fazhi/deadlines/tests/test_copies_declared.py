"""Issue 13 §1: every due date a module stores on its own records is declared (``fazhi.deadlines.copies``), and a
calendar import moves the ones counted by the calendar: disclosure replies and proactive disclosure (with the
"published late" mark), reconsideration answers, litigation defences, proposal replies, inspection result publicity
and clue verification. Dates below are counted by hand from the schedule in ``FILE_2027``."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from fazhi.cases import services as case_services
from fazhi.core.models import AuditEvent
from fazhi.deadlines import copies
from fazhi.deadlines.models import TrackedDeadline
from fazhi.disclosure import services as disclosure_services
from fazhi.inspections import services as inspection_services
from fazhi.inspections.models import InspectionTask, TaskStatus
from fazhi.inspections.tests.factories import make_world
from fazhi.legal_affairs import services as legal_services
from fazhi.normative_docs import services as normative_services
from fazhi.remedies import services as remedy_services

D = dt.date

# Dates that are counted by the deadline engine but are not named "…due…": declared by hand.
OTHER_COUNTED_DATES = {
    ("cases.Publication", "display_until"),
    ("credit.SeriousListing", "ends_on"),
    ("credit.SeriousListing", "bar_ends_on"),
}


def _stored_due_dates() -> set[tuple[str, str]]:
    out = set()
    for model in apps.get_models():
        if model._meta.app_label == "deadlines":
            continue  # the tracked deadlines themselves
        for f in model._meta.get_fields():
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField) and "due" in f.name:
                out.add((model._meta.label, f.name))
    return out


def test_每个业务记录上保存的期限都有声明():
    declared = copies.declared_fields()
    missing = sorted((_stored_due_dates() | OTHER_COUNTED_DATES) - set(declared))
    assert not missing, f"未声明的期限字段（在本模块 deadline_copies.py 中登记）：{missing}"


def test_声明的字段存在_复制的期限属于记录本身():
    for model_label, field in copies.declared_fields():
        model = apps.get_model(model_label)
        assert isinstance(model._meta.get_field(field), models.DateField), (model_label, field)
    for copy in copies.TRACKED:
        # the tracked deadline's owner is the record that holds the copy
        assert copy.owner_type == apps.get_model(copy.model)._meta.label_lower, copy
    for clock in copies.STORED:
        model = apps.get_model(clock.model)
        for name in (clock.start, clock.selecting, *(n for n in (clock.late, clock.done) if n)):
            model._meta.get_field(name)
    for unmoved in copies.UNMOVED:
        assert unmoved.reason, unmoved


# A schedule written for the test (not a real notice): 元旦 from 1 to 8 January without make-up days. Working days
# after Monday 2026-12-28: 29, 30, 31 December (1–3), 11–15 January (4–8), 18–22 (9–13), 25–29 (14–18), 1, 2
# February (19, 20). Working days after Thursday 2026-12-10: 11 (1), 14–18 (2–6), 21–25 (7–11), 28–31 (12–15),
# 11–15 January (16–20).
FILE_2027 = """\
year: 2027
notice_number: 测试〔2026〕1号
citation:
  instrument: 测试用年度节假日安排
  article: 全文
status: TEXT
last_verified_on: 2026-12-01
holidays:
  2027-01-01: 元旦
  2027-01-04: 元旦
  2027-01-05: 元旦
  2027-01-06: 元旦
  2027-01-07: 元旦
  2027-01-08: 元旦
makeup_working_days: {}
"""


@pytest.mark.django_db
def test_导入年度安排后_各模块保存的答复_答辩_公示期限随之重算(tmp_path: Path, role_users, department, settings):
    settings.FAZHI_LEGAL_TODAY = "2027-01-20"
    legal = role_users["legal_reviewer"]
    request = disclosure_services.request_register(
        department=department, applicant_name="张某", applicant_kind="natural_person", channel="in_person",
        submitted_on=D(2026, 12, 28), received_on=D(2026, 12, 28), content="本局2026年食品抽检不合格产品的处置情况",
        actor=legal,
    )  # fmt: skip
    document = disclosure_services.document_publish(
        department=department, title="关于规范登记的通知", category="normative", formed_on=D(2026, 12, 10),
        published_on=D(2027, 1, 11), actor=legal,
    )  # fmt: skip
    reconsideration = remedy_services.reconsideration_register(
        department=department, act_kind="complaint", act_description="对投诉不予受理决定不服", applicant_name="张某",
        applicant_kind="natural_person", applied_on=D(2026, 12, 21), accepted_on=D(2026, 12, 23),
        copy_received_on=D(2026, 12, 28), actor=legal,
    )  # fmt: skip
    lawsuit = remedy_services.lawsuit_register(
        department=department, act_kind="complaint", act_description="对举报答复不服", plaintiff_name="李某",
        plaintiff_kind="natural_person", court="天津市东丽区人民法院", court_case_number="（2026）津0110行初99号",
        complaint_received_on=D(2026, 12, 21), actor=legal,
    )  # fmt: skip
    proposal = legal_services.proposal_register(
        kind="cppcc", reference="第0123号", title="关于优化个体工商户登记的提案", proposer="王委员",
        department=department, assigned_on=D(2026, 10, 5), actor=legal,
    )  # fmt: skip
    clue = case_services.clue_register(
        source_kind="own_discovery", description="日常巡查发现无照经营", received_on=D(2026, 12, 28),
        department=department, actor=role_users["officer"],
    )  # fmt: skip
    normative = normative_services.document_draft(
        department=department, title="东丽区个体工商户扶持发展若干措施", drafted_on=D(2026, 12, 1),
        affects_business=False, actor=legal,
    )  # fmt: skip
    normative_services.legality_review(document=normative, on=D(2026, 12, 3), passed=True, opinion="合法", actor=legal)
    normative_services.collective_discussion(
        document=normative, on=D(2026, 12, 8), meeting="局长办公会", minutes="同意", actor=role_users["leader"]
    )
    normative = normative_services.document_issue(
        document=normative, on=D(2026, 12, 16), document_number="东市监规〔2026〕1号", actor=role_users["leader"]
    )
    world = make_world(department, role_users["section_chief"])
    InspectionTask.objects.filter(pk=world.task.pk).update(status=TaskStatus.IN_PROGRESS)
    world.task.refresh_from_db()
    task = inspection_services.task_finish(task=world.task, on=D(2026, 12, 28), actor=role_users["section_chief"])
    before = {
        "request": request.reply_due_on,
        "document": (document.due_on, document.published_late),
        "reconsideration": reconsideration.answer_due_on,
        "lawsuit": lawsuit.answer_due_on,
        "proposal": proposal.reply_due_on,
        "clue": clue.verification_due_on,
        "task": task.publicity_due_on,
        "normative": normative.filing_due_on,
    }
    # Each record holds its provisional tracked deadline (counted with the statutory skeleton, 4–8 January working).
    assert before["request"] == before["task"] and before["request"] is not None
    assert before["document"][1] is True  # 20 working days from 10 December end on 8 January provisionally

    path = tmp_path / "2027.yaml"
    path.write_text(FILE_2027, encoding="utf-8")
    out = io.StringIO()
    call_command("calendar", "import", str(path), "--json", "--user", role_users["admin"].username, stdout=out)
    data = json.loads(out.getvalue())

    for record in (request, document, reconsideration, lawsuit, proposal, clue, task, normative):
        record.refresh_from_db()
    assert request.reply_due_on == D(2027, 2, 2)  # 政府信息公开条例 Art. 33: 20 working days
    assert task.publicity_due_on == D(2027, 2, 2)  # 20 working days after the check ends
    assert reconsideration.answer_due_on == D(2027, 1, 19)  # 行政复议法 Art. 48: 10 working days
    assert clue.verification_due_on == D(2027, 1, 26)  # Order 2 Art. 18: 15 working days
    # 行政诉讼法 Art. 67: 15 days from 21 December end on Tuesday 5 January, a holiday in this schedule: the period
    # ends on the first working day after it (Art. 83 / 民事诉讼法 Art. 85), Monday 11 January.
    assert lawsuit.answer_due_on == D(2027, 1, 11)
    # 规范性文件报送备案 20 days from 16 December end on Tuesday 5 January, a holiday here: Monday 11 January.
    assert before["normative"] == D(2027, 1, 5) and normative.filing_due_on == D(2027, 1, 11)
    # Proposals: 3 months from 5 October end on Tuesday 5 January, a holiday here: Monday 11 January.
    assert proposal.reply_due_on == D(2027, 1, 11)
    # 条例 Art. 26: 20 working days from 10 December end on 15 January; published on 11 January: not late.
    assert (document.due_on, document.published_late) == (D(2027, 1, 15), False)
    for record, name in ((request, "reply_due_on"), (reconsideration, "answer_due_on"), (clue, "verification_due_on")):
        tracked = TrackedDeadline.objects.filter(owner_type=record._meta.label_lower, owner_id=str(record.pk))
        assert getattr(record, name) in {t.due_on for t in tracked if not t.provisional}

    moved = {c["label"]: c["moved"] for c in data["copies"]}
    for label in ("政府信息公开申请答复期限", "行政复议书面答复期限", "行政诉讼答辩期限", "抽查结果公示期限",
                  "线索核查期限", "主动公开期限", "建议提案答复期限", "规范性文件报送备案期限"):  # fmt: skip
        assert moved[label] == 1, (label, moved)
    event = AuditEvent.objects.get(
        action="deadlines.stored_due_recompute", object_type="disclosure.proactivedocument", object_id=str(document.pk)
    )
    assert event.changes["published_late"] == [True, False]
    assert event.changes["due_on"] == [before["document"][0].isoformat(), "2027-01-15"]
