"""Credit part of the demo district (ORDER 60): the 2023 sweep and the year's other credit acts.

- late 2022 annual reports (filed July–December 2023) by some of the non-filers the registry left;
- the 2023 annual-report sweep as of 2023-07-01, through ``annual_report_sweep`` (6,650 enterprises listed,
  3,525 individual businesses marked — the registry made exactly these non-filers);
- other grounds (313 enterprises, 104 individual businesses), in bulk as ``abnormal_list_propose`` would write them;
- removals on application of late filers (446 + 95), written in bulk as decided applications, plus a few
  applications and one objection still open on the demo's today (2024-01-15) through the services, so the
  removal queue has tracked deadlines;
- 30 revocations of registrations made with misused identities (the registry's 撤销 entities of 2023);
- 8 completed credit repairs and 1 serious listing through the services.

The year before (2022, so that the annual report's comparison has both sides), first and with its own random
stream (``ctx.sub_rng("credit-previous")``, so the report year's draws do not move): the 2021 annual reports
(filed January–June 2022, some late in the second half), the 2022 sweep as of 2022-07-01 through
``annual_report_sweep``, listings on other grounds, removals of late filers, revocations, credit repairs and one
serious listing — the same helpers and services as the report year, about 8 % fewer acts (``PREVIOUS``).

Figures land on the seed (credit.* in seed-figures.md). Deterministic: ``ctx.sub_rng("credit")``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection
from django.db.models import Count

from fazhi.core import numbering
from fazhi.credit import revocation, services
from fazhi.credit.choices import (
    ApplicationKind,
    ApplicationStatus,
    ChangeKind,
    ListingStatus,
    RemovalReason,
    RevocationStatus,
)
from fazhi.credit.models import (
    AbnormalListing,
    CreditChange,
    CreditRepair,
    IdentityMisuseRevocation,
    ListingApplication,
    SeriousListing,
)
from fazhi.credit.sweep import annual_report_sweep
from fazhi.demo.context import DemoContext
from fazhi.registry.models import AnnualReportFiling, MarketEntity
from fazhi.rulebook import credit as rules
from fazhi.rulebook.deadlines import compute_deadline

ORDER = 60

OTHER_ENTERPRISES = 313  # 6963 - 6650
OTHER_INDIVIDUALS = 104  # 3629 - 3525
REMOVED_ENTERPRISES = 446
REMOVED_INDIVIDUALS = 95
REVOCATIONS = 30
REPAIRS = 8
PENDING_APPLICATIONS = 6
ENTERPRISE_GROUNDS = {"unreachable": 0.72, "not_disclosed": 0.2, "false_information": 0.08}
INDIVIDUAL_GROUNDS = {"unreachable": 0.9, "false_information": 0.1}
# The year before the report year (2022): the same acts, somewhat fewer (a district growing by ~7 % a year).
# Keys mirror the report year's constants; the expectations are in fazhi/demo/seed_figures.yaml (`previous_year`).
PREVIOUS = {
    "missing_enterprises": 6120,  # had not filed their 2021 report by 30 June 2022
    "missing_individuals": 3310,
    "other_enterprises": 287,
    "other_individuals": 96,
    "removed_enterprises": 402,
    "removed_individuals": 83,
    "revocations": 24,
    "repairs": 6,
}
# Documents of each year's serious listing (the case, the upper level's consent) and the repairs' penalty cases.
SERIOUS_REFS = {
    2022: (
        "东市监罚〔2022〕164号",
        dt.date(2022, 8, 16),
        "津市监信函〔2022〕41号",
        dt.date(2022, 8, 30),
        dt.date(2022, 9, 2),
    ),
    2023: (
        "东市监罚〔2023〕217号",
        dt.date(2023, 9, 12),
        "津市监信函〔2023〕58号",
        dt.date(2023, 9, 26),
        dt.date(2023, 9, 28),
    ),
}


def generate(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("credit")
    stubs = ctx.shared["entities"]
    by_id = {s.id: s for s in stubs}
    missing = ctx.shared["annual_report_missing_2022"]
    actor = ctx.shared.get("users", {}).get("section_chief")
    with ctx.step(f"信用：{ctx.year - 1} 年（上年）年报清查、列入、移出、撤销登记、信用修复"):
        _previous_year(ctx, stubs, set(missing), actor)
    missing_enterprises = [i for i in missing if by_id[i].kind == "enterprise"]
    missing_individuals = [i for i in missing if by_id[i].kind == "individual"]
    removed_e, removed_i = ctx.scaled(REMOVED_ENTERPRISES), ctx.scaled(REMOVED_INDIVIDUALS)
    pending = ctx.scaled(PENDING_APPLICATIONS, minimum=2)
    late_e = rng.sample(missing_enterprises, min(len(missing_enterprises), removed_e + pending))
    late_i = rng.sample(missing_individuals, min(len(missing_individuals), removed_i))
    with ctx.step("信用：逾期补报的 2022 年度报告"):
        late_filed = _late_filings(rng, late_e + late_i, report_year=ctx.year - 1)
    with ctx.step("信用：2023 年年报清查（截至 2023-07-01）"):
        annual_report_sweep(year=2023, as_of=dt.date(2023, 7, 1), actor=actor, batch_size=50_000)
    with ctx.step("信用：其他事由列入经营异常名录"):
        _other_grounds(
            ctx, rng, stubs, set(missing), actor, year=ctx.year, counts=(OTHER_ENTERPRISES, OTHER_INDIVIDUALS)
        )
    with ctx.step("信用：申请移出（补报后）"):
        _removals(rng, late_e[:removed_e] + late_i, late_filed, year=ctx.year)
        _open_applications(late_e[removed_e:], late_filed, actor, ctx.today)
    with ctx.step("信用：撤销冒用身份信息登记"):
        _revocations(ctx, rng, stubs, year=ctx.year, wanted=REVOCATIONS)
    with ctx.step("信用：信用修复与严重违法失信名单"):
        _repairs_and_serious(ctx, rng, stubs, set(missing), actor, year=ctx.year, repairs=REPAIRS)


def _previous_year(ctx: DemoContext, stubs: list[Any], missing_next: set[int], actor: Any) -> None:
    """The credit acts of the year before the report year, in the order they happen: the annual reports for the
    year before that (due 30 June), the sweep on 1 July, other grounds through the year, removals of late filers,
    revocations, repairs and one serious listing. ``missing_next`` (the report year's non-filers) stay out of the
    removals, so that the report year's sweep and removals land on the seed as before."""
    rng = ctx.sub_rng("credit-previous")
    year = ctx.year - 1
    report_year = year - 1
    obliged = [
        s
        for s in stubs
        if s.established_on <= dt.date(report_year, 12, 31)
        and not (s.status_changed_on and s.status_changed_on <= dt.date(report_year, 12, 31))
    ]
    non_filers: set[int] = set()
    for kind, key in (("enterprise", "missing_enterprises"), ("individual", "missing_individuals")):
        pool = [s.id for s in obliged if s.kind == kind and s.status == "active"]
        non_filers |= set(rng.sample(pool, min(len(pool), ctx.scaled(PREVIOUS[key]))))
    _filings(rng, obliged, non_filers, report_year)
    removable = sorted(non_filers - missing_next)
    enterprises, individuals = _ids_of(stubs, "enterprise"), _ids_of(stubs, "individual")
    late_e = [i for i in removable if i in enterprises]
    late_i = [i for i in removable if i in individuals]
    late_e = rng.sample(late_e, min(len(late_e), ctx.scaled(PREVIOUS["removed_enterprises"])))
    late_i = rng.sample(late_i, min(len(late_i), ctx.scaled(PREVIOUS["removed_individuals"])))
    late_filed = _late_filings(rng, late_e + late_i, report_year=report_year)
    annual_report_sweep(year=year, as_of=dt.date(year, 7, 1), actor=actor, batch_size=50_000)
    counts = (PREVIOUS["other_enterprises"], PREVIOUS["other_individuals"])
    _other_grounds(ctx, rng, stubs, non_filers | missing_next, actor, year=year, counts=counts)
    _removals(rng, late_e + late_i, late_filed, year=year)
    _revocations(ctx, rng, stubs, year=year, wanted=PREVIOUS["revocations"])
    _repairs_and_serious(ctx, rng, stubs, missing_next, actor, year=year, repairs=PREVIOUS["repairs"])


def _ids_of(stubs: list[Any], kind: str) -> set[int]:
    return {s.id for s in stubs if s.kind == kind}


def _filings(rng: random.Random, obliged: list[Any], non_filers: set[int], report_year: int) -> None:
    """The annual reports for ``report_year`` filed in the window (1 January – 30 June of the next year), most of
    them in May and June; half of the entities that ended before the deadline filed before they closed."""
    from fazhi.core import bulk

    adapt = connection.ops.adapt_datefield_value
    start, deadline = dt.date(report_year + 1, 1, 1), dt.date(report_year + 1, 6, 30)
    rows = []
    for stub in obliged:
        if stub.id in non_filers:
            continue
        last = deadline
        if stub.status_changed_on is not None and stub.status_changed_on <= deadline:
            last = stub.status_changed_on - dt.timedelta(days=1)
            if last < start or rng.random() < 0.5:
                continue
        filed = start + dt.timedelta(days=int((last - start).days * rng.betavariate(2.5, 1.2)))
        rows.append((stub.id, report_year, adapt(filed), "paper" if rng.random() < 0.02 else "online"))
    bulk.insert(AnnualReportFiling._meta.db_table, "entity_id, year, filed_on, channel", rows)


def _late_filings(rng: random.Random, ids: list[int], *, report_year: int) -> dict[int, dt.date]:
    from fazhi.core import bulk

    adapt = connection.ops.adapt_datefield_value
    first = dt.date(report_year + 1, 7, 3)
    filed = {i: first + dt.timedelta(days=rng.randrange(0, 150)) for i in ids}
    rows = [(i, report_year, adapt(day), "online") for i, day in filed.items()]
    bulk.insert(AnnualReportFiling._meta.db_table, "entity_id, year, filed_on, channel", rows)
    return filed


def _draw_ground(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _other_grounds(
    ctx: DemoContext,
    rng: random.Random,
    stubs: list[Any],
    missing: set[int],
    actor: Any,
    *,
    year: int,
    counts: tuple[int, int],
) -> None:
    """Listings on the other grounds decided in ``year``, in bulk with the same numbers, bases and provenance as
    the service (``counts``: enterprises, individual businesses at full scale)."""
    from fazhi.rulebook import credit as rules
    from fazhi.rulebook.version import rulebook_version

    start = dt.date(year, 1, 3)
    version = rulebook_version()
    # Listings another module's generator already made through the service (the inspections demo lists the
    # entities its results found unreachable or falsified) count towards the seed's figure and are not repeated.
    made = dict(
        AbnormalListing.objects.filter(year=year)
        .exclude(ground="annual_report")
        .values("entity__kind")
        .annotate(n=Count("id"))
        .values_list("entity__kind", "n")
    )
    listed = set(AbnormalListing.objects.filter(year=year).values_list("entity_id", flat=True))
    rows = []
    for kind, count, weights in (
        ("enterprise", counts[0], ENTERPRISE_GROUNDS),
        ("individual", counts[1], INDIVIDUAL_GROUNDS),
    ):
        pool = [
            s
            for s in stubs
            if s.kind == kind
            and s.status == "active"
            and s.id not in missing
            and s.id not in listed
            and s.established_on < dt.date(year - 1, 7, 1)
            and not (s.status_changed_on and s.status_changed_on <= dt.date(year, 12, 31))
        ]
        wanted = max(0, ctx.scaled(count) - made.get(kind, 0))
        for stub in sorted(rng.sample(pool, min(len(pool), wanted)), key=lambda s: s.id):
            day = start + dt.timedelta(days=rng.randrange(0, 355))
            ground = _draw_ground(rng, weights)
            consequence = rules.annual_report_obligation(kind, day.year - 1).consequence
            rule = rules.listing_ground(consequence, ground, day)
            source = "inspections.result" if ground == "unreachable" else "credit.order"
            rows.append(
                AbnormalListing(
                    number=services.listing_number(
                        consequence=consequence, ground=ground, year=day.year, entity_id=stub.id
                    ),
                    entity_id=stub.id,
                    consequence=consequence,
                    ground=ground,
                    year=day.year,
                    decided_on=day,
                    basis_ref=rule.basis_ref[:300],
                    basis_status=rule.provenance.status.value,
                    rulebook_version=version,
                    source_ref=f"{source}:demo-{stub.id}",
                    department_id=stub.office_id,
                )
            )
    AbnormalListing.objects.bulk_create(rows, batch_size=500)


def _removals(rng: random.Random, ids: list[int], filed: dict[int, dt.date], *, year: int) -> None:
    """Decided removal applications, in bulk (the services would open and meet a tracked deadline for each)."""
    listings = list(AbnormalListing.objects.filter(entity_id__in=ids, ground="annual_report", year=year))
    applications, changes = [], []
    for listing in listings:
        received = max(filed[listing.entity_id], listing.decided_on) + dt.timedelta(days=rng.randrange(0, 10))
        decided = compute_deadline("abnormal_list.removal_decision", received).due
        decided = min(decided, received + dt.timedelta(days=rng.randrange(1, 6)))
        listing.status, listing.removed_on, listing.removal_reason = ListingStatus.REMOVED, decided, RemovalReason.CURED
        applications.append(
            ListingApplication(
                listing=listing,
                kind=ApplicationKind.REMOVAL,
                cure="report_filed",
                received_on=received,
                status=ApplicationStatus.APPROVED,
                decided_on=decided,
                decision_note="已补报年度报告，准予移出",
                department_id=listing.department_id,
            )
        )
        changes.append(
            CreditChange(
                kind=ChangeKind.ABNORMAL_REMOVED,
                entity_id=listing.entity_id,
                reference=listing.number,
                occurred_on=decided,
            )
        )
    AbnormalListing.objects.bulk_update(listings, ["status", "removed_on", "removal_reason"], batch_size=500)
    ListingApplication.objects.bulk_create(applications, batch_size=500)
    CreditChange.objects.bulk_create(changes, batch_size=500)


def _open_applications(ids: list[int], filed: dict[int, dt.date], actor: Any, today: dt.date) -> None:
    """A few applications received in the demo's last week, still open: the removal queue shows them."""
    listings = AbnormalListing.objects.filter(entity_id__in=ids, ground="annual_report", year=2023).select_related(
        "entity"
    )
    for n, listing in enumerate(listings):
        services.removal_apply(
            listing=listing,
            cure="report_filed",
            received_on=today - dt.timedelta(days=2 + n * 2),
            statement="已补报 2022 年度报告，申请移出经营异常名录",
            actor=actor,
        )


def _revocations(ctx: DemoContext, rng: random.Random, stubs: list[Any], *, year: int, wanted: int) -> None:
    """The registry already withdrew (撤销) some entities during 2023: these are the misused-identity cases, each
    recorded with its three steps (proposed by the office's section chief, reviewed by the legal section, approved
    by the leader, a few working days apart) and numbered by the bureau's counter."""
    users = ctx.shared.get("users", {})
    chief, legal, leader = users.get("section_chief"), users.get("legal_reviewer"), users.get("leader")
    withdrawn = [
        s for s in stubs if s.status == "withdrawn" and s.status_changed_on and s.status_changed_on.year == year
    ]
    chosen = sorted(
        rng.sample(withdrawn, min(len(withdrawn), ctx.scaled(wanted, minimum=1))),
        key=lambda s: (s.status_changed_on, s.id),
    )
    offices = dict(MarketEntity.objects.filter(id__in=[s.id for s in chosen]).values_list("id", "office_id"))
    rows = []
    for sequence, s in enumerate(chosen, start=1):
        decided = s.status_changed_on
        reviewed = decided - dt.timedelta(days=rng.randint(1, 5))
        proposed = reviewed - dt.timedelta(days=rng.randint(3, 15))
        rows.append(
            IdentityMisuseRevocation(
                number=numbering.bureau_number(revocation.NUMBER_WORD, decided.year, sequence),
                status=RevocationStatus.EFFECTIVE,
                entity_id=s.id,
                evidence="经公安机关核查，登记时提交的身份证件系他人遗失证件，本人未申请设立登记（演示数据）",
                proposed_on=proposed,
                proposed_by=chief,
                legal_opinion="事实清楚，证据确凿，符合《市场主体登记管理条例》第四十条，同意撤销（演示数据）",
                legal_reviewed_on=reviewed,
                legal_reviewed_by=legal,
                decided_on=decided,
                decided_by=leader,
                basis_ref=revocation.REVOCATION_BASIS,
                department_id=offices.get(s.id),
            )
        )
    IdentityMisuseRevocation.objects.bulk_create(rows)
    if rows:
        numbering.set_floor(revocation.NUMBER_SCOPE, year, len(rows))
    CreditChange.objects.bulk_create(
        CreditChange(
            kind=ChangeKind.REGISTRATION_REVOKED, entity_id=s.id, reference=r.number, occurred_on=s.status_changed_on
        )
        for s, r in zip(chosen, rows, strict=True)
    )
    shortfall = ctx.scaled(wanted, minimum=1) - len(chosen)
    if shortfall > 0 and chief is not None:  # small districts may have no 撤销 entity of the year: go through the flow
        revoked = set(IdentityMisuseRevocation.objects.values_list("entity_id", flat=True))
        year_ids = {
            s.id
            for s in stubs
            if s.status == "active"
            and dt.date(year, 1, 1) <= s.established_on < dt.date(year, 11, 1)
            and s.id not in revoked
        }
        own = sorted(
            MarketEntity.objects.filter(id__in=year_ids, office_id=chief.department_id).values_list("id", flat=True)
        )  # the chief proposes only for the own office's entities
        for entity_id in sorted(rng.sample(own, min(shortfall, len(own)))):
            proposal = revocation.revocation_propose(
                entity=MarketEntity.objects.get(pk=entity_id),
                evidence="经公安机关核查，登记时提交的身份证件系他人遗失证件（演示数据）",
                proposed_on=dt.date(year, 11, 6),
                actor=chief,
            )
            revocation.revocation_legal_review(
                revocation=proposal, passed=True, opinion="事实清楚，证据确凿，同意撤销（演示数据）",
                reviewed_on=dt.date(year, 11, 13), actor=legal,
            )  # fmt: skip
            revocation.revocation_decide(
                revocation=proposal, approve=True, note="", decided_on=dt.date(year, 11, 20), actor=leader
            )


def _repairs_and_serious(
    ctx: DemoContext,
    rng: random.Random,
    stubs: list[Any],
    missing: set[int],
    actor: Any,
    *,
    year: int,
    repairs: int,
) -> None:
    """Credit repairs decided in ``year`` (two of them refused) and one serious listing, through the services; an
    entity of an earlier year's repair or serious listing is not drawn again."""
    listed = set(AbnormalListing.objects.filter(status=ListingStatus.LISTED).values_list("entity_id", flat=True))
    listed |= set(CreditRepair.objects.values_list("entity_id", flat=True))
    listed |= set(SeriousListing.objects.values_list("entity_id", flat=True))
    pool = [
        s.id
        for s in stubs
        if s.kind == "enterprise"
        and s.status == "active"
        and s.id not in missing
        and s.id not in listed
        and s.established_on < dt.date(year - 2, 1, 1)
    ]
    chosen = rng.sample(pool, ctx.scaled(repairs, minimum=1) + 2)
    entities = MarketEntity.objects.in_bulk(chosen)
    for n, entity_id in enumerate(chosen):
        food = n % 3 == 0
        published = dt.date(year - 1, 1, 10) + dt.timedelta(days=rng.randrange(0, 150))
        applied = dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(0, 240))
        eligible = n >= 2  # the first two were not performed yet: rejected
        kinds = ["fine", "confiscation"] if n % 2 else ["fine"]
        domain = "food" if food else "advertising"
        # Apply no earlier than the minimum publicity period the rulebook gives (it differs by domain and version),
        # so that every seed yields lawful applications.
        earliest = rules.repair_eligibility(
            penalty_kinds=kinds, domain=domain, published_on=published, applied_on=applied,
            performed=True, harm_removed=True, repeated=False, listed=False,
        ).earliest_on  # fmt: skip
        if earliest is not None and applied < earliest:
            applied = earliest + dt.timedelta(days=rng.randrange(0, 30))
        repair = services.repair_apply(
            entity=entities[entity_id],
            case_number=f"东市监罚〔{year - 1}〕{100 + n}号",
            owner_type="cases.case",
            penalty_kinds=kinds,
            domain=domain,
            published_on=published,
            applied_on=applied,
            performed=eligible,
            harm_removed=True,
            repeated=False,
            actor=actor,
        )
        services.repair_decide(
            repair=repair,
            approve=eligible,
            decided_on=applied + dt.timedelta(days=rng.randrange(3, 12)),
            note="符合信用修复条件，停止公示" if eligible else "尚未履行行政处罚决定",
            actor=actor,
        )
    candidates = [s for s in pool if s not in chosen]
    target = MarketEntity.objects.get(pk=rng.choice(candidates))
    case_ref, proposed_on, upper_ref, upper_on, decided_on = SERIOUS_REFS[year]
    proposal = services.serious_list_propose(
        entity=target, ground="heavy_penalty", source_ref=case_ref, decided_on=proposed_on, actor=actor
    )
    # 总局令第44号: a district's listing decision needs the next level's consent (recorded with its number); the
    # bureau leader signs it.
    services.serious_list_decide(
        listing=proposal,
        list_it=True,
        decided_on=decided_on,
        statement="当事人未提出陈述申辩",
        upper_ref=upper_ref,
        upper_on=upper_on,
        actor=ctx.shared.get("users", {}).get("leader"),
    )
