"""法律事务、建议提案 API (mounted at /api/v1/legal_affairs/): the register of the public-sector lawyers' and legal
counsel's matters and the CPPCC proposals / NPC suggestions with their reply clocks (read), and the same steps as
the screens — record a matter, complete it, register a proposal, extend its reply period, reply — through the same
services, permissions and department scope."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from fazhi.api.params import ApiDate, Page, RecordId, Year
from fazhi.core.access import require
from fazhi.core.errors import DomainError
from fazhi.core.revision import parse_revision
from fazhi.legal_affairs import selectors, services
from fazhi.legal_affairs.access import access_matter, access_proposal
from fazhi.legal_affairs.models import LegalMatter, Proposal
from fazhi.registry import selectors as registry_selectors

router = Router(tags=["法律事务、建议提案"])


class MatterOut(Schema):
    id: int
    number: str
    department_id: int
    kind: str
    kind_label: str
    handler_kind: str
    handler_kind_label: str
    handler_name: str
    title: str
    received_on: dt.date
    completed_on: dt.date | None
    opinion: str


class ProposalOut(Schema):
    id: int
    kind: str
    reference: str
    title: str
    proposer: str
    department_id: int
    assigned_on: dt.date
    reply_rule: str
    reply_due_on: dt.date | None
    replied_on: dt.date | None
    reply_text: str
    replied_late: bool
    feedback: str
    feedback_label: str
    satisfied: bool
    revision: int


class MatterIn(Schema):
    department_id: int = Field(ge=1, le=2**31 - 1)
    kind: str = Field(max_length=24)
    handler_kind: str = Field(max_length=16)
    handler_name: str = Field(max_length=64)
    title: str = Field(max_length=200)
    received_on: ApiDate
    completed_on: ApiDate | None = None
    opinion: str = Field("", max_length=4000)


class CompleteIn(Schema):
    on: ApiDate
    opinion: str = Field(max_length=4000)


class ProposalIn(Schema):
    kind: str = Field(max_length=8)
    reference: str = Field(max_length=40)
    title: str = Field(max_length=200)
    proposer: str = Field(max_length=100)
    department_id: int = Field(ge=1, le=2**31 - 1)
    assigned_on: ApiDate


class ReplyIn(Schema):
    on: ApiDate
    text: str = Field(max_length=4000)
    feedback: str = Field("", max_length=24)
    revision: str = Field("", max_length=12)


def _department(pk: int):
    department = registry_selectors.department_by_pk(pk)
    if department is None:
        raise DomainError("legal_affairs.department", "部门不存在，请选择本局的部门", field="department_id")
    return department


def _matter(request, pk: int) -> LegalMatter:
    require(request.user, "legal_affairs.view")
    return access_matter(user=request.user, pk=pk)


def _proposal(request, pk: int) -> Proposal:
    require(request.user, "legal_affairs.view")
    return access_proposal(user=request.user, pk=pk)


@router.get("/matters", response=list[MatterOut])
def list_matters(request, year: Year | None = None, kind: str = Query("", max_length=24), page: Page = 1):
    """The register (newest first), optionally of one year (received) and kind."""
    require(request.user, "legal_affairs.view")
    qs = selectors.matters(request.user)
    if year is not None:
        qs = qs.filter(received_on__gte=dt.date(year, 1, 1), received_on__lt=dt.date(year + 1, 1, 1))
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("-received_on", "-id")[(page - 1) * 100 : page * 100])


@router.get("/matters/{pk}", response=MatterOut)
def matter_detail(request, pk: RecordId):
    return _matter(request, pk)


@router.post("/matters", response={201: MatterOut})
def record_matter(request, body: MatterIn):
    """登记法律事务."""
    require(request.user, "legal_affairs.handle")
    data = body.dict()
    department = _department(data.pop("department_id"))
    return Status(201, services.matter_record(department=department, actor=request.user, **data))


@router.post("/matters/{pk}/complete", response=MatterOut)
def complete_matter(request, pk: RecordId, body: CompleteIn):
    """办结: the date and the legal opinion (result)."""
    matter = _matter(request, pk)
    return services.matter_complete(matter=matter, on=body.on, opinion=body.opinion, actor=request.user)


@router.get("/proposals", response=list[ProposalOut])
def list_proposals(request, year: Year | None = None, page: Page = 1):
    """Proposals and suggestions (by assignment date, newest first), optionally of one year."""
    require(request.user, "legal_affairs.view")
    qs = selectors.proposals(request.user)
    if year is not None:
        qs = qs.filter(assigned_on__gte=dt.date(year, 1, 1), assigned_on__lt=dt.date(year + 1, 1, 1))
    return list(qs.order_by("-assigned_on", "-id")[(page - 1) * 100 : page * 100])


@router.get("/proposals/{pk}", response=ProposalOut)
def proposal_detail(request, pk: RecordId):
    return _proposal(request, pk)


@router.post("/proposals", response={201: ProposalOut})
def register_proposal(request, body: ProposalIn):
    """登记交办的建议提案 (the reply clock starts)."""
    require(request.user, "legal_affairs.handle")
    data = body.dict()
    department = _department(data.pop("department_id"))
    return Status(201, services.proposal_register(department=department, actor=request.user, **data))


@router.post("/proposals/{pk}/extend", response=ProposalOut)
def extend_proposal(request, pk: RecordId):
    """Complex matter: the longer reply period the rule allows (once)."""
    proposal = _proposal(request, pk)
    services.proposal_extend(proposal=proposal, actor=request.user)
    proposal.refresh_from_db()
    return proposal


@router.post("/proposals/{pk}/reply", response=ProposalOut)
def reply_proposal(request, pk: RecordId, body: ReplyIn):
    """答复 (late if after the due date) and the proposer's feedback when given."""
    proposal = _proposal(request, pk)
    services.proposal_reply(
        proposal=proposal, on=body.on, text=body.text, feedback=body.feedback,
        expected_revision=parse_revision(body.revision), actor=request.user,
    )  # fmt: skip
    proposal.refresh_from_db()
    return proposal
