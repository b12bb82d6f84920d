"""The reconsideration and litigation metrics of the annual report (seed-figures.md § Oversight), and the
correction rates (纠错率) of each register, each with its definition and the records it counts (``selectors``)."""

from __future__ import annotations

from fazhi.core.metrics import any_record, register_metric
from fazhi.remedies import selectors

M = "remedies"
register_metric(
    "reconsiderations.handled", "办理行政复议案件", module=M, compute=selectors.reconsiderations_handled,
    records=selectors.reconsidered, source=any_record(selectors.reconsidered),
    definition="本局作为被申请人、收到行政复议申请书副本的日期在当年1月1日至12月31日之间的行政复议案件数",
)  # fmt: skip
register_metric(
    "litigation.handled", "办理行政诉讼案件", module=M, compute=selectors.lawsuits_handled, records=selectors.sued,
    source=any_record(selectors.sued),
    definition="本局作为被告、收到起诉状副本的日期在当年1月1日至12月31日之间的行政诉讼案件数",
)  # fmt: skip
register_metric(
    "litigation.head_appearances", "负责人出庭应诉次数", module=M, compute=selectors.head_appearances,
    records=selectors.head_appearance_records, source=any_record(selectors.court_hearings),
    definition="当年开庭审理的行政诉讼庭次中，本局负责人出庭应诉的次数（按开庭日期计）",
)  # fmt: skip
register_metric(
    "litigation.head_appearance_rate", "负责人出庭应诉率", module=M, compute=selectors.head_appearance_rate,
    unit="percent", records=selectors.head_duty_hearings,
    definition="当年开庭审理、依规定负责人应当出庭的庭次中负责人出庭的比例（列出应当出庭的庭次）",
)  # fmt: skip
register_metric(
    "reconsiderations.correction_rate", "行政复议纠错率", module=M,
    compute=selectors.reconsideration_correction_rate, unit="percent", records=selectors.concluded_reconsiderations,
    definition=(
        "当年作出复议决定（按决定日期计）的行政复议案件中，被变更、撤销、确认违法或无效、责令履行的比例"
        "（列出当年结案的案件）"
    ),
)  # fmt: skip
register_metric(
    "litigation.correction_rate", "行政诉讼纠错率（败诉率）", module=M, compute=selectors.litigation_correction_rate,
    unit="percent", records=selectors.concluded_lawsuits,
    definition=(
        "当年作出裁判（按裁判日期计）的行政诉讼案件中，被判决变更、撤销、确认违法或无效、责令履行的比例"
        "（列出当年结案的案件）"
    ),
)  # fmt: skip
