"""Forms of the normative-document screens; values are checked once, by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.clock import legal_today
from fazhi.core.roles import Role
from fazhi.core.validation import BoundedTextField, DateInput, StepDateField
from fazhi.registry import selectors as registry_selectors
from fazhi.rulebook import oversight as rules


def _choices(list_id: str) -> list[tuple[str, str]]:
    return [(i.id, i.label) for i in rules.items(list_id, legal_today())]


class Revisioned(forms.Form):
    revision = forms.CharField(widget=forms.HiddenInput, required=False)


class DepartmentForm(forms.Form):
    department = forms.ModelChoiceField(
        label="部门", queryset=registry_selectors.active_departments(include_external=False)
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if (
            user is not None
            and getattr(user, "department_id", None)
            and user.role in (Role.OFFICER, Role.SECTION_CHIEF)
        ):
            self.fields["department"].initial = user.department_id


class DraftForm(DepartmentForm):
    title = BoundedTextField(label="文件名称", max_length=200)
    summary = forms.CharField(
        label="主要内容", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    affects_business = forms.BooleanField(label="涉及经营者经济活动（须公平竞争审查）", required=False, initial=True)
    interim = forms.BooleanField(label="暂行、试行", required=False)
    drafted_on = StepDateField(label="起草（送审）日期")


class LegalityForm(Revisioned):
    on = StepDateField(label="审核日期")
    passed = forms.ChoiceField(label="审核结果", choices=[("yes", "通过，提交集体讨论"), ("no", "退回修改")])
    opinion = BoundedTextField(label="审核意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class FairForm(forms.Form):
    on = StepDateField(label="审查日期")
    findings = forms.MultipleChoiceField(
        label="存在的限制竞争情形（逐项对照审查标准）", required=False, widget=forms.CheckboxSelectMultiple
    )
    conclusion = forms.ChoiceField(label="审查结论")
    conclusion_text = BoundedTextField(label="书面审查结论", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    exception_reason = forms.CharField(label="适用例外的理由（条例第十二条）", required=False, max_length=500)
    exception_until = forms.DateField(label="例外的实施期限", required=False, widget=DateInput)
    stakeholders_heard = forms.CharField(label="听取意见的经营者、行业协会", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = legal_today()
        groups = {g.id: g.label for g in rules.items("normative_docs.fair_competition_groups", today)}
        self.fields["findings"].choices = [  # type: ignore[attr-defined]
            (i.id, f"{groups.get(i.group, '')}：{i.label}")
            for i in rules.items("normative_docs.fair_competition_checklist", today)
        ]
        self.fields["conclusion"].choices = _choices("normative_docs.fair_competition_conclusions")  # type: ignore[attr-defined]


class DiscussForm(Revisioned):
    on = StepDateField(label="讨论日期")
    meeting = BoundedTextField(label="会议", max_length=100, initial="局长办公会")
    minutes = BoundedTextField(
        label="会议纪要（含不同意见）", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class IssueForm(Revisioned):
    on = StepDateField(label="公布日期")
    document_number = BoundedTextField(label="文号", max_length=60)
    valid_years = forms.CharField(label="有效期（年，留空按规则建议）", required=False, max_length=12)


class FileForm(forms.Form):
    on = StepDateField(label="报送备案日期")
    body = BoundedTextField(label="备案机关", max_length=100, initial="天津市东丽区人民政府")


class RepealForm(Revisioned):
    on = StepDateField(label="废止日期")
    reason = BoundedTextField(label="废止理由", max_length=300)


class CleanupForm(forms.Form):
    title = BoundedTextField(label="清理名称", max_length=200)
    started_on = StepDateField(label="开始日期")


class CleanupEntryForm(forms.Form):
    document_number = forms.CharField(label="文号或登记编号", max_length=60)
    outcome = forms.ChoiceField(label="清理结果")
    reason = forms.CharField(label="理由", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = _choices("normative_docs.cleanup_outcomes")  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    on = StepDateField(label="公布清理结果日期")


class MechanismForm(DepartmentForm):
    kind = forms.ChoiceField(label="机制")
    held_on = StepDateField(label="日期")
    title = BoundedTextField(label="事项", max_length=200)
    summary = BoundedTextField(
        label="情况（结论、处理结果）", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _choices("normative_docs.mechanisms")  # type: ignore[attr-defined]
