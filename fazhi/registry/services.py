"""Registry services: every write to entities, departments, officers and annual reports goes through here.

Each service is keyword-only, runs in ``transaction.atomic``, validates with ``full_clean``, writes one
audit event (``fazhi.core.audit``) and raises ``DomainError`` with a stable code. Entity edits also
append a ``MarketEntityChange`` (the history shown on the entity page; imports write the same records).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.core import revision
from fazhi.core.audit import audit_record, diff, snapshot
from fazhi.core.errors import DomainError, from_rulebook
from fazhi.registry.choices import ENFORCEMENT_DOMAINS
from fazhi.registry.models import AnnualReportFiling, Department, MarketEntity, MarketEntityChange, Officer
from fazhi.rulebook.identifiers import IdentifierError, validate_registration_number, validate_uscc

ENTITY_FIELDS = (
    "uscc",
    "registration_number",
    "name",
    "kind",
    "status",
    "status_changed_on",
    "established_on",
    "registration_authority",
    "domicile",
    "street",
    "legal_representative",
    "industry",
    "business_scope",
    "office",
    "risk_class",
)
DEPARTMENT_FIELDS = ("code", "name", "kind", "parent", "active")
OFFICER_FIELDS = ("name", "certificate_number", "certificate_expires_on", "department", "domains", "active")


# One error-code prefix per record kind (the model is MarketEntity; its codes say "entity", as the importer's do).
CODE_PREFIX = {"marketentity": "entity"}


def _clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    """``full_clean`` turned into a DomainError naming the first bad field (Chinese message from Django)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, errors = next(iter(exc.error_dict.items()))
        prefix = CODE_PREFIX.get(obj._meta.model_name, obj._meta.model_name)
        # Django marks uniqueness failures with the codes "unique" / "unique_together" (the message is translated).
        duplicate = any(e.code in ("unique", "unique_together") for e in errors)
        code = f"{prefix}.duplicate" if duplicate else f"{prefix}.invalid"
        messages = [m for e in errors for m in e.messages]
        raise DomainError(code, f"{_label(obj, field)}：{'；'.join(messages)}", field=field) from None


def _label(obj: Any, field: str) -> str:
    try:
        return str(obj._meta.get_field(field).verbose_name)
    except Exception:  # NON_FIELD_ERRORS and constraint names
        return "记录"


