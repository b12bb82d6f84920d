"""Who decides a serious-list listing, and the legal representative's 3-year bar (issue 13 §2).

Written from the texts, not from the code:
- 企业信息公示暂行条例（2014）第十七条第二款 [TEXT]: an enterprise still not publishing 满3年 after its abnormal
  listing "由国务院工商行政管理部门或者省、自治区、直辖市人民政府工商行政管理部门列入严重违法企业名单" — a district
  bureau cannot decide it, it submits (提请) and records the provincial decision. 第三款: removal after 5 years by the
  same authorities. Same paragraph: "被列入严重违法企业名单的企业的法定代表人、负责人，3年内不得担任其他企业的法定代表
  人、负责人".
- 总局令第44号 [SECONDARY: the text could not be read; SAMR's 2025 revision note]: 县级、设区的市级部门作出列入决定，
  需报经上一级部门同意.
- 市场主体登记管理条例第十二条第（六）项、第二十五条 [TEXT]: a legal representative falling under a bar of an
  administrative regulation → the entity applies for a change registration.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.errors import DomainError
from fazhi.credit import selectors, services
from fazhi.credit.models import SeriousListing

D = dt.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.FAZHI_LEGAL_TODAY = "2026-12-06"


def _abnormal_3_years(make_entity, **kw) -> SeriousListing:
    entity = make_entity("enterprise", **kw)
    services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2020, 7, 1), basis_ref="", actor=None
    )
    (proposal,) = [
        p for p in services.serious_list_propose_overdue(today=D(2023, 7, 4), actor=None) if p.entity == entity
    ]
    return proposal


def _heavy(make_entity, on=D(2023, 9, 12)) -> SeriousListing:
    return services.serious_list_propose(
        entity=make_entity("enterprise"),
        ground="heavy_penalty",
        source_ref="东市监罚〔2023〕5号",
        decided_on=on,
        actor=None,
    )


def test_满3年转入_区局不能自行决定_须登记省级机关的列入决定(make_entity):
    proposal = _abnormal_3_years(make_entity)
    with pytest.raises(DomainError) as exc:
        services.serious_list_decide(listing=proposal, list_it=True, decided_on=D(2023, 7, 20), actor=None)
    assert exc.value.code == "credit.upper_decision_required" and exc.value.field == "upper_ref"
    assert "本局只能提请" in exc.value.message and "第十七条第二款" in exc.value.message
    # The listing's date is the provincial authority's decision date: a different date is refused.
    with pytest.raises(DomainError) as exc:
        services.serious_list_decide(
            listing=proposal, list_it=True, decided_on=D(2023, 7, 20), upper_ref="津市监信〔2023〕7号",
            upper_on=D(2023, 7, 18), actor=None,
        )  # fmt: skip
    assert exc.value.code == "credit.upper_date_mismatch"
    listed = services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2023, 7, 20), upper_ref="津市监信〔2023〕7号",
        upper_on=D(2023, 7, 20), upper_authority="天津市市场监督管理委员会", actor=None,
    )  # fmt: skip
    assert listed.status == "listed" and listed.decides == "upper"
    assert listed.deciding_authority == "天津市市场监督管理委员会" and listed.number == "津市监信〔2023〕7号"
    assert "第十七条" in listed.authority_basis


def test_较重处罚列入_须上一级部门同意_同意日期不晚于决定日期(make_entity):
    proposal = _heavy(make_entity)
    with pytest.raises(DomainError) as exc:
        services.serious_list_decide(listing=proposal, list_it=True, decided_on=D(2023, 9, 28), actor=None)
    assert exc.value.code == "credit.upper_consent_required"
    with pytest.raises(DomainError) as exc:
        services.serious_list_decide(
            listing=proposal, list_it=True, decided_on=D(2023, 9, 28), upper_ref="津市监信函〔2023〕9号",
            upper_on=D(2023, 9, 29), actor=None,
        )  # fmt: skip
    assert exc.value.code == "credit.upper_date_mismatch"
    with pytest.raises(DomainError) as exc:  # consent before the notice to the party: not possible
        services.serious_list_decide(
            listing=proposal, list_it=True, decided_on=D(2023, 9, 28), upper_ref="津市监信函〔2023〕9号",
            upper_on=D(2023, 9, 1), actor=None,
        )  # fmt: skip
    assert exc.value.code == "date.too_early"
    listed = services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2023, 9, 28), upper_ref="津市监信函〔2023〕9号",
        upper_on=D(2023, 9, 28), actor=None,
    )  # fmt: skip
    assert listed.decides == "bureau_with_upper_consent" and listed.number.startswith("东市监严〔2023〕")
    assert listed.upper_ref == "津市监信函〔2023〕9号" and listed.barred_person == ""  # no bar for this ground


def test_不予列入不需要上级文件(make_entity):
    proposal = _heavy(make_entity)
    dropped = services.serious_list_decide(listing=proposal, list_it=False, decided_on=D(2023, 9, 28), actor=None)
    assert dropped.status == "not_listed" and dropped.upper_ref == ""


def test_科室负责人不能签发_局负责人可以(make_entity, make_user):
    proposal = _heavy(make_entity)
    with pytest.raises(DomainError) as exc:
        services.serious_list_decide(
            listing=proposal, list_it=True, decided_on=D(2023, 9, 28), upper_ref="津市监信函〔2023〕9号",
            upper_on=D(2023, 9, 27), actor=make_user("section_chief"),
        )  # fmt: skip
    assert exc.value.code == "credit.serious_wrong_decider" and "局负责人" in exc.value.message
    leader = make_user("leader")
    listed = services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2023, 9, 28), upper_ref="津市监信函〔2023〕9号",
        upper_on=D(2023, 9, 27), actor=leader,
    )  # fmt: skip
    assert listed.decided_by == leader


def test_满3年转入的移出_由省级机关决定(make_entity):
    proposal = _abnormal_3_years(make_entity)
    listed = services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2020, 7, 20) if False else D(2023, 7, 20),
        upper_ref="津市监信〔2023〕8号", upper_on=D(2023, 7, 20), actor=None,
    )  # fmt: skip
    # 5 years (第十七条第三款): ends 2028-07-20, after today — only an early removal could be tried now.
    assert listed.ends_on == D(2028, 7, 20)
    with pytest.raises(DomainError) as exc:
        services.serious_list_remove(listing=listed, on=D(2024, 7, 22), early=True, actor=None)
    assert exc.value.code == "credit.upper_decision_required" and "移出" in exc.value.message
    services.serious_list_remove(
        listing=listed,
        on=D(2024, 7, 22),
        early=True,
        upper_ref="津市监信〔2024〕3号",
        upper_on=D(2024, 7, 22),
        actor=None,
    )
    assert listed.status == "removed_early" and listed.removal_upper_ref == "津市监信〔2024〕3号"


def test_满3年转入_记录法定代表人3年任职限制_同名人员在他企任职时提示(make_entity):
    proposal = _abnormal_3_years(make_entity, legal_representative="赵大力")
    listed = services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2023, 7, 20), upper_ref="津市监信〔2023〕7号",
        upper_on=D(2023, 7, 20), actor=None,
    )  # fmt: skip
    # 第十七条第二款: 3 years from the listing; a burden, never rolled: 2023-07-20 + 3 years = 2026-07-20.
    assert listed.barred_person == "赵大力" and listed.bar_ends_on == D(2026, 7, 20) and listed.bar_status == "TEXT"
    other = make_entity("enterprise", legal_representative="赵大力")
    unrelated = make_entity("enterprise", legal_representative="钱小红")
    (hit,) = selectors.entity_representative_warnings(other, today=D(2026, 7, 20))
    assert hit["listing"] == listed and hit["decides_alone"] is True
    assert selectors.entity_representative_warnings(other, today=D(2026, 7, 21)) == []  # 3 years are over
    assert selectors.entity_representative_warnings(unrelated, today=D(2024, 1, 1)) == []
    assert selectors.entity_representative_warnings(listed.entity, today=D(2024, 1, 1)) == []  # not "other"
    assert set(selectors.barred_representative_names(["赵大力", "钱小红", ""], today=D(2024, 1, 1))) == {"赵大力"}


def test_2024年修订后列入的任职限制_依据第十八条第二款原文(make_entity, make_user):
    """企业信息公示暂行条例（2024年修订）第十八条第二款 [TEXT, checked 2026-12-06]: "被列入市场监督管理严重违法失信名单
    的企业的法定代表人、负责人，3年内不得担任其他企业的法定代表人、负责人" — a TEXT value: the warning may decide."""
    entity = make_entity("enterprise", legal_representative="孙一")
    services.abnormal_list_propose(
        entity=entity, ground="unreachable", decided_on=D(2021, 6, 1), basis_ref="", actor=None
    )
    (proposal,) = services.serious_list_propose_overdue(today=D(2024, 6, 4), actor=None)
    listed = services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2024, 6, 20), upper_ref="津市监信〔2024〕9号",
        upper_on=D(2024, 6, 20), actor=None,
    )  # fmt: skip
    assert listed.bar_status == "TEXT" and listed.bar_ends_on == D(2027, 6, 20)
    assert "第十八条第二款" in listed.bar_basis
    other = make_entity("enterprise", legal_representative="孙一")
    (hit,) = selectors.entity_representative_warnings(other, today=D(2026, 12, 6))
    assert hit["decides_alone"] is True


