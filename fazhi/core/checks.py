"""System checks: the rulebook's tables must load strictly (also run in ``make test``)."""

from __future__ import annotations

from django.core import checks


@checks.register()
def rulebook_tables(app_configs, **kwargs):
    errors = []
    try:
        from fazhi.rulebook import loader
    except ImportError:
        return errors
    for problem in loader.check_all_tables():
        errors.append(checks.Error(problem, id="fazhi.E001", hint="修正 fazhi/rulebook/tables 下的规则表"))
    return errors
