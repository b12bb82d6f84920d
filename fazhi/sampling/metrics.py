"""The sampling and campaign figures of the annual report (seed-figures.md § Sampling), each one aggregate query.

* ``sampling.<area>_batches``: batches of the product area sampled in the year (抽样日期 1 January – 31
  December) whose conclusion is recorded (合格 or 不合格) — "sampled and tested". A batch sampled on 30 December
  and reported in January counts in the year it was sampled, once its report is in.
* ``sampling.product_categories``: distinct product categories among the year's industrial-product batches.
* ``campaigns.food_special_inspections``: food-safety 专项执法检查 campaigns starting in the year.
* ``campaigns.elevator_maintainers_checked``: distinct elevator maintenance units checked (检查日期 in the year)
  in campaigns targeting them.
"""

from __future__ import annotations

from fazhi.core.metrics import register_metric
from fazhi.sampling import selectors
from fazhi.sampling.choices import ProductArea

AREAS = (
    ("sampling.food_batches", ProductArea.FOOD, "食品抽样检验批次"),
    ("sampling.drug_batches", ProductArea.DRUG, "药品抽样检验批次"),
    ("sampling.cosmetic_batches", ProductArea.COSMETIC, "化妆品抽样检验批次"),
    ("sampling.device_batches", ProductArea.DEVICE, "医疗器械抽样检验批次"),
    ("sampling.product_batches", ProductArea.PRODUCT, "工业产品质量监督抽查批次"),
)


def _register_area(metric_id: str, area: str, label: str) -> None:
    register_metric(
        metric_id,
        label,
        module="sampling",
        compute=lambda year: selectors.tested_batches(year, area).count(),
        definition=f"抽样日期在本年度内、已出具检验结论（合格或不合格）的{ProductArea(area).label}抽检批次数",
        records=lambda year: selectors.tested_batches(year, area),
        # batches of the area sampled in the year but not yet concluded make a 0 a fact; no batch at all, a gap
        source=lambda year: selectors.sampled(year, area).exists(),
    )


for _id, _area, _label in AREAS:
    _register_area(_id, _area, _label)

register_metric(
    "sampling.product_categories",
    "工业产品质量监督抽查产品类别",
    module="sampling",
    compute=selectors.product_category_count,
    definition="本年度已出具检验结论的工业产品抽查批次涉及的产品类别数（按类别名称去重）",
    records=lambda year: selectors.tested_batches(year, ProductArea.PRODUCT),
    source=lambda year: selectors.sampled(year, ProductArea.PRODUCT).exists(),
)
register_metric(
    "campaigns.food_special_inspections",
    "食品安全专项执法检查",
    module="sampling",
    compute=lambda year: selectors.food_special_inspections(year).count(),
    definition="领域为食品安全、类型为专项执法检查、开始日期在本年度内的专项行动次数",
    records=selectors.food_special_inspections,
    source=lambda year: selectors.campaigns_started(year).exists(),
)
register_metric(
    "campaigns.elevator_maintainers_checked",
    "检查电梯维保单位",
    module="sampling",
    compute=selectors.elevator_maintainers_checked,
    definition="以电梯维保单位为对象的专项检查中，检查日期在本年度内的被检查单位数（同一单位只计一次）",
    records=selectors.elevator_maintainer_checks,
    source=lambda year: selectors.elevator_maintainer_checks(year).exists(),
)