def test_2024年修订后_较重处罚列入的企业_法定代表人同样受3年任职限制(make_entity):
    """2024 text Art. 18 para 2 bars the representative of every enterprise on the 市场监督管理严重违法失信名单, whatever
    the ground (the 2014 text tied it to the 严重违法企业名单 of its Art. 17): a heavy-penalty listing decided on
    2024-09-28 bars its legal representative until 2027-09-28 (3 years, not rolled)."""
    proposal = services.serious_list_propose(
        entity=make_entity("enterprise", legal_representative="郑七"), ground="heavy_penalty",
        source_ref="东市监罚〔2024〕5号", decided_on=D(2024, 9, 12), actor=None,
    )  # fmt: skip
    listed = services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2024, 9, 28), upper_ref="津市监信函〔2024〕9号",
        upper_on=D(2024, 9, 28), actor=None,
    )  # fmt: skip
    assert (listed.barred_person, listed.bar_ends_on, listed.bar_status) == ("郑七", D(2027, 9, 28), "TEXT")


def test_企业页面显示任职限制和同名提示(client, make_entity, make_user, settings):
    settings.FAZHI_LEGAL_TODAY = "2025-01-10"  # inside the 3 years (2023-07-20 … 2026-07-20)
    proposal = _abnormal_3_years(make_entity, legal_representative="李四")
    services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2023, 7, 20), upper_ref="津市监信〔2023〕7号",
        upper_on=D(2023, 7, 20), actor=None,
    )  # fmt: skip
    other = make_entity("enterprise", legal_representative="李四")
    client.force_login(make_user("officer"))
    page = client.get(reverse("registry:entity_detail", args=[other.pk])).content.decode()
    assert "不得担任其他企业的法定代表人" in page and "第二十五条" in page and "同名" in page
    own = client.get(reverse("credit:entity", args=[proposal.entity_id])).content.decode()
    assert 'data-testid="own-representative-bar"' in own and "2026-07-20" in own
    serious = client.get(reverse("credit:serious", args=[proposal.pk])).content.decode()
    assert "上级机关列入决定" in serious and "津市监信〔2023〕7号" in serious
    public = client.get(reverse("publicity:public_credit:serious_list")).content.decode()
    assert "天津市市场监督管理委员会" in public and "李四" not in public  # the deciding authority; no personal data


