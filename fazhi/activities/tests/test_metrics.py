"""study.*, meetings.*, training.lecture_* and publicity.* over hand-built records on both sides of 1 January.

Each expected number is counted by hand from the fixture below, not by the code."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.activities import services
from fazhi.activities.models import TypicalCase
from fazhi.core.metrics import compute_all

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def year_end(clerk, staff, settings, department, recorder):
    settings.FAZHI_LEGAL_TODAY = "2024-01-15"
    s, head = staff["section"], staff["head"]

    def rec(kind, on, **kw):
        base = {"department": s, "held_on": on, "title": kind, "actor": clerk}
        if kind in ("cadre_study", "pre_meeting"):
            base["laws_studied"] = ["行政处罚法"]
        if kind in ("lecture", "training"):
            base["speaker"] = "主讲人"
        return services.session_record(kind=kind, **{**base, **kw})

    # 中心组：法治专题 2022-12-31、2023-01-01、2023-12-31（3 次法治专题，2023 年 2 次）；非法治专题 2023-06-01
    for on in (D(2022, 12, 31), D(2023, 1, 1), D(2023, 12, 31)):
        rec("central_group", on, rule_of_law=True, laws_studied=["习近平法治思想"])
    rec("central_group", D(2023, 6, 1))
    # 党委会：2023 年 3 次，其中 2 次主要负责人主持、1 次听取法治工作；2024-01-01 一次
    rec("party_committee", D(2023, 1, 1), chair=head, chair_is_principal=True, rule_of_law=True)
    rec("party_committee", D(2023, 5, 1), chair=head, chair_is_principal=True)
    rec("party_committee", D(2023, 8, 1), chair=staff["clerk"])  # 副职主持，不计入 meetings.party_committee
    rec("party_committee", D(2024, 1, 1), chair=head, chair_is_principal=True, rule_of_law=True)
    # 局长办公会 2023-12-31（主要负责人主持，会前学法 1 次）；党委会前的会前学法不计入 study.pre_meeting
    office = rec("directors_office", D(2023, 12, 31), chair=head, chair_is_principal=True)
    rec("pre_meeting", D(2023, 12, 31), meeting=office)
    committee = rec("party_committee", D(2023, 3, 3), chair=head, chair_is_principal=True)
    rec("pre_meeting", D(2023, 3, 3), meeting=committee)
    # 干部学法：2022-12-31 一次、2023 两次
    for on in (D(2022, 12, 31), D(2023, 2, 1), D(2023, 12, 1)):
        rec("cadre_study", on)
    # 讲座：系列内 2023 两期（出席 2 人 + 外单位 10 人；出席 1 人 + 0）、系列外 1 期、2022 系列 1 期
    series = services.series_create(title="业务知识大讲堂", year=2023, department=s, actor=clerk)
    first = rec("lecture", D(2023, 1, 1), series=series, other_attendees=10)
    services.attendance_set(session=first, statuses={head.pk: "present", staff["clerk"].pk: "present",
                                                     staff["a"].pk: "leave"}, actor=clerk)  # fmt: skip
    second = rec("training", D(2023, 12, 31), series=series)
    services.attendance_set(session=second, statuses={head.pk: "present", staff["clerk"].pk: "absent"}, actor=clerk)
    rec("lecture", D(2023, 7, 7))  # 不属于系列
    old = services.series_create(title="业务知识大讲堂", year=2022, department=s, actor=clerk)
    rec("lecture", D(2022, 12, 31), series=old, other_attendees=50)
    # 宣传：微信 2023 两期（3 条、1 条）、2022-12-31 一期；微博 1、官网 1；媒体：国家级 1、市级 1、区级 1
    pub = {"department": s, "actor": clerk, "url": "https://example.gov.cn/a"}
    services.publicity_record(channel="wechat", published_on="2023-01-01", title="一", article_count=3, **pub)
    services.publicity_record(channel="wechat", published_on="2023-12-31", title="二", article_count=1, **pub)
    services.publicity_record(channel="wechat", published_on="2022-12-31", title="旧", article_count=8, **pub)
    services.publicity_record(channel="weibo", published_on="2023-05-05", title="微博", **pub)
    services.publicity_record(channel="website", published_on="2023-05-06", title="官网", **pub)
    for level in ("national", "city", "district"):
        services.publicity_record(channel="media", published_on="2023-09-09", title=level, outlet="报", outlet_level=level,
                                  **pub)  # fmt: skip


def test_学法(year_end):
    values = compute_all(2023, only="study.")
    assert values == {
        "study.party_group_sessions": 2,
        "study.committee_briefings": 1,
        "study.cadre_sessions": 2,
        "study.pre_meeting_sessions": 1,
    }
    assert compute_all(2022, only="study.")["study.party_group_sessions"] == 1
    assert compute_all(2024, only="study.")["study.committee_briefings"] == 1


def test_会议_只计主要负责人主持的(year_end):
    assert compute_all(2023, only="meetings.") == {"meetings.party_committee": 3, "meetings.directors_office": 1}


def test_讲座期数与人次_出席加其他参加人次(year_end):
    values = compute_all(2023, only="training.lecture")
    assert values == {"training.lecture_sessions": 2, "training.lecture_attendance": 13}  # (2 + 10) + (1 + 0)
    assert compute_all(2022, only="training.lecture") == {
        "training.lecture_sessions": 1,
        "training.lecture_attendance": 50,
    }


def test_宣传(year_end):
    values = compute_all(2023, only="publicity.")
    assert values["publicity.wechat_issues"] == 2
    assert values["publicity.online_posts"] == 6  # 3 + 1 + 1 + 1
    assert values["publicity.media_articles"] == 2  # 国家级、市级
    assert compute_all(2022, only="publicity.")["publicity.online_posts"] == 8


def test_典型案例按发布日期计_撤回不影响(year_end, closed_case, recorder, reviewer, settings):
    closed_case.closed_on = D(2022, 6, 1)
    closed_case.save(update_fields=["closed_on"])
    for on in ("2022-12-31", "2023-01-01"):
        settings.FAZHI_LEGAL_TODAY = on
        case = services.typical_draft(case_id=closed_case.pk, actor=recorder)
        services.typical_update(case=case, expected_revision=case.revision, actor=recorder, title="案", facts="案情",
                                analysis="分析", legal_basis="")  # fmt: skip
        services.typical_submit(case=case, expected_revision=case.revision, actor=recorder)
        services.typical_approve(case=case, opinion="", expected_revision=case.revision, actor=reviewer)
    last = TypicalCase.objects.get(published_on=D(2023, 1, 1))
    settings.FAZHI_LEGAL_TODAY = "2023-06-01"
    services.typical_withdraw(case=last, reason="撤销", expected_revision=last.revision, actor=reviewer)
    assert compute_all(2023, only="publicity.typical")["publicity.typical_cases"] == 1
    assert compute_all(2022, only="publicity.typical")["publicity.typical_cases"] == 1


def test_每个指标列出所计记录_与口径一致(year_end):
    """The annual report opens each figure's records: the same conditions as the figure, by hand from the fixture."""
    from fazhi.core.metrics import METRICS

    def titles(metric):
        records = METRICS[metric].records
        assert records is not None and METRICS[metric].definition, metric
        return sorted(str(r) for r in records(2023))

    assert titles("study.party_group_sessions") == ["2023-01-01 党委理论学习中心组学习 central_group",
                                                   "2023-12-31 党委理论学习中心组学习 central_group"]  # fmt: skip
    assert titles("study.pre_meeting_sessions") == ["2023-12-31 会前学法 pre_meeting"]
    assert len(titles("meetings.party_committee")) == 3
    assert titles("training.lecture_sessions") == ["2023-01-01 讲座 lecture", "2023-12-31 培训 training"]
    assert titles("publicity.media_articles") == ["2023-09-09 报：city", "2023-09-09 报：national"]
    assert titles("publicity.online_posts") == ["2023-01-01 政务微信：一（3 条）", "2023-05-05 政务微博：微博",
                                                "2023-05-06 局官网：官网", "2023-12-31 政务微信：二"]  # fmt: skip
    first = METRICS["study.cadre_sessions"].records(2023).first()  # type: ignore[misc]
    assert first.get_absolute_url() == f"/activities/sessions/{first.pk}/"


