"""The demo district: valid identifiers, seed figures hit exactly, deterministic, accounts log in, idempotent."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from fazhi.core.models import User
from fazhi.demo.accounts import DEMO_ACCOUNTS
from fazhi.demo.context import DemoContext
from fazhi.demo.models import DemoRun
from fazhi.demo.services import Generator, discover_generators
from fazhi.file_reviews.models import ReviewFile
from fazhi.inspections.models import DrawSeed, InspectionAssignment
from fazhi.registry.models import AnnualReportFiling, Department, MarketEntity, Officer
from fazhi.rulebook.identifiers import validate_registration_number, validate_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--scale", "small", *args, stdout=out, verbosity=0)
    return out.getvalue()


def entity_digest() -> str:
    rows = MarketEntity.objects.order_by("id").values_list(
        "id", "uscc", "registration_number", "name", "kind", "status", "status_changed_on", "established_on",
        "domicile", "street", "legal_representative", "industry", "office__code", "risk_class",
    )  # fmt: skip
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode())
    filings = AnnualReportFiling.objects.order_by("entity_id").values_list("entity_id", "year", "filed_on", "channel")
    digest.update(repr(list(filings)).encode())
    return digest.hexdigest()


def draw_digest() -> str:
    """What the draws chose: seeds, the entities and teams of every task, the files and reviewers of every round.
    A seed secret taken from the operating system instead of the demo's stream changes all of these."""
    seeds = DrawSeed.objects.order_by("task__name", "id").values_list("task__name", "kind", "value")
    teams = InspectionAssignment.objects.order_by("task__name", "entity_id", "officers__certificate_number")
    files = ReviewFile.objects.order_by("round__title", "draw_rank", "reviewers__username")
    digest = hashlib.sha256()
    for rows in (
        seeds,
        teams.values_list("task__name", "entity_id", "officers__certificate_number"),
        files.values_list("round__title", "case_id", "draw_rank", "reviewers__username"),
    ):
        digest.update(repr(list(rows)).encode())
    return digest.hexdigest()


def test_generators_are_discovered_in_order():
    generators = discover_generators()
    apps = [g.app for g in generators]
    assert apps[:2] == ["registry", "demo"]
    assert [g.order for g in generators] == sorted(g.order for g in generators)


def test_every_entity_carries_a_valid_identifier():
    run_demo("--seed", "7")
    assert MarketEntity.objects.count() > 2000
    for uscc, number, kind in MarketEntity.objects.values_list("uscc", "registration_number", "kind"):
        if uscc:
            assert validate_uscc(uscc, strict_org_code=True) == uscc
            assert uscc[2:8] == "120110"
            assert uscc[:2] == {"individual": "92", "cooperative": "93"}.get(kind, "91")
        else:
            assert kind == "individual"
            assert validate_registration_number(number) == number


def test_seed_figures_are_hit_exactly_at_the_run_scale():
    run_demo("--seed", "7")
    ctx = DemoContext(scale="small")
    qs = MarketEntity.objects

    def existing_at(day):
        ended = qs.filter(established_on__lte=day, status_changed_on__lte=day).exclude(status="active").count()
        return qs.filter(established_on__lte=day).count() - ended

    assert qs.filter(established_on__year=2023).count() == ctx.scaled(14163)
    assert qs.filter(established_on__year=2022).count() == ctx.scaled(12550)
    assert existing_at("2023-12-31") == ctx.scaled(102833)
    assert existing_at("2022-12-31") == ctx.scaled(96376)


def test_kinds_statuses_and_staff_are_realistic():
    run_demo("--seed", "7")
    total = MarketEntity.objects.count()
    individuals = MarketEntity.objects.filter(kind="individual").count()
    assert 0.6 < individuals / total < 0.7
    assert MarketEntity.objects.filter(status="cancelled").exists()
    assert MarketEntity.objects.exclude(status="active").filter(status_changed_on__isnull=True).count() == 0
    assert Department.objects.filter(kind="external").count() == 23
    assert Department.objects.filter(kind="office").count() == 11
    assert Officer.objects.exclude(department__kind="external").count() == 184
    # every entity is supervised by the office of its street
    for street, office_name in MarketEntity.objects.values_list("street", "office__name").distinct():
        assert office_name == street.removesuffix("街") + "市场监管所"


