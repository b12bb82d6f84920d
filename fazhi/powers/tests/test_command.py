import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from fazhi.powers.tests.factories import D2022, approved_batch

pytestmark = pytest.mark.django_db


def test_命令导出某日清单(tmp_path, make_user, department):
    approved_batch(make_user("section_chief"), make_user("leader"), "基线", D2022, [("add", "A-1", "事项一")],
                   department=department)  # fmt: skip
    path = tmp_path / "list.xlsx"
    call_command("export-powers", str(path), "--on", "2022-06-01")
    ws = load_workbook(path).active
    assert [c.value for c in ws[1]][:3] == ["序号", "事项编码", "事项名称"]
    assert [c.value for c in ws[2]][1:3] == ["A-1", "事项一"]
    assert ws[1][0].font.bold
