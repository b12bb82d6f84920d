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
from fazhi.core.metrics import register_metric, register_series


def _penalised(year: int):
    return Case.objects.filter(decision_kind=DecisionKind.PENALTY, decided_on__year=year)


def _amount(qs) -> Decimal:
    return qs.aggregate(total=Sum(F("fine") + F("confiscation")))["total"] or Decimal("0")


def closed_with_penalty(year: int) -> int:
    return _penalised(year).count()


def fines_confiscations(year: int) -> Decimal:
    return _amount(_penalised(year))


def transferred(year: int) -> int:
    return Case.objects.filter(decision_kind=DecisionKind.TRANSFER, decided_on__year=year).count()


def exempted_minor(year: int) -> int:
    return Case.objects.filter(
        decision_kind=DecisionKind.NO_PENALTY, decided_on__year=year, exemption__isnull=False
    ).count()


def coercion_waived(year: int) -> int:
    return Case.objects.filter(coercion_waived=True, coercion_waived_on__year=year).count()


def by_domain(domain: str):
    return lambda year: _penalised(year).filter(domain=domain).count()


def special_equipment_fines(year: int) -> Decimal:
    return _amount(_penalised(year).filter(domain=Domain.SPECIAL_EQUIPMENT))


def ip_mediations(year: int) -> int:
    return Case.objects.filter(ip_mediated=True, ip_mediated_on__year=year).count()


def major_decision_reviews(year: int) -> int:
    return LegalReview.objects.filter(reviewed_on__year=year, major_decision=True).values("case").distinct().count()


def inspection_cases(year: int) -> int:
    return _penalised(year).filter(clue__source_kind=ClueSource.INSPECTION).count()


def inspection_fines(year: int) -> Decimal:
    return _amount(_penalised(year).filter(clue__source_kind=ClueSource.INSPECTION))


def year_summary(year: int) -> dict[str, int | Decimal]:
    """Every count in one pass (used by the benchmark)."""
    return _penalised(year).aggregate(
        n=Count("id"),
        amount=Sum(F("fine") + F("confiscation")),
        food=Count("id", filter=Q(domain=Domain.FOOD)),
    )


M = "cases"
register_metric("cases.closed_with_penalty", "查处各类违法案件", module=M, compute=closed_with_penalty)
register_metric("cases.fines_confiscations_yuan", "罚没款", module=M, compute=fines_confiscations, unit="yuan")
register_metric("cases.transferred_to_police", "移送公安机关", module=M, compute=transferred)
register_metric("cases.exempted_minor", "免罚轻微违法案件", module=M, compute=exempted_minor)
register_metric("cases.coercion_waived", "免予行政强制", module=M, compute=coercion_waived)
register_metric("cases.by_domain.food", "查办食品案件", module=M, compute=by_domain(Domain.FOOD))
register_metric(
    "cases.by_domain.drugs_cosmetics_devices",
    "查办两品一械案件",
    module=M,
    compute=by_domain(Domain.DRUGS_COSMETICS_DEVICES),
)
register_metric(
    "cases.by_domain.special_equipment", "特种设备案件", module=M, compute=by_domain(Domain.SPECIAL_EQUIPMENT)
)
register_metric(
    "cases.by_domain.special_equipment_fines_yuan",
    "特种设备案件罚没款",
    module=M,
    compute=special_equipment_fines,
    unit="yuan",
)
register_metric(
    "cases.by_domain.product_quality", "工业产品质量案件", module=M, compute=by_domain(Domain.PRODUCT_QUALITY)
)
register_metric(
    "cases.by_domain.intellectual_property",
    "知识产权行政案件",
    module=M,
    compute=by_domain(Domain.INTELLECTUAL_PROPERTY),
)
register_metric("ip.mediations", "知识产权纠纷调解", module=M, compute=ip_mediations)
register_metric("legal_review.major_decisions", "重大执法决定法制审核", module=M, compute=major_decision_reviews)
register_metric("inspections.cases_filed", "双随机抽查立案处罚", module=M, compute=inspection_cases)
register_metric("inspections.fines_yuan", "双随机抽查案件罚款", module=M, compute=inspection_fines, unit="yuan")


def cases_by_domain(year: int) -> list[tuple[str, int]]:
    """Penalised cases of the year by enforcement domain, largest first (the report's chart and top-3)."""
    counts = dict(_penalised(year).values_list("domain").annotate(n=Count("id")))
    rows = [(str(label), counts.get(value, 0)) for value, label in Domain.choices]
    return sorted((r for r in rows if r[1]), key=lambda r: -r[1])


register_series("cases.by_domain", "行政处罚案件按领域", module=M, compute=cases_by_domain)
