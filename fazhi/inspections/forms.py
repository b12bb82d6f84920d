"""Forms of the inspection screens (Chinese labels, tablet-size widgets). The rules live in the services; the
forms only type the input and narrow the choices to what the user may pick (own department)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from fazhi.core.access import is_department_scoped
from fazhi.inspections.choices import (
    ConflictReason,
    FollowUp,
    InspectionMethod,
    ItemLevel,
    PlanKind,
    ResultCategory,
    SeedKind,
)
from fazhi.inspections.models import InspectionItem
from fazhi.inspections.selectors import held_permit_matters
from fazhi.registry import selectors as registry_selectors
from fazhi.registry.choices import DepartmentKind, EntityKind, IndustrySection, RiskClass

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
CHECKS = forms.CheckboxSelectMultiple
SHANGHAI = ZoneInfo("Asia/Shanghai")


def own_departments(user: Any) -> Any:
    """The departments ``user`` may act for: his own when department-scoped, every active one otherwise."""
    qs = registry_selectors.active_departments()
    return qs.filter(pk=user.department_id) if is_department_scoped(user) else qs


NO_DEPARTMENTS = registry_selectors.active_departments().none()


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="计划名称", max_length=200)
    kind = forms.ChoiceField(label="计划类型", choices=PlanKind.choices)
    lead_department = forms.ModelChoiceField(label="牵头部门", queryset=NO_DEPARTMENTS)
    member_units = forms.ModelMultipleChoiceField(
        label="成员单位（联合抽查）", queryset=registry_selectors.active_departments(), required=False, widget=CHECKS
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = own_departments(user)  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    code = forms.CharField(label="事项编码", max_length=32)
    name = forms.CharField(label="事项名称", max_length=200)
    domain = forms.CharField(label="执法领域", max_length=32, help_text="例如：食品、特种设备、产品质量")
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 2}))
    power_code = forms.CharField(
        label="权责清单事项编码", max_length=64, required=False, help_text="须为生效日期当日有效的权责事项"
    )
    department = forms.ModelChoiceField(label="责任部门", queryset=NO_DEPARTMENTS)
    method = forms.ChoiceField(label="检查方式", choices=InspectionMethod.choices)
    level = forms.ChoiceField(label="事项类别", choices=ItemLevel.choices, widget=forms.RadioSelect)
    object_kinds = forms.MultipleChoiceField(
        label="检查对象：主体类型（不选为不限）", choices=EntityKind.choices, required=False, widget=CHECKS
    )
    object_industries = forms.MultipleChoiceField(
        label="检查对象：行业门类（GB/T 4754，不选为不限）",
        choices=IndustrySection.choices,
        required=False,
        widget=CHECKS,
    )
    object_risk_classes = forms.MultipleChoiceField(
        label="检查对象：信用风险分类（不选为不限）", choices=RiskClass.choices, required=False, widget=CHECKS
    )
    object_permit_matters = forms.MultipleChoiceField(
        label="检查对象：持有的许可事项（证照分离办件，可多选，持有其一即可；不选为不限）",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    effective_from = forms.DateField(label="生效日期", widget=DATE)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = own_departments(user)  # type: ignore[attr-defined]
        names = held_permit_matters().order_by("matter").values_list("matter", flat=True).distinct()
        self.fields["object_permit_matters"].choices = [(n, n) for n in names[:1000]]  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    name = forms.CharField(label="任务名称", max_length=200)
    department = forms.ModelChoiceField(label="实施部门", queryset=NO_DEPARTMENTS)
    participating_departments = forms.ModelMultipleChoiceField(
        label="其他参与部门（联合抽查的成员单位）",
        queryset=registry_selectors.active_departments(),
        required=False,
        widget=CHECKS,
    )
    items = forms.ModelMultipleChoiceField(
        label="抽查事项", queryset=InspectionItem.objects.filter(effective_to=None), widget=CHECKS
    )
    window_start = forms.DateField(label="检查开始日期", widget=DATE)
    window_end = forms.DateField(label="检查结束日期", widget=DATE)
    sample_size = forms.IntegerField(label="抽取数量（户）", min_value=1, max_value=10_000_000, required=False)
    sample_ratio = forms.DecimalField(
        label="或抽取比例（如 0.05）", min_value=Decimal("0.000001"), max_value=1, decimal_places=6, required=False
    )
    ratio_a = forms.DecimalField(
        label="或分风险等级比例：A 类", min_value=0, max_value=1, decimal_places=6, required=False
    )
    ratio_b = forms.DecimalField(label="B 类", min_value=0, max_value=1, decimal_places=6, required=False)
    ratio_c = forms.DecimalField(label="C 类", min_value=0, max_value=1, decimal_places=6, required=False)
    ratio_d = forms.DecimalField(label="D 类", min_value=0, max_value=1, decimal_places=6, required=False)
    team_size = forms.IntegerField(label="每组人数", min_value=2, max_value=10, initial=2)
    offices = forms.ModelMultipleChoiceField(
        label="只抽以下市场监管所辖区（留空为参与部门的全部辖区）",
        queryset=registry_selectors.active_departments().filter(kind=DepartmentKind.OFFICE),
        required=False,
        widget=CHECKS,
    )
    risk_classes = forms.MultipleChoiceField(
        label="只抽以下风险等级（留空为全部）", choices=RiskClass.choices, required=False, widget=CHECKS
    )
    exclude_inspected_months = forms.IntegerField(
        label="排除近 N 个月已就同一事项检查过的主体", min_value=1, max_value=60, required=False
    )
    exclude_drawn_this_year = forms.BooleanField(label="排除本年度已就同一事项被抽中的主体", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = own_departments(user)  # type: ignore[attr-defined]

    def strata_ratios(self) -> dict[str, str] | None:
        given = {k: self.cleaned_data[f"ratio_{k.lower()}"] for k in "ABCD"}
        if all(v is None for v in given.values()):
            return None
        return {k: str(v if v is not None else Decimal(0)) for k, v in given.items()}

    def criterion(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "offices": [d.pk for d in data["offices"]],
            "risk_classes": list(data["risk_classes"]),
            "exclude_inspected_months": data["exclude_inspected_months"],
            "exclude_drawn_this_year": data["exclude_drawn_this_year"],
        }


class SeedSourceForm(forms.Form):
    """The seed's source, chosen when the pools are published (or after an approved replacement)."""

    seed_kind = forms.ChoiceField(label="随机种子来源", choices=SeedKind.choices, widget=forms.RadioSelect)
    lottery_source = forms.CharField(
        label="采用哪一期开奖（选彩票时填写）",
        max_length=300,
        required=False,
        help_text="例如：中国福利彩票双色球第2026141期开奖号码。必须是名录库公布之后才开奖的一期。",
    )
    lottery_draw_at = forms.DateTimeField(
        label="该期开奖时间（北京时间）", widget=DATETIME, required=False, input_formats=["%Y-%m-%dT%H:%M"]
    )

    @staticmethod
    def draw_at_of(data: dict[str, Any]) -> dt.datetime | None:
        """The lottery draw time as entered (Beijing time when the browser sent no offset)."""
        value = data.get("lottery_draw_at")
        if value is None:
            return None
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


