"""``{% case_remedies case %}``: the reconsiderations and lawsuits against a penalty case, on the case page."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.core.roles import user_can
from fazhi.remedies.selectors import for_case

register = template.Library()


@register.inclusion_tag("remedies/_case_remedies.html", takes_context=True)
def case_remedies(context: Any, case: Any) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user_can(user, "remedies.view"):
        return {"matters": []}
    return {"matters": for_case(case)}