def test_same_seed_gives_identical_data_and_another_seed_does_not():
    run_demo("--seed", "7")
    first, drawn = entity_digest(), draw_digest()
    assert InspectionAssignment.objects.exists() and ReviewFile.objects.exists()
    run_demo("--seed", "7", "--force")
    assert (entity_digest(), draw_digest()) == (first, drawn)
    run_demo("--seed", "8", "--force")
    assert entity_digest() != first
    assert draw_digest() != drawn


def test_demo_accounts_log_in_with_their_roles():
    run_demo("--seed", "7")
    for account in DEMO_ACCOUNTS:
        request = RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.1")
        user = authenticate(request=request, username=account.username, password=account.password)
        assert user is not None, account.username
        assert user.role == account.role
        assert user.department is not None
    officer = authenticate(request=RequestFactory().post("/"), username="officer", password="demo-officer")
    chief = authenticate(request=RequestFactory().post("/"), username="chief", password="demo-chief")
    assert officer.officer is not None and officer.officer.department == officer.department == chief.department
    legal = authenticate(request=RequestFactory().post("/"), username="legal", password="demo-legal")
    assert legal.department.name == "法制科" and legal.officer.department.name == "法制科"
    # 三员分立: three administrator accounts, none a Django superuser (that bypasses nothing, but is for emergencies).
    admins = {a.role.value for a in DEMO_ACCOUNTS} & {"admin", "security_admin", "audit_admin"}
    assert admins == {"admin", "security_admin", "audit_admin"}
    assert not User.objects.filter(is_superuser=True).exists()


def test_accounts_table_lists_every_role():
    run_demo("--seed", "7")
    out = io.StringIO()
    call_command("demo", "--accounts", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for account in DEMO_ACCOUNTS:
        assert account.username in text and account.password in text and account.role.label in text


def test_if_absent_is_a_no_op_the_second_time():
    run_demo("--seed", "7")
    digest, runs = entity_digest(), DemoRun.objects.count()
    out = run_demo("--seed", "9", "--if-absent")
    assert "跳过" in out
    assert entity_digest() == digest and DemoRun.objects.count() == runs == 1


def test_generating_again_without_force_is_refused():
    run_demo("--seed", "7")
    with pytest.raises(CommandError, match="--force"):
        run_demo("--seed", "7")


def test_real_registry_data_is_never_overwritten_without_force(department):
    MarketEntity.objects.create(
        uscc="91120110MA05JFPJ2X", name="真实企业", kind="enterprise", established_on="2020-01-01"
    )
    with pytest.raises(CommandError, match="非演示"):
        run_demo("--seed", "7")
    assert MarketEntity.objects.get().name == "真实企业"


def test_a_failing_generator_leaves_nothing_behind(monkeypatch):
    import fazhi.demo.services as services

    real = services.discover_generators

    def boom(ctx):
        raise RuntimeError("generator crashed")

    monkeypatch.setattr(services, "discover_generators", lambda: [*real(), Generator("broken", 99, boom, None)])
    with pytest.raises(RuntimeError):
        run_demo("--seed", "7")
    assert not MarketEntity.objects.exists() and not DemoRun.objects.exists()
    monkeypatch.setattr(services, "discover_generators", real)
    run_demo("--seed", "7", "--if-absent")
    assert DemoRun.objects.filter(finished_at__isnull=False).count() == 1


def test_name_search_index_is_complete_after_the_bulk_load():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index exists on SQLite only")
    run_demo("--seed", "7")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_entity_fts WHERE registry_entity_fts MATCH %s", ['"有限公司"'])
        indexed = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'registry_entity_fts%%'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert indexed == MarketEntity.objects.filter(name__contains="有限公司").count() > 0
    assert triggers == {"registry_entity_fts_ai", "registry_entity_fts_ad", "registry_entity_fts_au"}


def test_each_demo_account_logs_in_through_the_login_page(client):
    from django.urls import reverse

    run_demo("--seed", "7")
    for account in DEMO_ACCOUNTS:
        response = client.post(reverse("login"), {"username": account.username, "password": account.password})
        assert response.status_code == 302, account.username
        assert client.session["_auth_user_id"]
        client.logout()