class FreezeForm(SeedSourceForm):
    revision = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)  # parse_revision in the view


class SeedValueForm(forms.Form):
    value = forms.CharField(
        label="开奖号码（两人分别录入）",
        max_length=200,
        help_text="号码之间用空格分隔，蓝球前加“+”，如 03 07 12 19 25 31 + 09",
    )


class ReplacementRequestForm(forms.Form):
    reason = forms.CharField(
        label="更换随机种子的理由（公开）", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ReplacementDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批意见", choices=[("approve", "批准更换"), ("refuse", "不批准")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="意见（不批准时必填，公开）", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class ResultForm(forms.Form):
    category = forms.ChoiceField(label="检查结果", choices=ResultCategory.choices, widget=forms.RadioSelect)
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    officers_present = forms.MultipleChoiceField(label="到场检查人员（至少 2 人）", widget=CHECKS)
    findings = forms.CharField(
        label="检查发现的问题（“未发现问题”以外必填）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    follow_up = forms.ChoiceField(
        label="后续处理（留空按检查结果默认）", choices=[("", "按检查结果默认"), *FollowUp.choices], required=False
    )
    rectification_due_on = forms.DateField(label="整改期限（责令整改时填写）", widget=DATE, required=False)
    recheck_on = forms.DateField(label="复查日期（责令整改时填写）", widget=DATE, required=False)
    transfer_to = forms.CharField(label="移送单位（移送有关部门时填写）", max_length=100, required=False)
    evidence = forms.FileField(label="证据材料（照片、笔录扫描件）", required=False)

    def __init__(self, *args: Any, officers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officers_present"].choices = [(str(o.pk), str(o)) for o in officers]  # type: ignore[attr-defined]


class RecheckForm(forms.Form):
    rechecked_on = forms.DateField(label="复查日期", widget=DATE)
    outcome = forms.ChoiceField(
        label="复查结论", choices=[("corrected", "已整改"), ("not_corrected", "逾期未整改")], widget=forms.RadioSelect
    )
    findings = forms.CharField(label="复查情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ConflictForm(forms.Form):
    """回避申报: the officer is chosen from the user's scope; the entity is entered by its USCC."""

    officer = forms.ModelChoiceField(label="执法人员", queryset=registry_selectors.no_officers())
    uscc = forms.CharField(label="市场主体统一社会信用代码", max_length=32)
    reason = forms.ChoiceField(label="回避事由", choices=ConflictReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
