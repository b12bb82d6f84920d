"""The responsibility list, events under calendar themes, publicity items."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.activities import services
from fazhi.core.errors import DomainError

pytestmark = pytest.mark.django_db
D = dt.date


def _code(call):
    with pytest.raises(DomainError) as info:
        call()
    return info.value.code


def _list(reviewer, staff, year=2023):
    rlist = services.responsibility_list_create(title=f"{year}年普法责任清单", year=year, actor=reviewer)
    services.responsibility_item_add(
        rlist=rlist, department=staff["section"], law_title="中华人民共和国食品安全法", audience="食品生产经营者",
        content="食品安全主体责任", methods="送法上门、以案释法", timing="全年", actor=reviewer,
    )  # fmt: skip
    return rlist


def test_清单印发后替代现行清单_印发后不能再改(reviewer, leader, staff):
    first = _list(reviewer, staff, 2022)
    services.responsibility_list_adopt(rlist=first, adopted_on=D(2022, 3, 1), document_number="东市监发〔2022〕5号",
                                       expected_revision=first.revision, actor=leader)  # fmt: skip
    second = services.responsibility_list_copy(
        source=first, title="2023年普法责任清单（修订）", year=2023, actor=reviewer
    )
    assert second.items.count() == 1
    assert _code(lambda: services.responsibility_list_adopt(rlist=second, adopted_on=D(2022, 2, 1), document_number="",
                                                            expected_revision=second.revision, actor=leader)) == (
        "date.too_early"
    )  # fmt: skip
    services.responsibility_list_adopt(rlist=second, adopted_on=D(2023, 3, 1), document_number="",
                                       expected_revision=second.revision, actor=leader)  # fmt: skip
    first.refresh_from_db()
    assert (first.status, first.superseded_on) == ("superseded", D(2023, 3, 1))
    assert _code(lambda: services.responsibility_item_add(
        rlist=second, department=staff["section"], law_title="x", audience="y", content="z", methods="w", actor=reviewer
    )) == "activities.list.state"  # fmt: skip


def test_空清单不能印发(reviewer, leader):
    rlist = services.responsibility_list_create(title="空", year=2023, actor=reviewer)
    assert _code(lambda: services.responsibility_list_adopt(rlist=rlist, adopted_on=D(2023, 3, 1), document_number="",
                                                            expected_revision=rlist.revision, actor=leader)) == (
        "activities.list.empty"
    )  # fmt: skip


def _event(actor, department, **over):
    values = dict(
        theme="constitution_week",
        title="宪法宣传周进社区",
        department=department,
        held_on=D(2023, 12, 4),
        audience="社区居民",
        audience_count=300,
        actor=actor,
    )
    values.update(over)
    return services.event_record(**values)  # fmt: skip


def test_官方期间外的主题活动被拒绝_本局口径外只提示(recorder, department):
    assert _event(recorder, department).theme_check["ok"] is True
    with pytest.raises(DomainError) as info:
        _event(recorder, department, held_on=D(2023, 11, 20))
    assert info.value.code == "activities.event.theme_date" and info.value.field == "held_on"
    warned = _event(recorder, department, theme="consumer_rights_day", held_on=D(2023, 4, 10), title="3·15回顾")
    assert warned.theme_check["warning"]
    assert _code(lambda: _event(recorder, department, theme="no_such_day")) == "education.unknown_theme"
    assert _code(lambda: _event(recorder, department, audience_count=-1)) == "number.range"


def test_其他部门的活动不能登记(recorder, other_department):
    assert _code(lambda: _event(recorder, other_department)) == "activities.department_scope"


@pytest.mark.parametrize(
    ("over", "code", "field"),
    [
        ({"url": "javascript:alert(1)"}, "activities.publicity.url", "url"),
        ({"url": ""}, "activities.publicity.url", "url"),
        ({"article_count": 9}, "number.range", "article_count"),
        ({"channel": "weibo", "article_count": 3}, "activities.publicity.count", "article_count"),
        ({"channel": "media", "url": "", "outlet": "", "article_count": 1}, "activities.publicity.outlet", "outlet"),
        (
            {"channel": "media", "outlet": "中国市场监管报", "outlet_level": "", "article_count": 1},
            "activities.publicity.outlet",
            "outlet_level",
        ),
        ({"published_on": "2024-01-01"}, "date.future", "published_on"),
        ({"channel": "fax"}, "activities.publicity.channel", "channel"),
    ],
)
def test_宣传信息校验(recorder, department, over, code, field):
    values = dict(
        channel="wechat",
        published_on="2023-03-15",
        title="3·15消费维权",
        url="https://mp.weixin.qq.com/s/x",
        article_count=3,
        department=department,
        actor=recorder,
    )
    values.update(over)
    with pytest.raises(DomainError) as info:
        services.publicity_record(**values)
    assert (info.value.code, info.value.field) == (code, field)  # fmt: skip


def test_媒体稿件不需要链接_网络信息保留条数(recorder, department):
    media = services.publicity_record(channel="media", published_on="2023-06-01", title="东丽区打造知识产权保护高地",
                                      outlet="中国知识产权报", outlet_level="national", department=department,
                                      actor=recorder)  # fmt: skip
    assert media.url == "" and media.article_count == 1
