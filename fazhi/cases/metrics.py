"""The cases metrics of the annual report (seed-figures.md § Enforcement cases), each one aggregate query.

Definitions (docs/domain/cases.md § Statistics): a case counts in the year of its decision (``decided_on``);
"closed with penalty" = decision kind 行政处罚 (ordinary, fast-track and summary procedure); fines and
confiscations = the decided amounts; exempted = 不予处罚 decisions under a no-penalty list item; coercion waived
= cases where a coercive measure was not applied under the no-coercion list, in the year of that decision
(``coercion_waived_on``); IP mediations = mediations recorded in the year (``ip_mediated_on``); legal reviews =
cases with a legal review on a major-decision criterion (not only an uncertainty to confirm) completed in the year.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from fazhi.cases.choices import ClueSource, DecisionKind, Domain
from fazhi.cases.models import Case, LegalReview
from fazhi.core.metrics import any_record, register_batch, register_metric, register_series


def penalised_q(year: int) -> Q:
    return Q(decision_kind=DecisionKind.PENALTY, decided_on__year=year)


def transferred_q(year: int) -> Q:
    return Q(decision_kind=DecisionKind.TRANSFER, decided_on__year=year)


def exempted_q(year: int) -> Q:
    return Q(decision_kind=DecisionKind.NO_PENALTY, decided_on__year=year, exemption__isnull=False)


def coercion_waived_q(year: int) -> Q:
    return Q(coercion_waived=True, coercion_waived_on__year=year)


def ip_mediated_q(year: int) -> Q:
    return Q(ip_mediated=True, ip_mediated_on__year=year)


def _penalised(year: int):
    return Case.objects.filter(penalised_q(year))


def _amount(qs) -> Decimal:
    return qs.aggregate(total=Sum(F("fine") + F("confiscation")))["total"] or Decimal("0")


# The records each figure counts (the report's figures open them); every count is ``records(year).count()`` or an
# amount summed over the same records, so a figure and its list never disagree.


def penalised_records(year: int):
    return _penalised(year)


def closed_with_penalty(year: int) -> int:
    return _penalised(year).count()


def fines_confiscations(year: int) -> Decimal:
    return _amount(_penalised(year))


def transferred_records(year: int):
    return Case.objects.filter(transferred_q(year))


def transferred(year: int) -> int:
    return transferred_records(year).count()


def exempted_records(year: int):
    return Case.objects.filter(exempted_q(year))


def exempted_minor(year: int) -> int:
    return exempted_records(year).count()


def coercion_waived_records(year: int):
    return Case.objects.filter(coercion_waived_q(year))


def coercion_waived(year: int) -> int:
    return coercion_waived_records(year).count()


def domain_records(domain: str):
    return lambda year: _penalised(year).filter(domain=domain)


def by_domain(domain: str):
    return lambda year: _penalised(year).filter(domain=domain).count()


def special_equipment_fines(year: int) -> Decimal:
    return _amount(_penalised(year).filter(domain=Domain.SPECIAL_EQUIPMENT))


def ip_mediation_records(year: int):
    return Case.objects.filter(ip_mediated_q(year))


def ip_mediations(year: int) -> int:
    return ip_mediation_records(year).count()


def legal_reviews_completed(year: int):
    """Legal reviews completed in the year, whatever their criterion."""
    return LegalReview.objects.filter(reviewed_on__year=year)


def major_review_records(year: int):
    """Cases with a legal review on a major-decision criterion completed in the year (a case counts once)."""
    return Case.objects.filter(pk__in=legal_reviews_completed(year).filter(major_decision=True).values("case_id"))


def major_decision_reviews(year: int) -> int:
    return major_review_records(year).count()


def inspection_case_records(year: int):
    return _penalised(year).filter(clue__source_kind=ClueSource.INSPECTION)


def inspection_cases(year: int) -> int:
    return inspection_case_records(year).count()


def inspection_fines(year: int) -> Decimal:
    return _amount(inspection_case_records(year))


def year_summary(year: int) -> dict[str, int | Decimal]:
    """Every count in one pass (used by the benchmark)."""
    return _penalised(year).aggregate(
        n=Count("id"),
        amount=Sum(F("fine") + F("confiscation")),
        food=Count("id", filter=Q(domain=Domain.FOOD)),
    )


M = "cases"
PENALISED = "行政处罚决定日期在当年1月1日至12月31日之间、决定种类为行政处罚（含普通程序、快速办理和当场处罚）的案件"
# The penalty-case figures pick among the year's penalty decisions (a domain, a clue source): where fazhi holds no
# penalty decision at all for the year, their 0 is a gap in the records, not a fact. The other case figures count
# decisions of their own kind (transfer, exemption, coercion waived, mediation) that a year may well lack: 0 stays.
# The major-decision review figure picks among the year's completed legal reviews (a criterion): with none, a gap.
PENALTY_DECISIONS = any_record(penalised_records)
LEGAL_REVIEWS = any_record(legal_reviews_completed)
register_metric(
    "cases.closed_with_penalty", "查处各类违法案件", module=M, compute=closed_with_penalty,
    records=penalised_records, definition=f"{PENALISED}件数", source=PENALTY_DECISIONS,
)  # fmt: skip
register_metric(
    "cases.fines_confiscations_yuan", "罚没款", module=M, compute=fines_confiscations, unit="yuan",
    records=penalised_records, definition=f"{PENALISED}所决定的罚款与没收违法所得金额之和", source=PENALTY_DECISIONS,
)  # fmt: skip
register_metric(
    "cases.transferred_to_police", "移送公安机关", module=M, compute=transferred, records=transferred_records,
    definition="当年作出移送司法机关（公安机关）决定的案件件数，按决定日期计",
)  # fmt: skip
register_metric(
    "cases.exempted_minor", "免罚轻微违法案件", module=M, compute=exempted_minor, records=exempted_records,
    definition="当年依免罚清单事项作出不予行政处罚决定的案件件数，按决定日期计",
)  # fmt: skip
register_metric(
    "cases.coercion_waived", "免予行政强制", module=M, compute=coercion_waived, records=coercion_waived_records,
    definition="当年依不予实施行政强制措施清单决定不实施行政强制措施的案件件数，按该决定的日期计",
)  # fmt: skip
DOMAIN_METRICS = (
    ("cases.by_domain.food", "查办食品案件", Domain.FOOD),
    ("cases.by_domain.drugs_cosmetics_devices", "查办两品一械案件", Domain.DRUGS_COSMETICS_DEVICES),
    ("cases.by_domain.special_equipment", "特种设备案件", Domain.SPECIAL_EQUIPMENT),
    ("cases.by_domain.product_quality", "工业产品质量案件", Domain.PRODUCT_QUALITY),
    ("cases.by_domain.intellectual_property", "知识产权行政案件", Domain.INTELLECTUAL_PROPERTY),
)
for metric_id, label, domain in DOMAIN_METRICS:
    register_metric(
        metric_id, label, module=M, compute=by_domain(domain), records=domain_records(domain),
        definition=f"{PENALISED}中执法领域为“{domain.label}”的件数", source=PENALTY_DECISIONS,
    )  # fmt: skip
register_metric(
    "cases.by_domain.special_equipment_fines_yuan", "特种设备案件罚没款", module=M, compute=special_equipment_fines,
    unit="yuan", records=domain_records(Domain.SPECIAL_EQUIPMENT),
    definition=f"{PENALISED}中执法领域为“特种设备”的罚款与没收违法所得金额之和", source=PENALTY_DECISIONS,
)  # fmt: skip
register_metric(
    "ip.mediations", "知识产权纠纷调解", module=M, compute=ip_mediations, records=ip_mediation_records,
    definition="当年记录调解的知识产权侵权纠纷件数，按调解日期计",
)  # fmt: skip
register_metric(
    "legal_review.major_decisions", "重大执法决定法制审核", module=M, compute=major_decision_reviews,
    records=major_review_records, source=LEGAL_REVIEWS,
    definition="当年完成法制审核、且审核依据为重大执法决定情形的案件件数（一案多次审核计一件），按审核完成日期计",
)  # fmt: skip
register_metric(
    "inspections.cases_filed", "双随机抽查立案处罚", module=M, compute=inspection_cases,
    records=inspection_case_records, definition=f"{PENALISED}中线索来源为“双随机”抽查的件数",
    source=PENALTY_DECISIONS,
)  # fmt: skip
register_metric(
    "inspections.fines_yuan", "双随机抽查案件罚款", module=M, compute=inspection_fines, unit="yuan",
    records=inspection_case_records, definition=f"{PENALISED}中线索来源为“双随机”抽查的罚款与没收违法所得金额之和",
    source=PENALTY_DECISIONS,
)  # fmt: skip


AMOUNT = F("fine") + F("confiscation")


def year_figures(years) -> dict[tuple[str, int], int | Decimal | None]:
    """The case figures of each of ``years`` in one pass over the cases: one FILTERed count or sum per figure and
    year, with the same conditions as each metric's own query."""
    aggregates: dict[str, Count | Sum] = {}
    for y in years:
        penalised = penalised_q(y)
        aggregates[f"cases.closed_with_penalty|{y}"] = Count("id", filter=penalised)
        aggregates[f"cases.fines_confiscations_yuan|{y}"] = Sum(AMOUNT, filter=penalised)
        aggregates[f"cases.transferred_to_police|{y}"] = Count("id", filter=transferred_q(y))
        aggregates[f"cases.exempted_minor|{y}"] = Count("id", filter=exempted_q(y))
        aggregates[f"cases.coercion_waived|{y}"] = Count("id", filter=coercion_waived_q(y))
        aggregates[f"ip.mediations|{y}"] = Count("id", filter=ip_mediated_q(y))
        for metric_id, _, domain in DOMAIN_METRICS:
            aggregates[f"{metric_id}|{y}"] = Count("id", filter=penalised & Q(domain=domain))
        aggregates[f"cases.by_domain.special_equipment_fines_yuan|{y}"] = Sum(
            AMOUNT, filter=penalised & Q(domain=Domain.SPECIAL_EQUIPMENT)
        )
    # the aggregates' keys are only names: Django wants identifiers, so they are numbered
    names = list(aggregates)
    row = Case.objects.aggregate(**{f"a{i}": aggregates[name] for i, name in enumerate(names)})
    out: dict[tuple[str, int], int | Decimal | None] = {}
    for i, name in enumerate(names):
        metric_id, year = name.split("|")
        value = row[f"a{i}"]
        if isinstance(aggregates[name], Sum):
            value = value or Decimal("0")
        out[(metric_id, int(year))] = value
    return out


BATCH_METRICS = [
    "cases.closed_with_penalty", "cases.fines_confiscations_yuan", "cases.transferred_to_police",
    "cases.exempted_minor", "cases.coercion_waived", "ip.mediations", *(m for m, _, _ in DOMAIN_METRICS),
    "cases.by_domain.special_equipment_fines_yuan",
]  # fmt: skip
register_batch("cases.decisions", metrics=BATCH_METRICS, compute=year_figures)


def cases_by_domain(year: int) -> list[tuple[str, int]]:
    """Penalised cases of the year by enforcement domain, largest first (the report's chart and top-3)."""
    counts = dict(_penalised(year).values_list("domain").annotate(n=Count("id")))
    rows = [(str(label), counts.get(value, 0)) for value, label in Domain.choices]
    return sorted((r for r in rows if r[1]), key=lambda r: -r[1])


register_series("cases.by_domain", "行政处罚案件按领域", module=M, compute=cases_by_domain)
