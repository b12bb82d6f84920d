"""Forms of the activities screens. The checks that matter live in the services (same codes for the API);
the forms offer the right choices and keep what the user typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from fazhi.activities.choices import AttachmentKind, Channel, MatterCategory, OutletLevel, SessionKind
from fazhi.activities.models import EducationEvent, LectureSeries, Session
from fazhi.core.clock import legal_today
from fazhi.core.validation import BoundedTextField, DateInput
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import education as calendar

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]


def _date(label: str, *, required: bool = True) -> forms.DateField:
    field = forms.DateField(label=label, input_formats=DATE_FORMATS, widget=DateInput, required=required)
    field.error_messages["invalid"] = "日期格式应为 年-月-日，如 2023-03-15"
    return field


class _Departments(forms.Form):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = registry_selectors.bureau_departments()
        for name in ("department", "responsible_department"):
            if name in self.fields:
                self.fields[name].queryset = departments  # type: ignore[attr-defined]
        if (
            user is not None
            and "department" in self.fields
            and not self.is_bound
            and getattr(user, "department_id", None)
        ):
            self.fields["department"].initial = user.department_id


class SessionForm(_Departments):
    kind = forms.ChoiceField(label="类别", choices=SessionKind.choices)
    department: forms.ModelChoiceField = forms.ModelChoiceField(label="组织部门", queryset=None, empty_label="请选择")
    held_on = _date("日期")
    title = BoundedTextField(label="主题/议题", max_length=200)
    location = BoundedTextField(label="地点", max_length=100, required=False)
    chair: forms.ModelChoiceField = forms.ModelChoiceField(
        label="主持人", queryset=None, required=False, empty_label="—"
    )
    chair_is_principal = forms.BooleanField(label="由主要负责人主持（党委会、局长办公会、中心组学习）", required=False)
    rule_of_law = forms.BooleanField(label="法治专题（专题学习习近平法治思想、听取或传达法治工作）", required=False)
    laws_studied = forms.CharField(
        label="学习的法律法规和文件（每行一项）",
        required=False,
        max_length=2500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary = BoundedTextField(
        label="内容摘要", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    speaker = BoundedTextField(label="主讲人（讲座、培训）", max_length=100, required=False)
    series: forms.ModelChoiceField = forms.ModelChoiceField(
        label="所属系列（讲座、培训）", queryset=None, required=False, empty_label="—"
    )
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(
        label="所在会议（会前学法）", queryset=None, required=False, empty_label="—"
    )
    other_attendees = forms.IntegerField(
        label="其他参加人次（外单位、企业等）", min_value=0, max_value=100_000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = registry_selectors.bureau_staff()  # type: ignore[attr-defined]
        self.fields["series"].queryset = LectureSeries.objects.order_by("-year", "title")  # type: ignore[attr-defined]
        since = legal_today() - dt.timedelta(days=400)  # the choice lists the meetings of about the last year
        self.fields["meeting"].queryset = Session.objects.filter(  # type: ignore[attr-defined]
            kind__in=[SessionKind.PARTY_COMMITTEE, SessionKind.DIRECTORS_OFFICE], held_on__gte=since
        ).order_by("-held_on")


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=AttachmentKind.choices)
    file = forms.FileField(label="文件（PDF、Word .docx、JPG、PNG，不超过 20 MB）")


class MatterForm(_Departments):
    title = BoundedTextField(label="事项", max_length=200)
    category = forms.ChoiceField(label="类别", choices=MatterCategory.choices)
    decision = BoundedTextField(label="研究决定", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_department: forms.ModelChoiceField = forms.ModelChoiceField(
        label="责任部门", queryset=None, required=False, empty_label="—"
    )
    due_on = _date("办结时限", required=False)


class MatterDoneForm(forms.Form):
    done_on = _date("办结日期")
    note = BoundedTextField(label="办结情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SeriesForm(_Departments):
    title = BoundedTextField(label="系列名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2199)
    department: forms.ModelChoiceField = forms.ModelChoiceField(label="组织部门", queryset=None, empty_label="请选择")
    description = BoundedTextField(
        label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ListForm(forms.Form):
    title = BoundedTextField(label="清单名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2199)
    copy_from: forms.ModelChoiceField = forms.ModelChoiceField(
        label="以哪份清单为基础（可不选）", queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from fazhi.activities.models import ResponsibilityList

        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = ResponsibilityList.objects.order_by("-year")  # type: ignore[attr-defined]


class ListItemForm(_Departments):
    department: forms.ModelChoiceField = forms.ModelChoiceField(label="责任部门", queryset=None, empty_label="请选择")
    law_title = BoundedTextField(label="普法的法律法规", max_length=100)
    audience = BoundedTextField(label="普法对象", max_length=200)
    content = BoundedTextField(label="普法内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    methods = BoundedTextField(label="普法方式", max_length=200)
    timing = BoundedTextField(label="时间安排", max_length=100, required=False)


class AdoptForm(forms.Form):
    adopted_on = _date("印发日期")
    document_number = BoundedTextField(label="印发文号", max_length=60, required=False)


class EventForm(_Departments):
    theme = forms.ChoiceField(label="普法主题", required=False)
    title = BoundedTextField(label="活动名称", max_length=200)
    department: forms.ModelChoiceField = forms.ModelChoiceField(label="组织部门", queryset=None, empty_label="请选择")
    held_on = _date("活动日期")
    location = BoundedTextField(label="地点", max_length=100, required=False)
    audience = BoundedTextField(label="对象", max_length=100, required=False)
    audience_count = forms.IntegerField(label="受众人次", min_value=0, max_value=10_000_000)
    materials_count = forms.IntegerField(label="发放资料（份）", min_value=0, max_value=10_000_000, required=False)
    summary = BoundedTextField(
        label="活动情况", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "（不属于日历主题）"), *[(t.id, t.name) for t in calendar.calendar()]]  # type: ignore[attr-defined]


class PublicityForm(_Departments):
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices)
    published_on = _date("发布日期")
    title = BoundedTextField(label="标题", max_length=200)
    url = BoundedTextField(label="链接", max_length=500, required=False)
    article_count = forms.IntegerField(label="条数（政务微信一期的文章数）", min_value=1, max_value=8, required=False)
    outlet = BoundedTextField(label="媒体名称（新闻媒体）", max_length=100, required=False)
    outlet_level = forms.ChoiceField(label="媒体级别", choices=[("", "—"), *OutletLevel.choices], required=False)
    department: forms.ModelChoiceField = forms.ModelChoiceField(label="供稿部门", queryset=None, empty_label="请选择")
    event: forms.ModelChoiceField = forms.ModelChoiceField(
        label="相关普法活动", queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recent = list(EducationEvent.objects.order_by("-held_on").values_list("pk", flat=True)[:200])
        self.fields["event"].queryset = EducationEvent.objects.filter(pk__in=recent).order_by("-held_on")  # type: ignore[attr-defined]


class TypicalForm(forms.Form):
    title = BoundedTextField(label="标题", max_length=100)
    facts = BoundedTextField(label="基本案情", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    analysis = BoundedTextField(
        label="以案释法（法律分析）", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    legal_basis = BoundedTextField(
        label="法律依据", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpinionForm(forms.Form):
    opinion = BoundedTextField(
        label="审核意见", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = BoundedTextField(label="理由", max_length=200)
