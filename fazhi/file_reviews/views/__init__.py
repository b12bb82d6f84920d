"""Screens of the case-file review (案卷评查), one module per screen group: ``home`` (overview), ``rounds``, ``files``
(score sheets), ``rectifications``, ``higher`` (files sent up), ``live`` (the live review queue). Every write goes
through a service via ``run_form``; errors appear on their field in Chinese.
"""

from fazhi.file_reviews.views.files import (
    file_detail,
    file_distinguish,
    file_reassign,
    file_score,
)
from fazhi.file_reviews.views.higher import (
    higher_detail,
    higher_list,
)
from fazhi.file_reviews.views.home import (
    home,
)
from fazhi.file_reviews.views.live import (
    live_queue,
)
from fazhi.file_reviews.views.rectifications import (
    rectification_detail,
    rectification_list,
    rectification_report,
    rectification_verify,
)
from fazhi.file_reviews.views.rounds import (
    round_action,
    round_detail,
    round_draw,
    round_new,
)

__all__ = [
    "file_detail",
    "file_distinguish",
    "file_reassign",
    "file_score",
    "higher_detail",
    "higher_list",
    "home",
    "live_queue",
    "rectification_detail",
    "rectification_list",
    "rectification_report",
    "rectification_verify",
    "round_action",
    "round_detail",
    "round_draw",
    "round_new",
]
