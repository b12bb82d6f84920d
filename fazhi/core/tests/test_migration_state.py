"""ADR 0008: ``fazhi migrate`` re-renders only the model classes an operation made stale.

The claim to check is that no rendered class is ever left pointing to a replaced one: after every operation of
every migration, each relation of each rendered model leads to the class the registry holds now, and each
model's reverse relations are exactly those a fresh rendering of the same state gives. If that holds, the
schema editor sees the same models as under Django's own (much wider) re-rendering.
"""

from __future__ import annotations

from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState, StateApps

from fazhi.core.migration_state import stale_only_reload


def _stale_relations(apps: StateApps) -> list[str]:
    problems = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            target = field.related_model
            if target is None or isinstance(target, str):
                continue
            current = apps.get_model(target._meta.app_label, target._meta.model_name)
            if target is not current:
                problems.append(f"{model._meta.label}.{field.name} → stale {target._meta.label}")
        for parent in model._meta.parents:
            if parent is not apps.get_model(parent._meta.app_label, parent._meta.model_name):
                problems.append(f"{model._meta.label} inherits a stale {parent._meta.label}")
    return problems


def _reverse_relations(apps: StateApps) -> dict[str, set[str]]:
    return {
        model._meta.label: {
            f"{rel.related_model._meta.label}.{rel.field.name}"
            for rel in model._meta.get_fields(include_hidden=True)
            if rel.auto_created and not rel.concrete
        }
        for model in apps.get_models(include_auto_created=True)
    }


def _every_operation_in_order() -> tuple[MigrationLoader, list]:
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    plan = []
    seen = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append(loader.graph.nodes[key])
    return loader, plan


def test_no_operation_leaves_a_class_pointing_to_a_replaced_one():
    loader, plan = _every_operation_in_order()
    state = ProjectState(real_apps=loader.unmigrated_apps)
    state.apps  # rendered before the first operation, as the executor does
    operations = 0
    with stale_only_reload():
        for migration in plan:
            for operation in migration.operations:
                operation.state_forwards(migration.app_label, state)
                operations += 1
                problems = _stale_relations(state.apps)
                assert not problems, f"{migration.app_label}.{migration.name} {operation.describe()}: {problems[:5]}"
    assert operations > 300  # the whole history was walked, not an empty plan

    # At the end the reverse relations are those of a fresh rendering of the same state.
    fresh = ProjectState(models=state.models, real_apps=state.real_apps).apps
    assert _reverse_relations(state.apps) == _reverse_relations(fresh)


def test_djangos_own_reload_is_back_after_the_block():
    before = getattr(ProjectState, "_find_reload_model")  # private: not in the type stubs
    with stale_only_reload():
        assert getattr(ProjectState, "_find_reload_model") is not before
    assert getattr(ProjectState, "_find_reload_model") is before


def test_the_migrate_command_is_fazhis():
    from django.core.management import get_commands

    assert get_commands()["migrate"] == "fazhi.core"