def test_导入市场主体时_法定代表人与任职限制人员同名的列出提示(
    client, make_entity, make_user, department, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.registry.models import MarketEntity

    settings.MEDIA_ROOT = tmp_path
    settings.FAZHI_LEGAL_TODAY = "2025-01-10"
    proposal = _abnormal_3_years(make_entity, legal_representative="周五")
    services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2023, 7, 20), upper_ref="津市监信〔2023〕7号",
        upper_on=D(2023, 7, 20), actor=None,
    )  # fmt: skip
    csv = (
        "统一社会信用代码,企业名称,主体类型,成立日期,登记状态,管辖单位,法定代表人\n"
        f"91120110MA05L0XX67,天津鑫源商贸有限公司,企业,2024-12-02,存续,{department.name},周五\n"
        f"91120110MA05L0XX75,天津另一商贸有限公司,企业,2024-12-02,存续,{department.name},吴六\n"
    ).encode()
    client.force_login(make_user("section_chief"))
    r = client.post("/registry/import/", {"kind": "entities", "file": SimpleUploadedFile("e.csv", csv, "text/csv")})
    html = r.content.decode()
    assert MarketEntity.objects.filter(legal_representative="周五").count() == 2
    block = html.split('data-code="credit.representative_bar"')[1].split("</div>")[0]
    assert "天津鑫源商贸有限公司" in block and "天津另一商贸有限公司" not in block
    assert "不得担任其他企业的法定代表人" in block and "第二十五条" in block


