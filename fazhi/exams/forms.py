"""Forms of the exam screens. Field checks that matter legally or for the data live in the services (and in
``fazhi.exams.bank.clean_question`` for questions), so the API and the loader refuse the same input."""

from __future__ import annotations

from django import forms

from fazhi.core.validation import BoundedTextField
from fazhi.exams.choices import Difficulty, ExamKind, QuestionKind
from fazhi.exams.models import Law
from fazhi.registry import selectors as registry_selectors

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ExamForm(forms.Form):
    title = BoundedTextField(label="考试名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=ExamKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2199)
    department: forms.ModelChoiceField = forms.ModelChoiceField(label="组织部门", queryset=None, empty_label="请选择")
    opens_at = forms.DateTimeField(label="开考时间", input_formats=DATETIME_FORMATS, widget=DateTimeInput)
    closes_at = forms.DateTimeField(label="截止时间", input_formats=DATETIME_FORMATS, widget=DateTimeInput)
    duration_minutes = forms.IntegerField(label="答题时长（分钟）", min_value=5, max_value=240)
    pass_mark = forms.IntegerField(label="合格分数", min_value=1, max_value=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = registry_selectors.bureau_departments()  # type: ignore[attr-defined]
        for name in ("opens_at", "closes_at"):
            self.fields[name].error_messages["invalid"] = "时间格式应为 年-月-日 时:分"


class MakeupForm(forms.Form):
    title = BoundedTextField(label="补考名称", max_length=100)
    opens_at = forms.DateTimeField(label="开考时间", input_formats=DATETIME_FORMATS, widget=DateTimeInput)
    closes_at = forms.DateTimeField(label="截止时间", input_formats=DATETIME_FORMATS, widget=DateTimeInput)


class RuleForm(forms.Form):
    topic = forms.ChoiceField(label="法律法规", choices=())
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    difficulty = forms.TypedChoiceField(
        label="难度", choices=[("", "不限"), *Difficulty.choices], coerce=int, empty_value=None, required=False
    )
    count = forms.IntegerField(label="题数", min_value=1, max_value=100)
    points = forms.IntegerField(label="每题分值", min_value=1, max_value=20)

    def __init__(self, *args, topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [(t, t) for t in topics]  # type: ignore[attr-defined]


class RosterFillForm(forms.Form):
    departments: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="部门（不选则为全局在岗人员）", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = registry_selectors.bureau_departments()  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = BoundedTextField(label="理由", max_length=200)


class QuestionForm(forms.Form):
    law = forms.ModelChoiceField(label="法律法规（版本）", queryset=Law.objects.order_by("title", "in_force_from"))
    article = BoundedTextField(label="条款", max_length=40, help_text="如：第三十六条、第五十八条第一款")
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    difficulty = forms.TypedChoiceField(label="难度", choices=Difficulty.choices, coerce=int)
    stem = BoundedTextField(label="题干", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(
        label="选项（每行一个，判断题留空）", required=False, max_length=1500, widget=forms.Textarea(attrs={"rows": 5})
    )
    answer = BoundedTextField(
        label="正确答案", max_length=10, help_text="选择题填字母，如 B 或 ACD；判断题填“正确”或“错误”"
    )
    explanation = BoundedTextField(
        label="解析", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    quote = BoundedTextField(
        label="法条原文摘录", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
