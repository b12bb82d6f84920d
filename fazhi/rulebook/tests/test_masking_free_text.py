"""Names and addresses of natural persons in free text (issue 14 §10): written by hand, not derived from the code.

The finding: free-text masking caught numbers but not "张三…先锋路18号3单元502室", and case titles flow into
public summaries. Known names, names after person labels and the household part of an address are masked;
document numbers, dates, amounts and organisation text are left alone.
"""

from __future__ import annotations

import pytest

from fazhi.rulebook.masking import mask_free_text, mask_house_numbers, mask_labelled_names


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("张三在天津市东丽区先锋路18号3单元502室经营小吃店", ["张三"], "张*在天津市东丽区先锋路****经营小吃店"),
        ("当事人张三销售过期食品案", [], "当事人张*销售过期食品案"),
        ("经营者：李四，住所幸福小区3号楼2单元401", [], "经营者：李*，住所幸福小区****"),
        ("消费者欧阳娜娜投诉", [], "消费者欧阳**投诉"),
        ("法定代表人王小五未到场", [], "法定代表人王**未到场"),
        ("金钟花园5栋1门302", [], "金钟花园****"),
        ("先锋路18-3-502", [], "先锋路****"),
        ("东丽区金钟街道先锋路十八号", [], "东丽区金钟街道先锋路****"),
        (
            "张三（身份证号120110199001011234，电话13812345678）",
            ["张三"],
            "张*（身份证号120110********1234，电话138****5678）",
        ),
    ],
)
def test_自然人姓名与门牌被遮蔽(text, names, expected):
    assert mask_free_text(text, names=names) == expected


@pytest.mark.parametrize(
    "text",
    [
        "津东丽市监处罚〔2023〕12号",
        "依据《市场监督管理行政处罚程序规定》第12号令",
        "罚款 5000 元，没收违法所得 1200 元",
        "2023年3月1日",
        "经12315平台转办",
        "天津市东丽区某某商贸有限公司销售过期食品案",
    ],
)
def test_文号日期金额与机构文字不被遮蔽(text):
    assert mask_free_text(text) == text


def test_已知的地址和证件号整体替换():
    text = "住天津市东丽区张贵庄街道跃进路12号，证件号120110199001011234"
    masked = mask_free_text(text, addresses=["天津市东丽区张贵庄街道跃进路12号"], id_numbers=["120110199001011234"])
    assert masked == "住天津市东丽区张贵庄街道****，证件号120110********1234"


def test_标签后不是姓名时不动():
    assert mask_labelled_names("当事人：（略）") == "当事人：（略）"
    assert mask_labelled_names("当事人") == "当事人"
    assert mask_labelled_names("联系人A公司") == "联系人A公司"


def test_单字门牌以外的数字不动():
    assert mask_house_numbers("第3条第2款") == "第3条第2款"
