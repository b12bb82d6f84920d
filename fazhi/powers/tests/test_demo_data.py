import pytest

from fazhi.demo.context import DemoContext
from fazhi.powers import demo_data, selectors
from fazhi.powers.models import AdjustmentBatch, PowerItemVersion

pytestmark = pytest.mark.django_db


def run(seed=2023):
    from fazhi.registry.models import Department

    departments = {
        code: Department.objects.get_or_create(code=code, defaults={"name": code, "kind": "section"})[0]
        for code in {section for section, _ in demo_data.CATALOGUE.values()} | {"enforcement"}
    }
    ctx = DemoContext(seed=seed, verbose=False)
    ctx.shared["departments"] = departments
    demo_data.generate(ctx)
    return ctx


def test_演示清单达到种子数据():
    ctx = run()
    assert selectors.powers_total(2023) == 456
    assert selectors.powers_adjusted(2023) == 63
    assert selectors.powers_total(2022) == 450
    assert selectors.powers_adjusted(2022) == 40  # one 2022 batch: 6 added, 28 changed, 6 removed
    assert sum(len(v) for v in ctx.shared["power_codes_by_domain"].values()) == 456
    assert AdjustmentBatch.objects.filter(status="submitted").count() == 1
    assert selectors.batch_problems(AdjustmentBatch.objects.get(status="submitted")) == []
    # Every version cites a legal basis and has a responsible section.
    assert not PowerItemVersion.objects.filter(legal_basis=[]).exists()
    assert not PowerItemVersion.objects.filter(department__isnull=True).exists()


def test_演示数据可复现():
    run()
    first = sorted(PowerItemVersion.objects.values_list("item__code", "name", "effective_from", "effective_to"))
    PowerItemVersion.objects.all().delete()
    AdjustmentBatch.objects.all().delete()
    from fazhi.powers.models import PowerItem

    PowerItem.objects.all().delete()
    run()
    assert sorted(PowerItemVersion.objects.values_list("item__code", "name", "effective_from", "effective_to")) == first
