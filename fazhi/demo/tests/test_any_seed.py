"""The demo works for any seed: three small districts from seeds nobody tuned to, each near the seed figures.

Each run goes through every generator (the services where they use them); the metrics of the report year must
land within the tolerance of ``fazhi/demo/seed_figures.yaml`` (see ``fazhi.demo.figures``), and no registered
metric may be without data. The year before must be there too (the annual report compares the two): every seed
figure present, not empty and plausible (``figures.compare_previous``). In both years every figure opens the records
it counts: a count is the number of its records (except the few that add up a quantity per record, listed by hand),
an amount or a rate that is not 0 lists the records it was computed from, and each record reads as a line with a link.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from fazhi.core import audit_labels
from fazhi.core.metrics import METRICS, compute_all
from fazhi.core.models import AuditEvent
from fazhi.demo import figures
from fazhi.demo.context import DemoContext

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("seed", [11, 4242, 90210])
def test_small_district_lands_near_the_seed_figures(seed, tmp_path):
    call_command(
        "demo", "--no-serve", "--scale", "small", "--seed", str(seed), "--force", stdout=io.StringIO(), verbosity=0
    )
    values = compute_all(DemoContext().year)
    assert [m for m, v in values.items() if v is None] == []
    deviations = figures.compare(values, "small")
    assert not deviations, "\n".join(str(d) for d in deviations)
    previous = compute_all(DemoContext().year - 1)
    deviations = figures.compare_previous(previous, "small")
    assert not deviations, "上年：\n" + "\n".join(str(d) for d in deviations)
    assert _records_disagreeing({DemoContext().year: values, DemoContext().year - 1: previous}) == []
    # The annual report the bureau files (issue #18, its checks): every figure of the reference report is computed,
    # nothing is missing, the four parts in the order of the 规定.
    assert figures.unbuilt(values) == []
    out = tmp_path / "report.json"
    year = str(DemoContext().year)
    call_command("report", "annual", "--year", year, "--format", "json", "--out", str(out), stdout=io.StringIO())
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["missing"] == []
    assert [part["title"] for part in report["outline"]] == [
        "一、主要工作举措及成效", "二、切实履行推进法治建设第一责任人职责", "三、存在的不足", "四、下一步工作安排",
    ]  # fmt: skip
    # Every action the generators wrote through the services has a Chinese name on the audit screen (issue 14 §6).
    written = AuditEvent.objects.values_list("action", flat=True).distinct()
    assert sorted(a for a in written if audit_labels.action_label(a) is None) == []


# Counts that add up a quantity of each record instead of counting the records (人次, 条, attendances).
SUMS = {"inspections.joint.inspector_visits", "publicity.online_posts", "training.lecture_attendance"}


def _records_disagreeing(values_by_year: dict[int, dict]) -> list[str]:
    out = []
    for year, values in values_by_year.items():
        for metric_id, metric in sorted(METRICS.items()):
            assert metric.records is not None, metric_id  # the catalogue test says why
            records = metric.records(year)
            n, value = records.count(), values[metric_id]
            if metric.unit == "count" and metric_id not in SUMS:
                if n != value:
                    out.append(f"{year} {metric_id}: 数字 {value}，记录 {n} 条")
            elif value and not n:  # an amount, a rate or a change with a value lists what it was computed from
                out.append(f"{year} {metric_id}: 数字 {value}，没有记录")
            for record in records[:3]:
                assert str(record) and record.get_absolute_url().startswith("/"), metric_id
    return out


def test_the_figures_file_matches_the_expectations_by_hand():
    """Spot checks written from the seed report: a district figure scales, a bureau figure does not."""
    assert figures.expected("complaints.received", "full") == 12078
    assert round(figures.expected("complaints.received", "small")) == 235  # 12078 × 2000 / 102833 = 234.9
    assert figures.expected("powers.total", "small") == 456
    assert figures.expected("credit.serious_list_added", "small") == 1  # 1 × 0.019, at least one
    assert (
        figures.tolerance("complaints.on_time_rate", "small", figures.expected("complaints.on_time_rate", "small"))
        == 1.5
    )
    # The year before: a designed figure scales like its report-year figure; the others are held near the latter.
    assert figures.expected("credit.abnormal_listed.enterprises_no_annual_report", "full", previous=True) == 6120
    assert figures.expected("powers.adjusted", "small", previous=True) == 40
