"""Credit reads: lists for staff and the public, queues, counts for the metrics, the home panel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.core.access import scope
from fazhi.credit.choices import ApplicationStatus, ListingStatus, RevocationStatus, SeriousStatus
from fazhi.credit.models import (
    AbnormalListing,
    CreditChange,
    CreditRepair,
    IdentityMisuseRevocation,
    ListingApplication,
    SeriousListing,
)
from fazhi.rulebook import credit as rules
from fazhi.rulebook.deadlines import last_start_ended_before
from fazhi.rulebook.errors import RulebookError

PAGE_SIZE = 50
OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)


def _search(qs: QuerySet, q: str) -> QuerySet:
    """USCC / 注册号 exact or prefix (indexed), else the name (substring)."""
    q = (q or "").strip()[:60]
    if not q:
        return qs
    if q.isalnum() and q.isascii() and len(q) >= 6:
        q = q.upper()
        return qs.filter(Q(entity__uscc__startswith=q) | Q(entity__registration_number__startswith=q))
    return qs.filter(entity__name__contains=q)


def keyset_page(qs: QuerySet, page: int, page_size: int = PAGE_SIZE) -> tuple[list[Any], bool]:
    """One page without COUNT(*) (fast on a million rows): rows and whether a next page exists."""
    page = max(1, page)
    rows = list(qs[(page - 1) * page_size : page * page_size + 1])
    return rows[:page_size], len(rows) > page_size


def public_abnormal_list(*, q: str = "", consequence: str = "") -> QuerySet[AbnormalListing]:
    """Listings in force, newest first (public: name, USCC, ground, date, authority — no personal data)."""
    qs = AbnormalListing.objects.filter(status=ListingStatus.LISTED)
    if consequence:
        qs = qs.filter(consequence=consequence)
    qs = _search(qs, q)
    return (
        qs.select_related("entity", "department")
        .only(
            "number",
            "ground",
            "consequence",
            "decided_on",
            "basis_ref",
            "department__name",
            "entity__name",
            "entity__uscc",
            "entity__registration_number",
            "entity__kind",
        )
        .order_by("-decided_on", "-id")
    )


def public_serious_list(*, q: str = "") -> QuerySet[SeriousListing]:
    qs = SeriousListing.objects.filter(status=SeriousStatus.LISTED)
    return _search(qs, q).select_related("entity", "department").order_by("-decided_on", "-id")


def staff_listings(user: Any, *, q: str = "", status: str = "", consequence: str = "") -> QuerySet[AbnormalListing]:
    qs = scope(user, AbnormalListing.objects.all(), "department")
    if status:
        qs = qs.filter(status=status)
    if consequence:
        qs = qs.filter(consequence=consequence)
    return _search(qs, q).select_related("entity", "department").order_by("-decided_on", "-id")


def application_queue(user: Any) -> QuerySet[ListingApplication]:
    """Open removal applications and objections, earliest deadline first (the removal queue)."""
    qs = scope(user, ListingApplication.objects.filter(status__in=OPEN), "department")
    return qs.select_related("listing", "listing__entity").order_by("due_on", "id")


def queue_counts(user: Any, today: dt.date) -> dict[str, int]:
    """The removal queue's three numbers in one statement (one pass over the open applications' index)."""
    qs = scope(user, ListingApplication.objects.filter(status__in=OPEN), "department")
    counts = qs.aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)), today=Count("id", filter=Q(due_on=today))
    )
    return {key: counts[key] or 0 for key in ("open", "overdue", "today")}


def entity_credit(entity: Any) -> dict[str, Any]:
    """Everything the credit page of one entity shows (staff and, masked, public)."""
    return {
        "listings": list(
            AbnormalListing.objects.filter(entity=entity).select_related("department").order_by("-decided_on")
        ),
        "serious": list(SeriousListing.objects.filter(entity=entity).exclude(status=SeriousStatus.PROPOSED)),
        "serious_all": list(SeriousListing.objects.filter(entity=entity)),
        "repairs": list(CreditRepair.objects.filter(entity=entity)),
        # public: only a revocation in force; staff: the whole history of proposals
        "revocation": IdentityMisuseRevocation.objects.filter(entity=entity, status=RevocationStatus.EFFECTIVE).first(),
        "revocations": list(IdentityMisuseRevocation.objects.filter(entity=entity).order_by("-created_at", "-id")),
    }


def entity_is_listed(entity: Any) -> bool:
    return (
        AbnormalListing.objects.filter(entity=entity, status=ListingStatus.LISTED).exists()
        or SeriousListing.objects.filter(entity=entity, status=SeriousStatus.LISTED).exists()
    )


def abnormal_overdue_for_serious(*, today: dt.date) -> QuerySet[AbnormalListing]:
    """Abnormal listings whose 3-year cure window (条例第十七条, counted by the deadline engine) ended before
    ``today`` and that are not yet proposed."""
    serious = rules.serious_list_rules(today)
    cutoff = last_start_ended_before(serious.periods["abnormal_to_serious"], today)
    already = SeriousListing.objects.filter(ground="abnormal_list_3_years").values("source_ref")
    return (
        AbnormalListing.objects.filter(status=ListingStatus.LISTED, consequence="abnormal_list", decided_on__lte=cutoff)
        .exclude(number__in=already)
        .select_related("entity")
    )


def change_feed(*, since: dt.date | None = None, limit: int = 200) -> list[CreditChange]:
    qs = CreditChange.objects.select_related("entity").order_by("-occurred_on", "-id")
    if since:
        qs = qs.filter(occurred_on__gte=since)
    return list(qs[:limit])


def repairs(user: Any) -> QuerySet[CreditRepair]:
    return scope(user, CreditRepair.objects.all(), "department").select_related("entity").order_by("-applied_on")


def serious_listings(user: Any) -> QuerySet[SeriousListing]:
    return SeriousListing.objects.select_related("entity").order_by("-proposed_on", "-id")


# ------------------------------------------------------------------------------------------ metrics (set-based)


def _year(field: str, year: int) -> dict[str, Any]:
    return {f"{field}__gte": dt.date(year, 1, 1), f"{field}__lte": dt.date(year, 12, 31)}


def listed_records(consequence: str, year: int, ground: str | None = None) -> QuerySet[AbnormalListing]:
    """The listings (or individual marks) decided in ``year``, optionally on one ground."""
    qs = AbnormalListing.objects.filter(consequence=consequence, **_year("decided_on", year))
    if ground:
        qs = qs.filter(ground=ground)
    return qs.select_related("entity").order_by("decided_on", "id")


def listed_count(consequence: str, year: int, ground: str | None = None) -> int:
    return listed_records(consequence, year, ground).count()


def removals(consequence: str, year: int) -> QuerySet[AbnormalListing]:
    """Listings (or individual marks) removed in ``year``, whatever the reason."""
    return AbnormalListing.objects.filter(
        consequence=consequence, status=ListingStatus.REMOVED, **_year("removed_on", year)
    )


def removed_records(consequence: str, year: int) -> QuerySet[AbnormalListing]:
    """Listings removed in ``year`` because the entity cured the ground (not moved to the serious list, not ended)."""
    return (
        removals(consequence, year)
        .exclude(removal_reason__in=["serious_list", "entity_ended"])
        .select_related("entity")
        .order_by("removed_on", "id")
    )


def removed_count(consequence: str, year: int) -> int:
    return removed_records(consequence, year).count()


def revocation_records(year: int) -> QuerySet[IdentityMisuseRevocation]:
    return (
        IdentityMisuseRevocation.objects.filter(status=RevocationStatus.EFFECTIVE, **_year("decided_on", year))
        .select_related("entity")
        .order_by("decided_on", "id")
    )


def revocations_count(year: int) -> int:
    return revocation_records(year).count()


def revocation_list(*, status: str = "") -> QuerySet[IdentityMisuseRevocation]:
    """Revocations newest first, optionally in one status (the queues of 法制审核 and 局领导)."""
    qs = IdentityMisuseRevocation.objects.select_related("entity", "department").order_by("-proposed_on", "-id")
    return qs.filter(status=status) if status else qs


def revocation_counts() -> dict[str, int]:
    rows = IdentityMisuseRevocation.objects.values_list("status").annotate(n=Count("id"))
    return {status: n for status, n in rows}


def repair_records(year: int) -> QuerySet[CreditRepair]:
    return (
        CreditRepair.objects.filter(status="approved", **_year("decided_on", year))
        .select_related("entity")
        .order_by("decided_on", "id")
    )


def repairs_completed(year: int) -> int:
    return repair_records(year).count()


def serious_records(year: int) -> QuerySet[SeriousListing]:
    """Serious-list decisions taken in ``year`` (a proposal not (yet) decided, or decided not to list, is not one)."""
    return (
        SeriousListing.objects.exclude(status__in=["proposed", "not_listed"])
        .filter(**_year("decided_on", year))
        .select_related("entity")
        .order_by("decided_on", "id")
    )


def serious_added(year: int) -> int:
    return serious_records(year).count()


def home_panels(user: Any) -> list[dict[str, Any]]:
    from fazhi.core.clock import legal_today
    from fazhi.core.roles import user_can

    if not user_can(user, "credit.view"):
        return []
    today = legal_today()
    counts = queue_counts(user, today)
    items = [
        {
            "text": f"{a.get_kind_display()}：{a.listing.entity.name}",
            "url": reverse("credit:listing", args=[a.listing_id]),
            "note": f"期限 {a.due_on}" if a.due_on else "",
            "tone": "bad" if a.due_on and a.due_on < today else "warn",
        }
        for a in application_queue(user)[:5]
    ]
    return [
        {
            "title": "信用监管：移出申请与异议",
            "link": reverse("credit:queue"),
            "items": items,
            "figures": [
                {"label": "待办", "value": counts["open"], "tone": ""},
                {"label": "已超期", "value": counts["overdue"], "tone": "bad" if counts["overdue"] else "ok"},
            ],
        }
    ]


# ------------------------------------------------------------------ who decides; the legal representative's bar


def serious_authority(listing: SeriousListing, on: dt.date | None = None) -> rules.DecidingAuthority | None:
    """Who decides ``listing`` (its ground) under the rules in force on the decision date (or ``on``)."""
    from fazhi.core.clock import legal_today

    day = listing.decided_on or on or legal_today()
    try:
        return rules.serious_list_rules(day).authority_for(listing.ground)
    except RulebookError:
        return None


def representative_bars(*, person: str, today: dt.date, exclude_entity_id: int | None = None) -> list[dict[str, Any]]:
    """Running 3-year bars (条例第十七条第二款, 2014 text) on ``person`` as legal representative of another
    enterprise: one dict per serious listing whose recorded legal representative has this name, with whether the
    bar's basis may decide alone (issue 13 §3; else only a hint until legal staff confirm it). Names only: the
    registry holds no identity number, so the same name is a match to be verified, never an identity."""
    from fazhi.deadlines.selectors import rule_gate
    from fazhi.rulebook.confirmation import Purpose

    name = (person or "").strip()
    if not name:
        return []
    qs = (
        SeriousListing.objects.filter(
            barred_person=name, status=SeriousStatus.LISTED, bar_ends_on__gte=today, decided_on__lte=today
        )
        .select_related("entity")
        .order_by("decided_on", "id")
    )
    if exclude_entity_id is not None:
        qs = qs.exclude(entity_id=exclude_entity_id)
    out = []
    for listing in qs[:20]:
        assert listing.decided_on is not None
        basis = rules.serious_list_rules(listing.decided_on).representative_bar_basis(listing.decided_on)
        gate = rule_gate(basis, purpose=Purpose.REFUSE_REQUEST)
        out.append({"listing": listing, "decides_alone": gate.decides_alone, "gate_message": gate.message})
    return out


def entity_representative_warnings(entity: Any, *, today: dt.date) -> list[dict[str, Any]]:
    """The warnings an entity page shows about its legal representative's bar (see ``representative_bars``)."""
    return representative_bars(person=entity.legal_representative, today=today, exclude_entity_id=entity.pk)


