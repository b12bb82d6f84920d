"""Forms of the case-file review screens. Values are checked once, by the services (``fazhi.core.validation``);
the forms only carry them, so a form, the API and the demo refuse the same input with the same code."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.cases.choices import Domain
from fazhi.core.models import User
from fazhi.core.roles import PERMISSIONS
from fazhi.core.validation import BoundedTextField, DateInput, StepDateField
from fazhi.file_reviews.choices import HIGHER_AUTHORITIES, Distinction, SeedKind, SelectionMethod
from fazhi.file_reviews.services.scoring import deduction_field, note_field, veto_field
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import file_review as engine


def reviewer_choices() -> Any:
    roles = [r.value for r in PERMISSIONS["file_reviews.score"]]
    return User.objects.filter(is_active=True, role__in=roles, department__isnull=False).select_related("department")


class ReviewerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}（{obj.department}，{obj.role_label}）"


class Revisioned(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


class RoundForm(forms.Form):
    title = BoundedTextField(label="评查活动名称", max_length=200)
    started_on = StepDateField(label="开始日期")
    due_on = forms.DateField(label="评查完成期限", widget=DateInput)
    method = forms.ChoiceField(label="选取方式", choices=SelectionMethod.choices)
    sample_size = forms.CharField(label="抽取案卷数（随机抽取时填写）", required=False, max_length=12)
    decided_from = forms.DateField(label="案卷范围：决定日期自", widget=DateInput)
    decided_to = forms.DateField(label="案卷范围：决定日期至", widget=DateInput)
    departments = forms.ModelMultipleChoiceField(
        label="承办部门（不选为全部）",
        queryset=registry_selectors.active_departments(include_external=False),
        required=False,
    )
    domains = forms.MultipleChoiceField(label="执法领域（不选为全部）", choices=Domain.choices, required=False)
    min_amount = forms.CharField(label="罚没金额不低于（元，可不填）", required=False, max_length=40)
    max_live_score = forms.CharField(label="实时评分不高于（可不填）", required=False, max_length=12)
    team_size = forms.CharField(label="每卷评查人员数", initial="2", max_length=12)
    panel = ReviewerField(label="评查人员名单", queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = reviewer_choices()  # type: ignore[attr-defined]


class CommitForm(Revisioned):
    seed_kind = forms.ChoiceField(label="随机数", choices=SeedKind.choices, initial=SeedKind.CSPRNG)
    lottery_source = forms.CharField(
        label="采用的开奖（选公开开奖号码时填写，如“福彩3D 第2023150期”）", required=False, max_length=300
    )
    lottery_draw_at = forms.DateTimeField(
        label="该期开奖时间（须晚于现在）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class SelectForm(Revisioned):
    on = StepDateField(label="抽取日期")


class SeedEntryForm(forms.Form):
    value = forms.CharField(
        label="开奖号码（两人各自独立录入一遍，如 03 07 12 19 25 31 + 09）",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class StartForm(Revisioned):
    pass


class GradeForm(Revisioned):
    on = StepDateField(label="评定日期")
    summary = forms.CharField(
        label="评查总结", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000
    )


class FeedbackForm(Revisioned):
    on = StepDateField(label="反馈日期")
    rectification_due_on = forms.DateField(label="整改期限", widget=DateInput)


class CloseForm(Revisioned):
    on = StepDateField(label="完成日期")


class CancelForm(Revisioned):
    reason = BoundedTextField(label="撤销理由", max_length=300)


class ScoreForm(Revisioned):
    """One deduction, note and (for veto items) a 不符合 box per checkpoint of the rubric, then the opinion."""

    on = StepDateField(label="评分日期")
    opinion = forms.CharField(label="评查意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)

    def __init__(self, *args: Any, rubric: engine.Rubric, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for cp in rubric.checkpoints:
            self.fields[deduction_field(cp.id)] = forms.CharField(
                label=f"扣分（0–{cp.deduction}）",
                required=False,
                max_length=12,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
            )
            self.fields[note_field(cp.id)] = forms.CharField(
                label="扣分理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
            )
            if cp.veto:
                self.fields[veto_field(cp.id)] = forms.BooleanField(label="否决项不符合", required=False)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for item in self.rubric.items:
            for cp in item.checkpoints:
                out.append(
                    {
                        "item": item,
                        "checkpoint": cp,
                        "deduction": self[deduction_field(cp.id)],
                        "note": self[note_field(cp.id)],
                        "veto": self[veto_field(cp.id)] if cp.veto else None,
                    }
                )
        return out

    def sheet(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "deductions": {cp.id: d.get(deduction_field(cp.id)) or 0 for cp in self.rubric.checkpoints},
            "notes": {cp.id: d.get(note_field(cp.id)) or "" for cp in self.rubric.checkpoints},
            "vetoes": [cp.id for cp in self.rubric.checkpoints if cp.veto and d.get(veto_field(cp.id))],
        }


class DistinctionForm(Revisioned):
    distinction = forms.ChoiceField(label="评选", choices=Distinction.choices, required=False)
    reason = forms.CharField(
        label="评选理由", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ReassignForm(forms.Form):
    reviewers = ReviewerField(label="评查人员", queryset=User.objects.none())
    reason = BoundedTextField(label="调整理由", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewer_choices()  # type: ignore[attr-defined]


class ReportForm(Revisioned):
    on = StepDateField(label="报告日期")
    report = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class VerifyForm(Revisioned):
    on = StepDateField(label="核验日期")
    accepted = forms.TypedChoiceField(
        label="核验结论", choices=[("1", "整改到位，销号"), ("0", "整改不到位，退回")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(
        label="核验意见（退回时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class HigherForm(forms.Form):
    case_number = BoundedTextField(label="案件编号", max_length=40)
    authority = BoundedTextField(
        label="组织评查的上级机关", max_length=100, widget=forms.TextInput(attrs={"list": "authorities"})
    )
    review_name = BoundedTextField(label="评查活动", max_length=200)
    sent_on = StepDateField(label="报送日期")
    authorities = HIGHER_AUTHORITIES


class HigherResultForm(Revisioned):
    result = BoundedTextField(label="评查结果（如 优秀、合格）", max_length=100)
    result_note = forms.CharField(
        label="反馈意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    result_on = StepDateField(label="结果日期")