def _unknown_fields(given: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise DomainError(f"{what}.unknown_field", f"不能修改的字段：{'、'.join(unknown)}", field=unknown[0])


def _normalise_identifiers(fields: dict[str, Any]) -> None:
    for name, validate in (("uscc", validate_uscc), ("registration_number", validate_registration_number)):
        value = fields.get(name)
        if value in ("", None):
            if name in fields:
                fields[name] = None
            continue
        try:
            fields[name] = validate(value, field=name)
        except IdentifierError as exc:
            raise from_rulebook(exc, field=name) from None


# ---------------------------------------------------------------- market entities


def entity_create(*, actor: Any, **fields: Any) -> MarketEntity:
    """Register a market entity by hand (most arrive by import). Codes: ``uscc.*``, ``regno.*``,
    ``entity.duplicate``, ``entity.invalid``, ``entity.identifier_missing``."""
    _unknown_fields(fields, ENTITY_FIELDS, "entity")
    _normalise_identifiers(fields)
    if not fields.get("uscc") and not fields.get("registration_number"):
        raise DomainError("entity.identifier_missing", "统一社会信用代码和注册号不能都为空", field="uscc")
    with transaction.atomic():
        entity = MarketEntity(**fields)
        _clean(entity)
        _check_status_date(entity)
        try:
            with transaction.atomic():
                entity.save(force_insert=True)
        except IntegrityError:
            raise DomainError("entity.duplicate", "该统一社会信用代码（或注册号）已登记", field="uscc") from None
        audit_record(
            action="registry.entity_create",
            target=entity,
            changes=diff({}, snapshot(entity, ENTITY_FIELDS)),
            actor=actor,
        )
    return entity


def entity_update(
    *, actor: Any, entity: MarketEntity, source: str = "", expected_revision: int | None = None, **changes: Any
) -> MarketEntity:
    """Change fields of an entity; records a ``MarketEntityChange`` and an audit event (no-op if nothing changed).

    Concurrency (``fazhi.core.revision``): the row is re-read under ``select_for_update``; if another write
    bumped its revision since ``entity`` was loaded (or since ``expected_revision``, the one a screen showed),
    ``concurrency.stale`` is raised.
    """
    _unknown_fields(changes, ENTITY_FIELDS, "entity")
    _normalise_identifiers(changes)
    with transaction.atomic():
        current = revision.lock(entity, revision=expected_revision, what="市场主体")
        before = snapshot(current, ENTITY_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value)
        after = snapshot(current, ENTITY_FIELDS)
        changed = diff(before, after)
        if not changed:
            return current
        if not current.uscc and not current.registration_number:
            raise DomainError("entity.identifier_missing", "统一社会信用代码和注册号不能都为空", field="uscc")
        _clean(current)
        _check_status_date(current)
        update_fields = [n for n in ENTITY_FIELDS if n in changed]
        try:
            with transaction.atomic():
                revision.save_bumped(current, update_fields)
        except IntegrityError:
            raise DomainError(
                "entity.duplicate", "该统一社会信用代码（或注册号）已属于另一市场主体", field="uscc"
            ) from None
        MarketEntityChange.objects.create(
            entity=current, changed_at=timezone.now(), source=(source or f"修改（{actor}）")[:100], changes=changed
        )
        audit_record(action="registry.entity_update", target=current, changes=changed, actor=actor)
    entity.__dict__.update({k: v for k, v in current.__dict__.items() if not k.startswith("_")})
    return current


def _check_status_date(entity: MarketEntity) -> None:
    if entity.status_changed_on and entity.established_on and entity.status_changed_on < entity.established_on:
        raise DomainError(
            "entity.status_before_established", "状态变更日期早于成立日期，请核对", field="status_changed_on"
        )


# ---------------------------------------------------------------- departments


def department_create(*, actor: Any, **fields: Any) -> Department:
    """Codes: ``department.duplicate`` (code or name taken), ``department.invalid``."""
    _unknown_fields(fields, DEPARTMENT_FIELDS, "department")
    with transaction.atomic():
        department = Department(**fields)
        _clean(department)
        department.save(force_insert=True)
        audit_record(
            action="registry.department_create",
            target=department,
            changes=diff({}, snapshot(department, DEPARTMENT_FIELDS)),
            actor=actor,
        )
    return department


def department_update(*, actor: Any, department: Department, **changes: Any) -> Department:
    """Codes: ``department.duplicate``, ``department.invalid``, ``department.parent_cycle``."""
    _unknown_fields(changes, DEPARTMENT_FIELDS, "department")
    with transaction.atomic():
        current = Department.objects.select_for_update().get(pk=department.pk)
        before = snapshot(current, DEPARTMENT_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value)
        changed = diff(before, snapshot(current, DEPARTMENT_FIELDS))
        if not changed:
            return current
        parent_id, seen = current.parent_id, {current.pk}
        while parent_id is not None:  # walk the stored chain (objects in memory may be stale)
            if parent_id in seen:
                raise DomainError("department.parent_cycle", "上级部门不能是本部门或其下级部门", field="parent")
            seen.add(parent_id)
            parent_id = Department.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        _clean(current)
        current.save(update_fields=[n for n in DEPARTMENT_FIELDS if n in changed])
        audit_record(action="registry.department_update", target=current, changes=changed, actor=actor)
    return current


# ---------------------------------------------------------------- officers


def _check_domains(fields: dict[str, Any]) -> None:
    if "domains" in fields:
        domains = list(dict.fromkeys(fields["domains"] or []))
        unknown = [d for d in domains if d not in ENFORCEMENT_DOMAINS]
        if unknown:
            raise DomainError(
                "officer.domain_unknown",
                f"无法识别的执法领域：{'、'.join(unknown)}；可选：{'、'.join(ENFORCEMENT_DOMAINS)}",
                field="domains",
            )
        fields["domains"] = domains


def officer_create(*, actor: Any, **fields: Any) -> Officer:
    """Codes: ``officer.duplicate`` (certificate number taken), ``officer.invalid``, ``officer.domain_unknown``."""
    _unknown_fields(fields, OFFICER_FIELDS, "officer")
    _check_domains(fields)
    if fields.get("certificate_number"):
        fields["certificate_number"] = "".join(str(fields["certificate_number"]).split()).upper()
    with transaction.atomic():
        officer = Officer(**fields)
        _clean(officer)
        officer.save(force_insert=True)
        audit_record(
            action="registry.officer_create",
            target=officer,
            changes=diff({}, snapshot(officer, OFFICER_FIELDS)),
            actor=actor,
        )
    return officer


def officer_update(*, actor: Any, officer: Officer, **changes: Any) -> Officer:
    _unknown_fields(changes, OFFICER_FIELDS, "officer")
    _check_domains(changes)
    with transaction.atomic():
        current = Officer.objects.select_for_update().get(pk=officer.pk)
        before = snapshot(current, OFFICER_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value)
        changed = diff(before, snapshot(current, OFFICER_FIELDS))
        if not changed:
            return current
        _clean(current)
        current.save(update_fields=[n for n in OFFICER_FIELDS if n in changed])
        audit_record(action="registry.officer_update", target=current, changes=changed, actor=actor)
    return current


# ---------------------------------------------------------------- annual reports


def annual_report_file(
    *, entity: MarketEntity, year: int, filed_on: dt.date, channel: str = "online", actor: Any = None
) -> AnnualReportFiling:
    """Record the annual report of ``entity`` for report year ``year`` (年度报告, filed from 1 January of the
    following year; 《市场主体登记管理条例》/《企业信息公示暂行条例》第八条 — the 30 June deadline is the
    credit module's business). Codes: ``annual_report.before_year_end`` (filed on or before 31 Dec of
    ``year``), ``annual_report.before_established`` (year before the entity existed),
    ``annual_report.duplicate``, ``annual_report.channel_unknown``.
    """
    from fazhi.registry.choices import FilingChannel

    if channel not in FilingChannel.values:
        raise DomainError(
            "annual_report.channel_unknown", f"报送方式应为 {'、'.join(FilingChannel.values)}", field="channel"
        )
    if filed_on <= dt.date(year, 12, 31):
        raise DomainError(
            "annual_report.before_year_end",
            f"{year} 年度报告应在该年度结束后（{year + 1} 年 1 月 1 日起）报送，报送日期 {filed_on.isoformat()} 过早",
            field="filed_on",
        )
    if entity.established_on and entity.established_on.year > year:
        raise DomainError(
            "annual_report.before_established",
            f"该主体成立于 {entity.established_on.year} 年，没有 {year} 年度报告",
            field="year",
        )
    with transaction.atomic():
        if AnnualReportFiling.objects.filter(entity=entity, year=year).exists():
            raise DomainError("annual_report.duplicate", f"该主体 {year} 年度报告已报送，不能重复报送", field="year")
        try:
            with transaction.atomic():
                filing = AnnualReportFiling.objects.create(entity=entity, year=year, filed_on=filed_on, channel=channel)
        except IntegrityError:
            raise DomainError(
                "annual_report.duplicate", f"该主体 {year} 年度报告已报送，不能重复报送", field="year"
            ) from None
        audit_record(
            action="registry.annual_report_file",
            target=filing,
            changes={"entity": entity.pk, "year": year, "filed_on": filed_on, "channel": channel},
            actor=actor,
        )
    return filing
