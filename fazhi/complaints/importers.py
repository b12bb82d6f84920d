"""``fazhi import complaints FILE``: a 12315-style export (docs/formats/complaints.md).

Idempotent by the platform's record number (登记编号/工单编号): a number already stored is "unchanged" (the
bureau's own handling recorded in fazhi is never overwritten by a later export). Set-based: per chunk one query
for existing numbers, one for respondents by USCC, the due dates from the pure engine (cached per date), one
``fazhi.core.bulk.insert`` (COPY on PostgreSQL, executemany on SQLite) — 200,000 rows in well under 30 s
(benchmarks/bench_complaints.py).

Department scope (issue 14 §1): a 科室负责人 imports only records his department handles (承办单位, or the
respondent's office when it is blank); other rows — including a record number another department already holds —
are rejected with ``row.out_of_scope``. Every record created gets its own audit event. Every cell goes through
``fazhi.core.validation`` (USCC check character, amounts, dates, lengths), so a form, the API and an import row
refuse the same value with the same code.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from fazhi.complaints import clocks
from fazhi.complaints.choices import Category, Channel
from fazhi.complaints.services import consumer_key
from fazhi.core import bulk, crypto, validation
from fazhi.core.errors import DomainError
from fazhi.core.importing import (
    CellError,
    Column,
    Good,
    Importer,
    ImportResult,
    RowError,
    choice,
    parse_date,
    parse_decimal,
    register_importer,
    text,
)

# 类型 cell -> (kind, redirect reason). Not-covered matters (Order 20 Art. 39) are stored as redirected.
KIND_WORDS = {
    "投诉": ("complaint", ""),
    "举报": ("tip", ""),
    "投诉举报": ("both", ""),
    "投诉并举报": ("both", ""),
    "投诉+举报": ("both", ""),
    "咨询": ("not_covered", "consultation"),
    "政府信息公开": ("not_covered", "disclosure_request"),
    "信息公开": ("not_covered", "disclosure_request"),
    "行政复议": ("not_covered", "reconsideration"),
    "信访": ("not_covered", "petition"),
    "检举控告": ("not_covered", "disciplinary"),
    "complaint": ("complaint", ""),
    "tip": ("tip", ""),
    "both": ("both", ""),
}

CHANNEL_WORDS = {
    "全国12315平台": "12315",
    "12315平台": "12315",
    "12315": "12315",
    "平台": "12315",
    "热线": "hotline",
    "热线电话": "hotline",
    "电话": "hotline",
    "信件": "letter",
    "来信": "letter",
    "来访": "visit",
    "走访": "visit",
    "党群网格": "grid",
    "党群网格服务平台": "grid",
    "网格": "grid",
    "网格平台": "grid",
    "转办": "transfer",
    "交办": "transfer",
    **{v: v for v in Channel.values},
}

CATEGORY_WORDS = {
    **{label: value for value, label in Category.choices},
    "食品": "food",
    "质量": "product_quality",
    "价格": "prices",
    "收费": "prices",
    "广告": "advertising",
    "合同": "contracts",
    "服务": "services",
    "预付卡": "prepaid",
    "网购": "online",
    **{v: v for v in Category.values},
}


def _kind(value: str) -> tuple[str, str]:
    found = KIND_WORDS.get(value.replace(" ", ""))
    if found is None:
        raise CellError("kind.unknown", f"无法识别的类型“{value[:20]}”，可选：投诉、举报、投诉并举报、咨询、信访等")
    return found


@functools.lru_cache(maxsize=200_000)
def _valid_uscc(value: str) -> str:
    return validation.uscc(value, field="respondent_uscc")


def _uscc(value: str) -> str:
    # Respondents repeat a lot in an export: each distinct code is checked once (invalid ones are not cached).
    try:
        return _valid_uscc(value)
    except DomainError as exc:
        raise CellError(exc.code, exc.message) from exc


@functools.lru_cache(maxsize=100_000)
def _valid_amount(value: str) -> Decimal:
    return parse_decimal(value)  # fazhi.core.validation.amount: finite, ≥ 0, two decimals, within the column


def _amount(value: str) -> Decimal:
    # Amounts repeat in an export (refund sums, prices): each distinct text is checked once (errors are not cached).
    return _valid_amount(value)


def _number(value: str) -> str:
    if len(value) > 60:
        raise CellError("cell.too_long", "编号过长（最多 60 字）")
    return value


COLUMNS = (
    Column("number", ("登记编号", "工单编号", "投诉举报编号", "编号", "record_number"), parse=_number),
    Column("received_on", ("登记日期", "收到日期", "接收日期", "received_on"), parse=parse_date),
    Column("kind", ("类型", "诉求类型", "件类型", "kind"), parse=_kind),
    Column("channel", ("渠道", "来源渠道", "来源", "channel"), required=False, parse=choice(CHANNEL_WORDS, "channel")),
    Column("consumer_name", ("消费者姓名", "投诉人姓名", "举报人姓名", "姓名"), required=False, parse=text(64)),
    Column("consumer_phone", ("联系电话", "手机号码", "电话"), required=False, parse=text(32)),
    Column("consumer_id_number", ("身份证号", "证件号码", "身份证件号码"), required=False, parse=text(32)),
    Column(
        "respondent_name", ("被投诉方名称", "被投诉人", "被举报人", "被投诉举报方"), required=False, parse=text(200)
    ),
    Column("respondent_address", ("被投诉方地址", "被投诉人地址", "经营地址", "地址"), required=False, parse=text(300)),
    Column("respondent_uscc", ("统一社会信用代码", "被投诉方统一社会信用代码", "uscc"), required=False, parse=_uscc),
    Column(
        "category",
        ("问题类别", "问题分类", "类别", "category"),
        required=False,
        parse=choice(CATEGORY_WORDS, "category"),
    ),
    Column("amount", ("涉及金额", "涉案金额", "金额", "amount"), required=False, parse=_amount),
    Column("description", ("诉求", "描述", "投诉内容", "问题描述", "诉求描述"), required=False, parse=text(4000)),
    Column("department", ("承办单位", "处理单位", "department"), required=False, parse=text(100)),
)

INSERT_FIELDS = (
    "number",
    "kind",
    "channel",
    "status",
    "received_on",
    "department_id",
    "consumer_name",
    "consumer_phone",
    "consumer_id_number",
    "consumer_key",
    "real_name",
    "respondent_id",
    "respondent_name",
    "respondent_uscc",
    "respondent_kind",
    "respondent_address",
    "category",
    "amount_in_dispute",
    "description",
    "decision_due_on",
    "due_on",
    "closed_on",
    "redirect_reason",
    "rulebook_version",
    # NOT NULL columns with defaults the ORM would fill:
    "refusal_ground",
    "mediation_method",
    "testing_periods",
    "outcome",
    "termination_ground",
    "recovered_amount",
    "result_note",
    "handover_reference",
    "merge_reason",
    "revision",
    "created_at",
)
DEFAULTS_TAIL = ("", "", "[]", "", "", Decimal("0"), "", "", "", 0)


def defaults_tail() -> tuple[Any, ...]:
    """DEFAULTS_TAIL with the empty JSON list as the database wants it (COPY and executemany both take text)."""
    return DEFAULTS_TAIL


def insert_rows(rows: list[tuple[Any, ...]]) -> int:
    """Complete rows in INSERT_FIELDS order through the one bulk writer (also used by the benchmark)."""
    return bulk.insert("complaints_complaint", INSERT_FIELDS, rows)


class ComplaintImporter(Importer):
    kind = "complaints"
    label = "投诉举报"
    columns = COLUMNS
    key = "number"
    chunk_size = 5000
    check_ahead = True  # the checks read no database (the departments are loaded in prepare): the next chunks are
    # checked in a second process while this one is written (ADR 0009)
    max_rows = 2_000_000
    permission = "complaints.import"
    department_scoped = True

    def prepare(self) -> None:
        from fazhi.core.clock import legal_today
        from fazhi.registry.models import Department

        self.today = legal_today()
        self.departments = {n: pk for pk, n in Department.objects.values_list("pk", "name")}
        self.calendar = clocks.current_calendar()
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.tail = defaults_tail()

    def clean_row(self, values: dict[str, Any], row: int) -> list[RowError]:
        errors = []
        try:  # the one date rule, as on the intake form
            validation.step_date(values["received_on"], today=self.today, field="received_on", what="登记日期")
        except DomainError as exc:
            errors.append(RowError(row, "登记日期", exc.code, exc.message))
        kind = values["kind"][0]
        if kind in ("complaint", "both") and not values.get("respondent_name") and not values.get("respondent_uscc"):
            errors.append(RowError(row, "被投诉方名称", "complaints.respondent_required", "投诉须写明被投诉方名称"))
        dept = values.get("department")
        if dept and dept not in self.departments:
            errors.append(RowError(row, "承办单位", "complaints.unknown_department", f"系统中没有单位“{dept[:30]}”"))
        elif dept and not self.in_scope(self.departments[dept]):
            errors.append(self.scope_error(row, "承办单位", "投诉举报"))
        return errors

    def apply(self, rows: list[Good], result: ImportResult, progress: Callable[[int], None]) -> None:

        # Raw IN queries in chunks of 900 (SQLite's parameter limit; the ORM's per-parameter work is measurable).
        numbers = [v["number"] for _, v in rows]
        existing = dict(_select_in("SELECT number, department_id FROM complaints_complaint WHERE number IN", numbers))
        usccs = list({v["respondent_uscc"] for _, v in rows if v.get("respondent_uscc")})
        entities: dict[str, tuple[int, str, int | None, str, str]] = {
            uscc: (pk, name, office, "natural_person" if kind == "individual" else "organisation", domicile or "")
            for pk, uscc, name, office, kind, domicile in _select_in(
                "SELECT id, uscc, name, office_id, kind, domicile FROM registry_marketentity WHERE uscc IN", usccs
            )
        }
        out: list[tuple[Any, ...]] = []
        out_rows: list[int] = []
        for n, v in rows:
            if v["number"] in existing:
                if not self.in_scope(existing[v["number"]]):
                    self.reject_row(n, [self.scope_error(n, "登记编号", "投诉举报")])
                    continue
                result.unchanged += 1
                continue
            kind, reason = v["kind"]
            received: dt.date = v["received_on"]
            entity = entities.get(v.get("respondent_uscc") or "")
            department_id = self.departments.get(v.get("department") or "") or (entity[2] if entity else None)
            if department_id is None:
                self.reject_row(
                    n,
                    [
                        RowError(
                            n,
                            "承办单位",
                            "complaints.no_department",
                            "无法确定承办单位：请填写“承办单位”，或填写系统中已有主体的统一社会信用代码",
                        )
                    ],
                )
                continue
            if not self.in_scope(department_id):
                self.reject_row(n, [self.scope_error(n, "承办单位", "投诉举报")])
                continue
            phone = v.get("consumer_phone") or ""
            ident = v.get("consumer_id_number") or ""
            name = v.get("consumer_name") or ""
            uscc = v.get("respondent_uscc") or ""
            common = (
                v.get("channel") or "12315",
                received,
                department_id,
                name,
                crypto.encrypt(phone),  # raw INSERT: encrypted here as the field would (issue 14 §10)
                crypto.encrypt(ident),
                consumer_key(phone=phone, id_number=ident),
                bool(name),
                entity[0] if entity else None,
                entity[1] if entity else (v.get("respondent_name") or ""),
                uscc,
                (
                    entity[3]
                    if entity
                    else ("natural_person" if uscc.startswith("92") else "organisation" if uscc else "")
                ),
                v.get("respondent_address") or (entity[4] if entity else ""),
                v.get("category") or "other",
                v.get("amount"),
                v.get("description") or "",
            )
            parts = ("complaint", "tip") if kind == "both" else (kind,)
            for part in parts:
                number = v["number"] if part == parts[0] else f"{v['number']}-J"
                if part == "not_covered":
                    status, due, closed, version = "redirected", None, received, ""
                else:
                    rule = clocks.ACCEPTANCE if part == "complaint" else clocks.TIP_VERIFICATION
                    res = clocks.compute(rule, received, received_on=received, calendar=self.calendar)
                    status, due, closed, version = "received", res.due, None, res.rulebook_version
                out.append(
                    (
                        number,
                        part,
                        common[0],
                        status,
                        *common[1:],
                        due,
                        due,
                        closed,
                        reason,
                        version,
                        *self.tail,
                        self.now,
                    )
                )
                out_rows.append(n)
            result.created += 1
        insert_rows(out)
        if out:
            ids = dict(_select_in("SELECT number, id FROM complaints_complaint WHERE number IN", [r[0] for r in out]))
            for n, r in zip(out_rows, out, strict=True):
                self.record_created(
                    "complaints.complaint", ids[r[0]], n, {"number": r[0], "kind": r[1], "department": r[5]}
                )
        fresh = [r for r in out if r[1] != "not_covered" and r[9]]
        flag_repeats({r[0] for r in fresh}, keys={r[9] for r in fresh})
        if any(v["kind"][0] == "both" for _, v in rows):
            _link_pairs([v["number"] for _, v in rows if v["kind"][0] == "both" and v["number"] not in existing])
        progress(len(rows))


def flag_repeats(numbers: set[str], *, keys: set[str] | None = None) -> int:
    """Set ``repeat_of`` on the newly inserted ``numbers`` (same kind, consumer key, category and respondent within the
    repeat window of the day of receipt; see services.find_repeat). Set-based: one look-up of every record of
    the consumers concerned, matching in memory, one ``executemany`` UPDATE. Returns how many were flagged."""
    from fazhi.rulebook import complaints as grounds

    if not numbers:
        return 0
    if keys is None:
        keys = {
            r[0] for r in _select_in("SELECT consumer_key FROM complaints_complaint WHERE number IN", list(numbers))
        }
    rows = _select_in(
        "SELECT id, number, kind, consumer_key, category, respondent_id, respondent_name, received_on "
        "FROM complaints_complaint WHERE kind <> 'not_covered' AND consumer_key IN",
        sorted(keys),
    )
    groups: dict[tuple[Any, ...], list[tuple[dt.date, int, str]]] = {}
    for pk, number, kind, key, category, respondent_id, respondent_name, received in rows:
        day = received if isinstance(received, dt.date) else dt.date.fromisoformat(str(received))
        who = ("entity", respondent_id) if respondent_id else ("name", respondent_name)
        groups.setdefault((kind, key, category, who), []).append((day, pk, number))
    updates: list[tuple[int, int]] = []
    for items in groups.values():
        if len(items) < 2:
            continue
        items.sort()
        for i in range(1, len(items)):
            day, pk, number = items[i]
            if number not in numbers:
                continue
            previous_day, previous_pk, _ = items[i - 1]
            if (day - previous_day).days <= grounds.repeat_window(day).length_days:
                updates.append((previous_pk, pk))
    if updates:
        with connection.cursor() as cur:
            cur.executemany("UPDATE complaints_complaint SET repeat_of_id = %s WHERE id = %s", updates)
    return len(updates)


def _select_in(sql: str, values: list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cur:
        for start in range(0, len(values), 900):
            part = values[start : start + 900]
            cur.execute(f"{sql} ({', '.join(['%s'] * len(part))})", part)
            out.extend(cur.fetchall())
    return out


def _link_pairs(numbers: list[str]) -> None:
    """Link the complaint and tip parts of split submissions (set-based, two UPDATEs per chunk)."""
    from fazhi.complaints.models import Complaint

    if not numbers:
        return
    ids = dict(Complaint.objects.filter(number__in=numbers).values_list("number", "pk"))
    tips = dict(Complaint.objects.filter(number__in=[f"{n}-J" for n in numbers]).values_list("number", "pk"))
    pairs = [(ids[n], tips[f"{n}-J"]) for n in numbers if n in ids and f"{n}-J" in tips]
    with connection.cursor() as cur:
        cur.executemany("UPDATE complaints_complaint SET linked_id = %s WHERE id = %s", [(t, c) for c, t in pairs])
        cur.executemany("UPDATE complaints_complaint SET linked_id = %s WHERE id = %s", pairs)


register_importer("complaints", ComplaintImporter)
