"""Forms of the sampling screens: the kernel's fields (dates, bounded text, USCC) so a form, the API and an import
refuse the same value with the same code; the services decide everything else."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.validation import BoundedTextField, DateInput, StepDateField, UsccField
from fazhi.registry import selectors as registry_selectors
from fazhi.registry.choices import INDUSTRY_SECTIONS
from fazhi.sampling.choices import (
    CampaignArea,
    CampaignKind,
    DisposalMeasure,
    Finding,
    LateDecision,
    PlanLevel,
    ProductArea,
    RecheckResult,
    Result,
    RetestOutcome,
    TargetKind,
)
from fazhi.sampling.models import Lab

YEAR_CHOICES = [(y, f"{y}年") for y in range(2020, 2031)]


class Revisioned(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


def _departments(user: Any) -> Any:
    qs = registry_selectors.active_departments(include_external=False)
    if getattr(user, "role", "") in ("officer", "section_chief"):
        qs = qs.filter(pk=user.department_id)
    return qs


class PlanForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", choices=YEAR_CHOICES, coerce=int)
    area = forms.ChoiceField(label="产品领域", choices=ProductArea.choices)
    level = forms.ChoiceField(label="任务来源", choices=PlanLevel.choices)
    title = BoundedTextField(label="计划名称", max_length=200)
    department = forms.ModelChoiceField(label="组织实施部门", queryset=registry_selectors.active_departments().none())
    planned_batches = forms.IntegerField(label="计划批次", min_value=1, max_value=1_000_000)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(user)  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    department = forms.ModelChoiceField(label="抽样部门", queryset=registry_selectors.active_departments().none())
    lab = forms.ModelChoiceField(label="承检机构", queryset=Lab.objects.filter(active=True))
    product_category = forms.CharField(label="产品类别（工业产品必填）", required=False, max_length=60)
    planned_batches = forms.IntegerField(label="计划批次", min_value=1, max_value=1_000_000)
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    ends_on = forms.DateField(label="结束日期", widget=DateInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(None)  # type: ignore[attr-defined]


class LabForm(forms.Form):
    name = BoundedTextField(label="承检机构名称", max_length=200)
    accreditation_number = forms.CharField(label="资质认定证书编号", required=False, max_length=64)


class SampleForm(forms.Form):
    number = forms.CharField(label="抽样单编号（空白则由系统编号）", required=False, max_length=40)
    product_name = BoundedTextField(label="样品名称", max_length=200)
    entity_uscc = UsccField(label="被抽样单位统一社会信用代码")
    producer_uscc = UsccField(label="标称生产者统一社会信用代码（与被抽样单位不同时）", required=False)
    producer_name = forms.CharField(label="标称生产者名称（系统中没有该主体时）", required=False, max_length=200)
    brand = forms.CharField(label="商标", required=False, max_length=100)
    specification = forms.CharField(label="规格型号", required=False, max_length=100)
    batch_number = forms.CharField(label="生产日期/批号", required=False, max_length=60)
    sampled_on = StepDateField(label="抽样日期")


def failed_items_from_text(value: str) -> list[dict[str, Any]]:
    """One item a line, ``项目|检验结果|标准要求`` (more than three parts are refused by the service)."""
    out: list[dict[str, Any]] = []
    for line in (raw.strip() for raw in value.splitlines()):
        if line:
            parts = [p.strip() for p in line.split("|")]
            item: dict[str, Any] = {"item": parts[0], "value": "", "standard": ""}
            item.update(dict(zip(("value", "standard"), parts[1:3], strict=False)))
            if len(parts) > 3:
                item["extra"] = parts[3:]  # refused by the service with its code
            out.append(item)
    return out


def failed_items_text(items: list[dict[str, str]]) -> str:
    return "\n".join(
        "|".join(p for p in (i["item"], i.get("value", ""), i.get("standard", ""))).rstrip("|") for i in items
    )


class ResultForm(Revisioned):
    result = forms.ChoiceField(label="检验结论", choices=Result.choices)
    report_number = BoundedTextField(label="检验报告编号", max_length=60)
    report_on = StepDateField(label="检验报告日期")
    failed_items = forms.CharField(
        label="不合格项目（每行一项：项目|检验结果|标准要求）",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_failed_items(self) -> list[dict[str, Any]]:
        return failed_items_from_text(self.cleaned_data.get("failed_items", ""))


class CorrectionForm(ResultForm):
    reason = BoundedTextField(
        label="更正理由（如：录入错误，以检验报告原件为准）", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class LateRetestForm(Revisioned):
    requested_on = StepDateField(label="复检申请日期")
    retest_lab = forms.CharField(label="复检机构", required=False, max_length=200)
    reason = BoundedTextField(
        label="当事人说明的逾期理由及所附材料", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LateReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审核结论", choices=LateDecision.choices, widget=forms.RadioSelect)
    opinion = BoundedTextField(label="法制审核意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = StepDateField(label="审核日期")


class NoticeForm(Revisioned):
    served_on = StepDateField(label="检验结论通知书送达被抽样单位日期")
    producer_notified_on = StepDateField(label="通知标称生产者日期", required=False)


class RetestForm(Revisioned):
    requested_on = StepDateField(label="复检申请日期")
    retest_lab = forms.CharField(label="复检机构", required=False, max_length=200)


class RetestConcludeForm(Revisioned):
    outcome = forms.ChoiceField(label="复检结论", choices=RetestOutcome.choices)
    concluded_on = StepDateField(label="复检结论日期")


class DisposalForm(forms.Form):
    measure = forms.ChoiceField(label="处置措施", choices=DisposalMeasure.choices)
    ordered_on = StepDateField(label="责令日期")
    quantity = forms.CharField(label="涉及数量", required=False, max_length=100)
    note = forms.CharField(label="说明", required=False, max_length=500)


class DisposalDoneForm(forms.Form):
    disposal = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    completed_on = StepDateField(label="完成日期")


class DayForm(Revisioned):
    on = StepDateField(label="日期")


class CampaignForm(forms.Form):
    title = BoundedTextField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=CampaignKind.choices)
    area = forms.ChoiceField(label="领域", choices=CampaignArea.choices)
    target_kind = forms.ChoiceField(label="检查对象", choices=TargetKind.choices)
    basis = forms.CharField(label="依据文件", required=False, max_length=300)
    department = forms.ModelChoiceField(label="牵头部门", queryset=registry_selectors.active_departments().none())
    starts_on = forms.DateField(label="开始日期", widget=DateInput)
    ends_on = forms.DateField(label="结束日期", widget=DateInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(user)  # type: ignore[attr-defined]


INDUSTRY = [("", "不限")] + [(k, f"{k} {v}") for k, v in INDUSTRY_SECTIONS.items()]


class SelectForm(forms.Form):
    """Objects by criteria (the registry's industry section and street), or a draw from them."""

    industry = forms.ChoiceField(label="行业门类", choices=INDUSTRY, required=False)
    street = forms.CharField(label="所在街道（空白为全区）", required=False, max_length=50)
    name_contains = forms.CharField(label="名称包含", required=False, max_length=50)
    limit = forms.IntegerField(label="数量上限", min_value=1, max_value=5000, initial=50)
    draw = forms.BooleanField(label="从符合条件的主体中随机抽取（双随机抽取引擎）", required=False)


class CheckForm(Revisioned):
    check = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    checked_on = StepDateField(label="检查日期")
    finding = forms.ChoiceField(label="检查结果", choices=Finding.choices)
    officers = forms.CharField(label="检查人员", required=False, max_length=200)
    description = forms.CharField(
        label="发现的问题", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    rectification_due_on = forms.DateField(label="整改期限", required=False, widget=DateInput)


class RecheckForm(Revisioned):
    check = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    rechecked_on = StepDateField(label="复查日期")
    result = forms.ChoiceField(label="复查结果", choices=RecheckResult.choices)


class CheckClueForm(forms.Form):
    check = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    on = StepDateField(label="移交日期")


class CloseCampaignForm(forms.Form):
    on = StepDateField(label="结束日期")
    summary = BoundedTextField(label="工作总结", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
