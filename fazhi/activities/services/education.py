"""Legal education (普法): the 谁执法谁普法 responsibility list, events on the calendar, publicity items."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from fazhi.activities import workflow
from fazhi.activities.choices import Channel, ListStatus, OutletLevel
from fazhi.activities.models import (
    EducationEvent,
    PublicityItem,
    ResponsibilityItem,
    ResponsibilityList,
)
from fazhi.activities.services.common import own_department
from fazhi.core import revision, validation
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.clock import legal_today
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import education as calendar
from fazhi.rulebook.errors import RulebookError

MAX_WECHAT_ARTICLES = 8  # one WeChat push carries at most 8 articles (platform limit, not law)


# --- responsibility list ---------------------------------------------------------------------------------------


def _list_step(rlist: ResponsibilityList, event: workflow.ListEvent) -> None:
    try:
        workflow.list_next(rlist.status, event)
    except workflow.TransitionRefused as exc:
        raise DomainError("activities.list.state", f"清单当前为“{rlist.get_status_display()}”，不能执行此操作") from exc


def responsibility_list_create(*, title: Any, year: Any, actor: Any) -> ResponsibilityList:
    """A draft list (usually the year's revision of the previous one: ``copy_from`` copies its items)."""
    year_value = validation.bounded_int(year, field="year", minimum=2000, maximum=legal_today().year + 1)
    assert year_value is not None
    with transaction.atomic():
        rlist = ResponsibilityList.objects.create(
            title=validation.text(title, field="title", max_chars=100, required=True, what="清单名称"),
            year=year_value,
            created_by=actor,
        )
        audit_record(action="activities.list_create", target=rlist, actor=actor,
                     changes=snapshot(rlist, ["title", "year"]))  # fmt: skip
    return rlist


def responsibility_list_copy(*, source: ResponsibilityList, title: Any, year: Any, actor: Any) -> ResponsibilityList:
    """A new draft with the items of ``source`` (the way the bureau revises its list each year)."""
    with transaction.atomic():
        rlist = responsibility_list_create(title=title, year=year, actor=actor)
        ResponsibilityItem.objects.bulk_create(
            ResponsibilityItem(responsibility_list=rlist, department_id=i.department_id, law_title=i.law_title,
                               audience=i.audience, content=i.content, methods=i.methods, timing=i.timing)
            for i in source.items.all()
        )  # fmt: skip
        audit_record(action="activities.list_copy", target=rlist, actor=actor, changes={"from": source.pk})
    return rlist


def responsibility_item_add(
    *,
    rlist: ResponsibilityList,
    department: Any,
    law_title: Any,
    audience: Any,
    content: Any,
    methods: Any,
    timing: Any = "",
    actor: Any,
) -> ResponsibilityItem:
    """One line of the list: which department teaches which law to whom, what and how."""
    _list_step(rlist, workflow.ListEvent.EDIT)
    if department is None or not registry_selectors.bureau_departments().filter(pk=department.pk).exists():
        raise DomainError("activities.department", "请选择本局的科室或市场监管所", field="department")
    with transaction.atomic():
        locked = revision.lock(rlist, revision=rlist.revision, what="普法责任清单")
        _list_step(locked, workflow.ListEvent.EDIT)
        item = ResponsibilityItem.objects.create(
            responsibility_list=locked,
            department=department,
            law_title=validation.text(law_title, field="law_title", max_chars=100, required=True, what="法律法规"),
            audience=validation.text(audience, field="audience", max_chars=200, required=True, what="普法对象"),
            content=validation.text(content, field="content", max_chars=2000, required=True, what="普法内容"),
            methods=validation.text(methods, field="methods", max_chars=200, required=True, what="普法方式"),
            timing=validation.text(timing, field="timing", max_chars=100, what="时间安排"),
        )
        revision.save_bumped(locked, [], original=rlist)
        audit_record(
            action="activities.list_item_add",
            target=locked,
            actor=actor,
            changes=snapshot(item, ["department", "law_title", "audience", "content", "methods", "timing"]),
        )
    return item


def responsibility_item_remove(*, rlist: ResponsibilityList, item_id: Any, actor: Any) -> None:
    _list_step(rlist, workflow.ListEvent.EDIT)
    with transaction.atomic():
        locked = revision.lock(rlist, revision=rlist.revision, what="普法责任清单")
        _list_step(locked, workflow.ListEvent.EDIT)
        item = locked.items.filter(pk=item_id).first() if str(item_id).isdigit() else None
        if item is None:
            raise DomainError("activities.list_item.missing", "该事项不存在，请刷新页面")
        facts = snapshot(item, ["department", "law_title", "audience"])
        item.delete()
        revision.save_bumped(locked, [], original=rlist)
        audit_record(action="activities.list_item_remove", target=locked, actor=actor, changes=facts)


def responsibility_list_adopt(
    *, rlist: ResponsibilityList, adopted_on: Any, document_number: Any, expected_revision: int | None, actor: Any
) -> ResponsibilityList:
    """Adopt (印发) the list: it applies from ``adopted_on``; the list adopted before it is superseded that day."""
    _list_step(rlist, workflow.ListEvent.ADOPT)
    if not rlist.items.exists():
        raise DomainError("activities.list.empty", "清单没有任何事项，不能印发")
    previous = ResponsibilityList.objects.filter(status=ListStatus.ADOPTED).exclude(pk=rlist.pk).first()
    day = validation.step_date(
        adopted_on, today=legal_today(), not_before=previous.adopted_on if previous else None, field="adopted_on",
        what="印发日期", previous="现行清单的印发",
    )  # fmt: skip
    number = validation.text(document_number, field="document_number", max_chars=60, what="印发文号")
    with transaction.atomic():
        locked = revision.lock(rlist, revision=expected_revision, what="普法责任清单")
        _list_step(locked, workflow.ListEvent.ADOPT)
        if previous is not None:
            old = revision.lock(previous, revision=previous.revision, what="现行普法责任清单")
            _list_step(old, workflow.ListEvent.SUPERSEDE)
            old.status, old.superseded_on = ListStatus.SUPERSEDED, day
            revision.save_bumped(old, ["status", "superseded_on"])
            audit_record(action="activities.list_supersede", target=old, actor=actor,
                         changes={"superseded_on": day, "by": locked.pk})  # fmt: skip
        locked.status, locked.adopted_on, locked.document_number = ListStatus.ADOPTED, day, number
        locked.adopted_by = actor
        revision.save_bumped(locked, ["status", "adopted_on", "document_number", "adopted_by"], original=rlist)
        audit_record(
            action="activities.list_adopt",
            target=locked,
            actor=actor,
            changes={"adopted_on": day, "document_number": number, "items": locked.items.count(),
                     "supersedes": previous.pk if previous else None},
        )  # fmt: skip
    return rlist


# --- events ----------------------------------------------------------------------------------------------------


def _clean_event(
    *,
    theme: Any,
    title: Any,
    department: Any,
    held_on: Any,
    location: Any = "",
    audience: Any = "",
    audience_count: Any,
    materials_count: Any = 0,
    summary: Any = "",
    actor: Any,
) -> dict[str, Any]:
    day = validation.step_date(held_on, today=legal_today(), field="held_on", what="活动日期")
    check: dict[str, Any] = {}
    theme_id = str(theme or "")
    if theme_id:
        try:
            result = calendar.check_event_date(theme_id, day)
        except RulebookError as exc:
            raise from_rulebook(exc, field="theme") from exc
        if not result.ok:
            raise DomainError("activities.event.theme_date", result.message, field="held_on")
        check = result.as_dict()
    return {
        "theme": theme_id,
        "title": validation.text(title, field="title", max_chars=200, required=True, what="活动名称"),
        "department": own_department(actor, department),
        "held_on": day,
        "location": validation.text(location, field="location", max_chars=100, what="地点"),
        "audience": validation.text(audience, field="audience", max_chars=100, what="对象"),
        "audience_count": validation.bounded_int(audience_count, field="audience_count", minimum=0, maximum=10_000_000),
        "materials_count": validation.bounded_int(
            materials_count or 0, field="materials_count", minimum=0, maximum=10_000_000
        ),
        "summary": validation.text(summary, field="summary", max_chars=5000, what="活动情况"),
        "theme_check": check,
    }


EVENT_FIELDS = ["theme", "title", "department", "held_on", "location", "audience", "audience_count",
                "materials_count", "summary"]  # fmt: skip


def event_record(*, actor: Any, **fields: Any) -> EducationEvent:
    """Record a legal-education event that took place; under a calendar theme its date must fall in the theme's
    period (refused for an official period, a warning is kept for the bureau's own counting rule)."""
    values = _clean_event(actor=actor, **fields)
    with transaction.atomic():
        event = EducationEvent.objects.create(recorded_by=actor, **values)
        audit_record(action="activities.event_record", target=event, actor=actor,
                     changes={**snapshot(event, EVENT_FIELDS), "theme_check": values["theme_check"]})  # fmt: skip
    return event


def event_update(*, event: EducationEvent, expected_revision: int | None, actor: Any, **fields: Any) -> EducationEvent:
    values = _clean_event(actor=actor, **fields)
    with transaction.atomic():
        locked = revision.lock(event, revision=expected_revision, what="普法活动")
        before = snapshot(locked, EVENT_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, list(values), original=event)
        after = snapshot(locked, EVENT_FIELDS)
        audit_record(action="activities.event_update", target=locked, actor=actor,
                     changes={k: [before[k], after[k]] for k in after if before[k] != after[k]})  # fmt: skip
    return event


# --- publicity items -------------------------------------------------------------------------------------------


def _clean_url(value: Any) -> str:
    url = validation.text(value, field="url", max_chars=500, what="链接")
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise DomainError("activities.publicity.url", "链接应以 http:// 或 https:// 开头的完整网址", field="url")
    return url


def _clean_publicity(
    *,
    channel: Any,
    published_on: Any,
    title: Any,
    url: Any = "",
    outlet: Any = "",
    outlet_level: Any = "",
    article_count: Any = 1,
    department: Any,
    event: Any = None,
    actor: Any,
) -> dict[str, Any]:
    if channel not in Channel.values:
        raise DomainError("activities.publicity.channel", "请选择发布渠道", field="channel")
    count = validation.bounded_int(article_count or 1, field="article_count", minimum=1, maximum=MAX_WECHAT_ARTICLES)
    if channel != Channel.WECHAT and count != 1:
        raise DomainError("activities.publicity.count", "只有政务微信的一期可以包含多条", field="article_count")
    outlet_name = validation.text(outlet, field="outlet", max_chars=100, what="媒体名称")
    level = str(outlet_level or "")
    if channel == Channel.MEDIA:
        if not outlet_name:
            raise DomainError("activities.publicity.outlet", "请填写刊发的媒体名称", field="outlet")
        if level not in OutletLevel.values:
            raise DomainError("activities.publicity.outlet", "请选择媒体级别", field="outlet_level")
    else:
        outlet_name, level = "", ""
    link = _clean_url(url)
    if channel != Channel.MEDIA and not link:
        raise DomainError("activities.publicity.url", "网络发布的信息请填写链接", field="url")
    return {
        "channel": channel,
        "published_on": validation.step_date(published_on, today=legal_today(), field="published_on", what="发布日期"),
        "title": validation.text(title, field="title", max_chars=200, required=True, what="标题"),
        "url": link,
        "outlet": outlet_name,
        "outlet_level": level,
        "article_count": count,
        "department": own_department(actor, department),
        "event": event,
    }


PUBLICITY_FIELDS = ["channel", "published_on", "title", "url", "outlet", "outlet_level", "article_count",
                    "department", "event"]  # fmt: skip


def publicity_record(*, actor: Any, **fields: Any) -> PublicityItem:
    """Record a publication: a WeChat issue (with its number of articles), a Weibo or website post, or an article
    placed in the media (with the outlet and its level)."""
    values = _clean_publicity(actor=actor, **fields)
    with transaction.atomic():
        item = PublicityItem.objects.create(recorded_by=actor, **values)
        audit_record(action="activities.publicity_record", target=item, actor=actor,
                     changes=snapshot(item, PUBLICITY_FIELDS))  # fmt: skip
    return item


def publicity_update(*, item: PublicityItem, expected_revision: int | None, actor: Any, **fields: Any) -> PublicityItem:
    values = _clean_publicity(actor=actor, **fields)
    with transaction.atomic():
        locked = revision.lock(item, revision=expected_revision, what="宣传信息")
        before = snapshot(locked, PUBLICITY_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        revision.save_bumped(locked, list(values), original=item)
        after = snapshot(locked, PUBLICITY_FIELDS)
        audit_record(action="activities.publicity_update", target=locked, actor=actor,
                     changes={k: [before[k], after[k]] for k in after if before[k] != after[k]})  # fmt: skip
    return item
