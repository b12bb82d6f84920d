from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from fazhi.registry.choices import EntityKind, IndustrySection, RegistrationStatus, RiskClass

IMPORT_KINDS = [
    ("entities", "市场主体"),
    ("officers", "执法人员"),
    ("departments", "部门"),
    ("permits", "证照分离办件"),
]


def _blank(choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "全部"), *choices]


class EntitySearchForm(forms.Form):
    """The search filters (GET). The selector re-validates them, so this form only renders."""

    q = forms.CharField(
        label="名称关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "名称中的字词，如：鑫源商贸"})
    )
    uscc = forms.CharField(
        label="统一社会信用代码/注册号",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "完整代码或前几位"}),
    )
    status = forms.ChoiceField(label="登记状态", required=False, choices=_blank(RegistrationStatus.choices))
    kind = forms.ChoiceField(label="主体类型", required=False, choices=_blank(EntityKind.choices))
    office = forms.ChoiceField(label="管辖单位", required=False)
    industry = forms.ChoiceField(label="行业门类", required=False, choices=_blank(IndustrySection.choices))
    risk_class = forms.ChoiceField(label="信用风险分类", required=False, choices=_blank(RiskClass.choices))

    def __init__(self, *args: Any, offices: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = self.fields["office"]
        assert isinstance(office, forms.ChoiceField)
        office.choices = _blank([(str(pk), name) for pk, name in offices])


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="数据种类", choices=IMPORT_KINDS)
    file = forms.FileField(label="文件（CSV 或 XLSX）")
