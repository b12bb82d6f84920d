"""Screens of 抽检与专项整治, one module per screen group: ``home`` (overview with the year's figures), ``plans``
(plans, labs and tasks), ``samples`` (samples with their handling, reviews, corrections, documents), ``campaigns``
(campaigns with their checks), ``permits`` (证照分离 matters). Every write goes through a service via ``run_form``.
"""

from fazhi.sampling.views.campaigns import (
    campaign_act,
    campaign_detail,
    campaign_list,
    campaign_new,
)
from fazhi.sampling.views.home import (
    home,
)
from fazhi.sampling.views.permits import (
    permit_list,
)
from fazhi.sampling.views.plans import (
    lab_new,
    plan_detail,
    plan_list,
    plan_new,
    task_detail,
)
from fazhi.sampling.views.samples import (
    late_review,
    review_list,
    sample_act,
    sample_correct,
    sample_detail,
    sample_document,
    sample_list,
)

__all__ = [
    "campaign_act",
    "campaign_detail",
    "campaign_list",
    "campaign_new",
    "home",
    "lab_new",
    "late_review",
    "permit_list",
    "plan_detail",
    "plan_list",
    "plan_new",
    "review_list",
    "sample_act",
    "sample_correct",
    "sample_detail",
    "sample_document",
    "sample_list",
    "task_detail",
]