def barred_representative_names(names: list[str], *, today: dt.date) -> dict[str, SeriousListing]:
    """Set-based: of ``names``, those under a running bar, with the first listing that bars each (for imports)."""
    wanted = sorted({n.strip() for n in names if n and n.strip()})
    found: dict[str, SeriousListing] = {}
    for start in range(0, len(wanted), 500):
        for listing in (
            SeriousListing.objects.filter(
                barred_person__in=wanted[start : start + 500],
                status=SeriousStatus.LISTED,
                bar_ends_on__gte=today,
                decided_on__lte=today,
            )
            .select_related("entity")
            .order_by("decided_on", "id")
        ):
            found.setdefault(listing.barred_person, listing)
    return found


REPRESENTATIVE_BAR_WARNING = "credit.representative_bar"


def representative_bar_import_warning(*, changed_since: Any, today: dt.date) -> dict[str, Any] | None:
    """The one warning about barred legal representatives after an entity import — the same for the import page
    and ``fazhi import entities`` (text and JSON): code ``credit.representative_bar``, a Chinese message citing the
    rule the bar rests on (article and status from the rulebook), one item per entity. ``None`` when no created or
    changed entity's legal representative has the name of a person under a running bar."""
    hits = entities_with_barred_representatives(changed_since=changed_since, today=today)
    if not hits:
        return None
    from fazhi.deadlines.selectors import rule_gate
    from fazhi.rulebook.confirmation import Purpose

    gates: dict[int, Any] = {}
    items = []
    for hit in hits:
        entity, listing = hit["entity"], hit["listing"]
        if listing.pk not in gates:
            basis = rules.serious_list_rules(listing.decided_on).representative_bar_basis(listing.decided_on)
            gates[listing.pk] = rule_gate(basis, purpose=Purpose.REFUSE_REQUEST)
        gate = gates[listing.pk]
        own = rules.serious_list_rules(listing.decided_on).values["legal_representative_bar_years"]
        items.append(
            {
                "entity_id": entity.pk,
                "uscc": entity.uscc or "",
                "name": entity.name,
                "legal_representative": entity.legal_representative,
                "url": reverse("registry:entity_detail", args=[entity.pk]),
                "listed_entity": listing.entity.name,
                "listed_uscc": listing.entity.uscc or "",
                "listed_on": listing.decided_on.isoformat() if listing.decided_on else None,
                "bar_ends_on": listing.bar_ends_on.isoformat() if listing.bar_ends_on else None,
                "basis": f"{own.article}〔{own.status.label}〕",
                "decides_alone": gate.decides_alone,
                "text": (
                    f"{entity.name}（{entity.uscc or entity.registration_number or '无代码'}）：法定代表人（负责人）"
                    f"{entity.legal_representative}，与{listing.entity.name}列入严重违法失信名单"
                    f"（{listing.decided_on:%Y-%m-%d}）时的法定代表人同名，限制至 {listing.bar_ends_on:%Y-%m-%d}"
                ),
            }
        )
    bar = rules.serious_list_rules(today).values["legal_representative_bar_years"]
    message = (
        f"本次导入的 {len(items)} 个市场主体的法定代表人（负责人）与任职限制人员同名（{bar.article}〔{bar.status.label}〕："
        f"{bar.text}）。仅按姓名比对，请核实身份；属同一人的，依《市场主体登记管理条例》第十二条第（六）项、"
        "第二十五条应当申请变更登记。"
    )
    unsure = next((g for g in gates.values() if not g.decides_alone), None)
    if unsure is not None:
        message += f"任职限制所依据的规则尚未核实，仅作提示：{unsure.message}"
    return {"code": REPRESENTATIVE_BAR_WARNING, "message": message, "items": items}


def entity_own_representative_bars(entity: Any) -> list[SeriousListing]:
    """The bars this entity's own serious listings carry (its legal representative at the time of listing)."""
    return list(SeriousListing.objects.filter(entity=entity, status=SeriousStatus.LISTED).exclude(barred_person=""))


def entities_with_barred_representatives(*, changed_since: Any, today: dt.date, limit: int = 200) -> list[dict]:
    """After an import: the entities created or changed since ``changed_since`` whose legal representative has the
    name of a person under a running bar (two queries, whatever the size of the import)."""
    from fazhi.registry.models import MarketEntity

    bars = barred_representative_names(
        list(
            SeriousListing.objects.filter(status=SeriousStatus.LISTED, bar_ends_on__gte=today, decided_on__lte=today)
            .exclude(barred_person="")
            .values_list("barred_person", flat=True)
            .distinct()
        ),
        today=today,
    )
    if not bars:
        return []
    hits = []
    for entity in MarketEntity.objects.filter(
        updated_at__gte=changed_since, legal_representative__in=list(bars)
    ).order_by("id")[:limit]:
        listing = bars[entity.legal_representative]
        if listing.entity_id != entity.pk:
            hits.append({"entity": entity, "listing": listing})
    return hits
