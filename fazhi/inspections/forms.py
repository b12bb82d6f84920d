"""Forms of the inspection screens (Chinese labels, tablet-size widgets)."""

from __future__ import annotations

from django import forms

from fazhi.inspections.choices import ConflictReason, InspectionMethod, ItemLevel, PlanKind, ResultCategory
from fazhi.inspections.models import InspectionItem
from fazhi.registry import selectors as registry_selectors
from fazhi.registry.choices import RiskClass

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="计划名称", max_length=200)
    kind = forms.ChoiceField(label="计划类型", choices=PlanKind.choices)
    lead_department = forms.ModelChoiceField(label="牵头部门", queryset=registry_selectors.active_departments())
    member_units = forms.ModelMultipleChoiceField(
        label="成员单位（联合抽查）", queryset=registry_selectors.active_departments(), required=False
    )


class TaskForm(forms.Form):
    name = forms.CharField(label="任务名称", max_length=200)
    department = forms.ModelChoiceField(label="实施部门", queryset=registry_selectors.active_departments())
    participating_departments = forms.ModelMultipleChoiceField(
        label="参与部门（留空为实施部门）", queryset=registry_selectors.active_departments(), required=False
    )
    items = forms.ModelMultipleChoiceField(label="抽查事项", queryset=InspectionItem.objects.filter(effective_to=None))
    window_start = forms.DateField(label="检查开始日期", widget=DATE)
    window_end = forms.DateField(label="检查结束日期", widget=DATE)
    sample_size = forms.IntegerField(label="抽取数量（户）", min_value=1, required=False)
    sample_ratio = forms.DecimalField(label="或抽取比例（如 0.05）", min_value=0, max_value=1, required=False)
    team_size = forms.IntegerField(label="每组人数", min_value=2, initial=2)
    risk_classes = forms.MultipleChoiceField(
        label="风险等级（留空为全部）", choices=RiskClass.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    exclude_inspected_months = forms.IntegerField(
        label="排除近 N 个月已就同一事项检查过的主体", min_value=1, max_value=60, required=False
    )
    exclude_drawn_this_year = forms.BooleanField(label="排除本年度已就同一事项被抽中的主体", required=False)


class SeedAnnounceForm(forms.Form):
    source = forms.CharField(
        label="公开随机数来源（事先公告）",
        max_length=300,
        help_text="例如：中国福利彩票双色球 2024001 期开奖号码（2024-01-02 开奖）。开奖后再录入号码。",
    )


class SeedValueForm(forms.Form):
    seed = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.CharField(label="公布的随机数（开奖号码）", max_length=200)


class DrawForm(forms.Form):
    seed = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RedrawForm(DrawForm):
    reason = forms.CharField(label="重新抽取理由（必填，公开）", widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(forms.Form):
    category = forms.ChoiceField(label="检查结果", choices=ResultCategory.choices, widget=forms.RadioSelect)
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    officers_present = forms.MultipleChoiceField(label="到场检查人员", widget=forms.CheckboxSelectMultiple)
    findings = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    evidence = forms.FileField(label="证据材料（照片、笔录扫描件）", required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers_present"].choices = [(str(o.pk), str(o)) for o in officers]


class ConflictForm(forms.Form):
    """回避申报: the officer is chosen from the user's scope; the entity is entered by its USCC."""

    officer = forms.ModelChoiceField(label="执法人员", queryset=registry_selectors.no_officers())
    uscc = forms.CharField(label="市场主体统一社会信用代码", max_length=32)
    reason = forms.ChoiceField(label="回避事由", choices=ConflictReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["officer"].queryset = officers


class ItemForm(forms.Form):
    code = forms.CharField(label="事项编码", max_length=32)
    name = forms.CharField(label="事项名称", max_length=200)
    domain = forms.CharField(label="执法领域", max_length=32, help_text="例如：食品、特种设备、产品质量")
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 2}))
    power_code = forms.CharField(
        label="权责清单事项编码", max_length=64, required=False, help_text="须为生效日期当日有效的权责事项"
    )
    department = forms.ModelChoiceField(label="责任部门", queryset=registry_selectors.active_departments())
    method = forms.ChoiceField(label="检查方式", choices=InspectionMethod.choices)
    level = forms.ChoiceField(label="事项类别", choices=ItemLevel.choices, widget=forms.RadioSelect)
    effective_from = forms.DateField(label="生效日期", widget=DATE)
