"""``{% case_live_review case %}``: the live review card on the case page (a read through the selector)."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.core.roles import user_can
from fazhi.file_reviews.selectors import case_live_review as live_review

register = template.Library()


@register.inclusion_tag("file_reviews/_live_score.html", takes_context=True)
def case_live_review(context: Any, case: Any) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user_can(user, "file_reviews.view"):
        return {"live": None}
    return {"live": live_review(case)}
