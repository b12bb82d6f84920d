"""Forms of the major-decision screens; values are checked once, by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.clock import legal_today
from fazhi.core.validation import BoundedTextField, DateInput, StepDateField
from fazhi.major_decisions.models import Recommendation
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import oversight as rules


class CatalogueForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办部门", queryset=registry_selectors.active_departments(include_external=False)
    )
    year = forms.CharField(label="目录年度", max_length=12)
    title = BoundedTextField(label="决策事项", max_length=200)
    description = forms.CharField(
        label="说明", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    catalogued_on = StepDateField(label="列入目录日期")


class StepForm(forms.Form):
    step = forms.ChoiceField(label="程序")
    started_on = forms.DateField(label="开始日期（公开征求意见、合法性审查必填）", required=False, widget=DateInput)
    ended_on = StepDateField(label="完成日期")
    summary = forms.CharField(
        label="情况（意见采纳、论证结论、风险等级、审查意见、会议纪要）",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dissent = forms.CharField(label="不同意见（集体讨论）", required=False, max_length=2000)
    passed = forms.ChoiceField(
        label="合法性审查结论", choices=[("yes", "合法（通过）"), ("no", "不合法")], initial="yes"
    )
    skip_reason = forms.CharField(label="依法不适用的理由（不履行该程序时填写）", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(i.id, i.label) for i in rules.items("major_decisions.steps", legal_today())]  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)
    on = StepDateField(label="决策日期")
    text = BoundedTextField(label="决策内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    on = StepDateField(label="公布日期")
    channel = BoundedTextField(label="公布途径", max_length=100, initial="东丽区人民政府网站")


class HearingForm(forms.Form):
    announced_on = StepDateField(label="公布听证事项（决策草案、时间地点、参加人名单）日期")
    materials_served_on = StepDateField(label="听证材料送达听证参加人日期")
    held_on = StepDateField(label="举行日期")
    venue = BoundedTextField(label="地点", max_length=200)
    presider = BoundedTextField(label="主持人", max_length=60)
    participants = forms.CharField(
        label="听证参加人（姓名、身份或所代表的利益方）", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    participant_count = forms.CharField(label="听证参加人数", max_length=12)
    opinions = forms.CharField(label="听证参加人的主要意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    adoption = forms.CharField(
        label="意见采纳情况（未采纳的说明理由）", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    record_signed = forms.BooleanField(label="听证参加人已确认听证会记录并签字", required=False)


class EvaluationStartForm(forms.Form):
    ground = forms.ChoiceField(label="评估情形")
    evaluator = BoundedTextField(label="承担评估具体工作的单位", max_length=200)
    third_party = forms.BooleanField(label="委托第三方评估", required=False)
    started_on = StepDateField(label="启动日期")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [  # type: ignore[attr-defined]
            (i.id, i.label) for i in rules.items("major_decisions.evaluation_grounds", legal_today())
        ]


class EvaluationConcludeForm(forms.Form):
    concluded_on = StepDateField(label="评估结论日期")
    public_views = forms.CharField(
        label="听取社会公众意见情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    participation = forms.CharField(
        label="人大代表、政协委员、人民团体、基层组织、社会组织参与评估情况", required=False, max_length=2000
    )
    findings = forms.CharField(label="评估结论", max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    recommendation = forms.ChoiceField(label="处理建议", choices=Recommendation.choices)