def test_命令行导入市场主体_同一提示_同一代码_文本和JSON(make_entity, department, settings, tmp_path):
    """``fazhi import entities``: the same warning as the import page — code ``credit.representative_bar`` — in the
    JSON object and in the text output; an entity whose representative has no barred name is not listed."""
    import io
    import json

    from django.core.management import call_command

    from fazhi.rulebook.identifiers import make_uscc

    settings.MEDIA_ROOT = tmp_path
    settings.FAZHI_LEGAL_TODAY = "2025-01-10"
    proposal = _abnormal_3_years(make_entity, legal_representative="周五")
    services.serious_list_decide(
        listing=proposal, list_it=True, decided_on=D(2023, 7, 20), upper_ref="津市监信〔2023〕7号",
        upper_on=D(2023, 7, 20), actor=None,
    )  # fmt: skip
    # The bar ends three years after the listing (条例 2014 text Art. 17 para 2): 2026-07-20, hand-counted.
    path = tmp_path / "e.csv"
    path.write_text(
        "统一社会信用代码,企业名称,主体类型,成立日期,登记状态,管辖单位,法定代表人\n"
        f"91120110MA05L0XX67,天津鑫源商贸有限公司,企业,2024-12-02,存续,{department.name},周五\n"
        f"{make_uscc('120110', '91', '05L0XX78')},天津另一商贸有限公司,企业,2024-12-02,存续,{department.name},吴六\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import", "entities", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["created"] == 2 and data["rejected"] == 0, data["errors"]
    (warning,) = data["warnings"]
    assert warning["code"] == "credit.representative_bar"
    assert "不得担任其他企业的法定代表人" in warning["message"] and "第二十五条" in warning["message"]
    (item,) = warning["items"]
    assert (item["uscc"], item["legal_representative"]) == ("91120110MA05L0XX67", "周五")
    assert (item["listed_on"], item["bar_ends_on"]) == ("2023-07-20", "2026-07-20")
    assert item["listed_uscc"] == proposal.entity.uscc
    # The text output: the same code and message, one line per entity.
    text = io.StringIO()
    # (a second run that changes the first row: only created or changed entities are checked)
    path.write_text(path.read_text(encoding="utf-8").replace("2024-12-02", "2024-12-03", 1), encoding="utf-8")
    call_command("import", "entities", str(path), stdout=text)
    printed = text.getvalue()
    assert "注意 [credit.representative_bar]" in printed and "天津鑫源商贸有限公司" in printed
    assert "天津另一商贸有限公司" not in printed


def test_命令行导入_无同名时没有提示(make_entity, department, settings, tmp_path):
    import io
    import json

    from django.core.management import call_command

    settings.FAZHI_LEGAL_TODAY = "2025-01-10"
    path = tmp_path / "e.csv"
    path.write_text(
        "统一社会信用代码,企业名称,主体类型,成立日期,登记状态,管辖单位,法定代表人\n"
        f"91120110MA05L0XX67,天津鑫源商贸有限公司,企业,2024-12-02,存续,{department.name},周五\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import", "entities", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["warnings"] == []
