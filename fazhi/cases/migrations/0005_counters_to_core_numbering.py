"""Move the cases module's number counters to the one numbering service (core NumberCounter, scope ``cases.<kind>``)
keeping every number already issued, and fill the new step-date and next-step columns of existing cases
(and mark the legal reviews recorded so far as major-decision reviews).

Numbers: each (kind, year) counter becomes the core counter ``cases.<kind>`` for that year at the same last number
(or higher, if the core counter already went further), so the next number continues the series without a gap or
a duplicate. The reverse copies them back.
"""

from django.db import migrations
from django.db.models import F

DATE_FIELDS = (
    "filed_on",
    "notified_on",
    "hearing_requested_on",
    "hearing_notified_on",
    "decided_on",
    "served_on",
    "paid_on",
    "closed_on",
    "archived_on",
)
OPEN_STATES = (
    "investigating",
    "suspended",
    "case_review",
    "legal_review",
    "reviewed",
    "notified",
    "hearing",
    "statement_closed",
    "final_legal_review",
    "awaiting_decision",
)


def forwards(apps, schema_editor):
    DocumentCounter = apps.get_model("cases", "DocumentCounter")
    NumberCounter = apps.get_model("core", "NumberCounter")
    for counter in DocumentCounter.objects.all():
        scope = f"cases.{counter.kind}"
        row, _ = NumberCounter.objects.get_or_create(scope=scope, year=counter.year, defaults={"last": 0})
        if row.last < counter.last:
            row.last = counter.last
            row.save(update_fields=["last"])
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.only("id", *DATE_FIELDS).iterator(chunk_size=2000):
        dates = [getattr(case, name) for name in DATE_FIELDS if getattr(case, name) is not None]
        if dates:
            Case.objects.filter(pk=case.pk).update(last_step_on=max(dates))
    Case.objects.filter(state__in=OPEN_STATES).update(next_due_on=F("handling_due_on"), next_role="handler")
    Case.objects.filter(state__in=OPEN_STATES, handling_due_on__isnull=False).update(queue_due=F("handling_due_on"))
    # Reviews recorded before uncertainty criteria existed were all on the major-decision catalogue.
    apps.get_model("cases", "LegalReview").objects.update(major_decision=True)


def backwards(apps, schema_editor):
    DocumentCounter = apps.get_model("cases", "DocumentCounter")
    NumberCounter = apps.get_model("core", "NumberCounter")
    for row in NumberCounter.objects.filter(scope__startswith="cases."):
        kind = row.scope.removeprefix("cases.")
        DocumentCounter.objects.update_or_create(kind=kind, year=row.year, defaults={"last": row.last})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_procedure_approvals_rights"),
        ("core", "0002_number_counter"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="DocumentCounter"),
    ]
