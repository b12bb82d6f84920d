"""Issue 13 §1: when a year's schedule is imported, the due dates other modules keep on their own records move in the
same pass — copies of tracked deadlines (credit applications) and clocks a module computes itself (complaints) —
audited per record and counted in the report. Expected dates counted by hand from the schedule below."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from fazhi.complaints.models import Complaint
from fazhi.core.models import AuditEvent
from fazhi.credit import services as credit_services
from fazhi.deadlines.models import TrackedDeadline
from fazhi.registry.models import MarketEntity
from fazhi.rulebook.identifiers import make_uscc

D = dt.date

# Written by hand for the test: 元旦 on Friday 1 January and (an assumed 调休) Monday 4 January, made up on
# Saturday 9 January. So the working days after Monday 2026-12-28 are 29, 30, 31 December, 5, 6, 7, 8 January …
FILE_2027 = """\
year: 2027
notice_number: 国办发明电〔2026〕9号
citation:
  instrument: 国务院办公厅关于2027年部分节假日安排的通知
  article: 全文
status: TEXT
last_verified_on: 2026-12-01
holidays:
  2027-01-01: 元旦
  2027-01-04: 元旦
  2027-02-05: 春节
  2027-02-06: 春节
  2027-02-07: 春节
  2027-02-08: 春节
  2027-02-09: 春节
  2027-02-10: 春节
  2027-02-11: 春节
makeup_working_days:
  2027-01-09: 元旦
"""


def _complaint(number: str, **fields) -> Complaint:
    base = dict(kind="complaint", channel="12315", received_on=D(2026, 12, 28), status="received")
    base.update(fields)
    return Complaint.objects.create(number=number, **base)


@pytest.mark.django_db
def test_导入年度安排后_业务记录上保存的期限一并重算并逐条留痕(tmp_path: Path, make_user, department, settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-30"
    admin = make_user("admin", username="calendar-admin")
    # A complaint received on Monday 2026-12-28 with the acceptance date stored before the notice (7 working days,
    # counting 4 January as a working day: 2027-01-07). With the schedule: 29, 30, 31, 5, 6, 7, 8 → 2027-01-08.
    waiting = _complaint("T-1", decision_due_on=D(2027, 1, 7), due_on=D(2027, 1, 7), department=department)
    # Not open: a refused complaint keeps its dates; a running testing period keeps the clock stopped.
    refused = _complaint(
        "T-2", status="refused", decision_due_on=D(2027, 1, 7), closing_due_on=D(2027, 1, 7), department=department
    )
    testing = _complaint(
        "T-3", status="mediating", decided_on=D(2026, 12, 28), mediation_due_on=D(2027, 3, 1),
        testing_since=D(2026, 12, 29), department=department,
    )  # fmt: skip
    # A removal application to the abnormal list: 5 working days (abnormal_list.removal_decision) from 2026-12-28,
    # copied onto the application's due_on. With the schedule: 29, 30, 31, 5, 6 → 2027-01-06.
    entity = MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", "07654321"), name="天津测试重算有限公司", kind="enterprise",
        established_on=D(2020, 1, 1), office=department,
    )  # fmt: skip
    listing = credit_services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2026, 6, 1), basis_ref="", actor=None
    )
    application = credit_services.removal_apply(
        listing=listing, cure="address_fixed", received_on=D(2026, 12, 28), actor=None
    )
    tracked = TrackedDeadline.objects.get(owner_type="credit.listingapplication", owner_id=str(application.pk))
    assert application.due_on == tracked.due_on and tracked.provisional
    path = tmp_path / "2027.yaml"
    path.write_text(FILE_2027, encoding="utf-8")
    out = io.StringIO()
    call_command("calendar", "import", str(path), "--json", "--user", admin.username, stdout=out)
    data = json.loads(out.getvalue())

    waiting.refresh_from_db()
    assert waiting.decision_due_on == waiting.due_on == D(2027, 1, 8)
    refused.refresh_from_db()
    assert refused.decision_due_on == D(2027, 1, 7)
    testing.refresh_from_db()
    assert testing.mediation_due_on == D(2027, 3, 1) and testing.due_on is None
    tracked.refresh_from_db()
    application.refresh_from_db()
    assert tracked.due_on == application.due_on == D(2027, 1, 6) and not tracked.provisional

    copies = {c["label"]: c for c in data["copies"]}
    assert copies["投诉受理决定期限"]["moved"] == 1
    assert copies["经营异常名录移出申请、异议的办理期限"]["moved"] == 1
    assert data["copies_moved"] == sum(c["moved"] for c in data["copies"]) >= 2
    events = AuditEvent.objects.filter(action="deadlines.stored_due_recompute")
    assert {(e.object_type, e.object_id) for e in events} >= {
        ("complaints.complaint", str(waiting.pk)),
        ("credit.listingapplication", str(application.pk)),
    }
    moved = events.get(object_type="complaints.complaint", object_id=str(waiting.pk)).changes
    assert moved["decision_due_on"] == ["2027-01-07", "2027-01-08"] and "2027" in moved["reason"]


@pytest.mark.django_db
def test_记录已进入下一步的不被覆盖(tmp_path: Path, make_user, department, settings):
    """A copy is moved only where it still holds the tracked deadline's old date."""
    settings.FAZHI_LEGAL_TODAY = "2026-12-30"
    admin = make_user("admin", username="calendar-admin-2")
    entity = MarketEntity.objects.create(
        uscc=make_uscc("120110", "91", "07654322"), name="天津测试重算二有限公司", kind="enterprise",
        established_on=D(2020, 1, 1), office=department,
    )  # fmt: skip
    listing = credit_services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2026, 6, 1), basis_ref="", actor=None
    )
    application = credit_services.removal_apply(
        listing=listing, cure="address_fixed", received_on=D(2026, 12, 28), actor=None
    )
    type(application).objects.filter(pk=application.pk).update(due_on=D(2027, 2, 1))  # another step set it
    path = tmp_path / "2027.yaml"
    path.write_text(FILE_2027, encoding="utf-8")
    call_command("calendar", "import", str(path), "--user", admin.username, stdout=io.StringIO())
    application.refresh_from_db()
    assert application.due_on == D(2027, 2, 1)