def test_本年度无该类会议或稿件_为无记录_有该类记录但不计_为零(year_end, clerk, staff, settings):
    """2021 holds nothing (None); 2025 holds one session or article of each kind that the figures do not count
    (not on the rule of law, not chaired by the principal, a pre-meeting study before a party committee meeting, a
    district outlet): 0; 2023 counts by hand from the fixture. Cadre study keeps its 0 in an empty year."""
    from fazhi.core.metrics import METRICS

    settings.FAZHI_LEGAL_TODAY = "2025-12-31"

    def rec(kind, **kw):
        base = {"department": staff["section"], "held_on": D(2025, 3, 3), "title": kind, "actor": clerk}
        if kind == "pre_meeting":
            base["laws_studied"] = ["行政处罚法"]
        return services.session_record(kind=kind, **{**base, **kw})

    rec("central_group")
    committee = rec("party_committee", chair=staff["clerk"])
    rec("pre_meeting", meeting=committee)
    rec("directors_office", chair=staff["clerk"])
    services.publicity_record(channel="media", published_on="2025-03-03", title="区", outlet="报",
                              outlet_level="district", department=staff["section"], actor=clerk,
                              url="https://example.gov.cn/a")  # fmt: skip
    expected = {
        "study.party_group_sessions": 2,
        "study.committee_briefings": 1,
        "study.pre_meeting_sessions": 1,
        "meetings.party_committee": 3,
        "meetings.directors_office": 1,
        "publicity.media_articles": 2,
    }
    for metric_id, in_2023 in expected.items():
        assert [METRICS[metric_id].value(y) for y in (2021, 2025, 2023)] == [None, 0, in_2023], metric_id
    assert METRICS["study.cadre_sessions"].value(2021) == 0
