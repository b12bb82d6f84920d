import datetime as dt

from fazhi.cases.models import Case
from fazhi.cases.services.documents import MISSING_BASIS, _basis


def test_未冻结裁量时按违法行为查基准表取得法律依据():
    case = Case(violation_id="food.expired_food_sale", filed_on=dt.date(2023, 3, 1), discretion=None)
    violated, provision = _basis(case)
    assert violated.startswith("《") and "食品安全法" in violated
    assert provision.startswith("《") and "食品安全法" in provision


def test_冻结的裁量结果优先():
    case = Case(
        violation_id="food.expired_food_sale",
        filed_on=dt.date(2023, 3, 1),
        discretion={
            "violated": {"instrument": "甲法", "article": "第一条"},
            "penalty_provision": {"instrument": "甲法", "article": "第九条"},
        },
    )
    assert _basis(case) == ("《甲法》第一条", "《甲法》第九条")


def test_没有法律依据时文书明示缺失而不写含糊的相关法律法规():
    case = Case(violation_id="", filed_on=dt.date(2023, 3, 1), discretion=None)
    assert _basis(case) == (MISSING_BASIS, MISSING_BASIS)
