"""Navigation: each entry shows only when its URL exists and the user holds its permission."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from fazhi.core.roles import user_can

NAV = [
    ("工作台", "web:home", None),
    ("市场主体", "registry:entity_list", "registry.view"),
    ("权责清单", "powers:list", "powers.view"),
    ("双随机抽查", "inspections:plan_list", "inspections.view"),
    ("行政处罚", "cases:case_list", "cases.view"),
    ("投诉举报", "complaints:queue", "complaints.view"),
    ("信用监管", "credit:abnormal_list", "credit.view"),
    ("抽检与专项", "sampling:home", "sampling.view"),
    ("案卷评查", "file_reviews:home", "file_reviews.view"),
    ("复议诉讼", "remedies:home", "remedies.view"),
    ("信息公开", "disclosure:home", "disclosure.view"),
    ("规范性文件", "normative_docs:home", "normative_docs.view"),
    ("重大决策", "major_decisions:home", "major_decisions.view"),
    ("法律事务", "legal_affairs:home", "legal_affairs.view"),
    ("学法普法", "activities:home", "activities.view"),
    ("学法考试", "exams:home", "exams.view"),
    ("统计报告", "reports:dashboard", "reports.view"),
    ("规则确认", "deadlines:rule_confirmations", "rules.view"),
    ("节假日安排", "deadlines:calendar_years", "calendar.edit"),
    ("人员与部门", "registry:officer_list", "staff.view"),
    ("审计日志", "web:audit", "audit.view"),
    ("账号管理", "web:accounts", "accounts.manage"),
    ("数据导入", "registry:import", "registry.import"),
]
PUBLIC_NAV = [
    ("公示首页", "publicity:index"),
    ("期限计算器", "deadlines:calculator"),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    """The navigation of the page, computed only when a template shows it (an htmx fragment such as a list's
    results never does, and the ~25 URL reversals and permission checks are a good share of such a request)."""
    computed: dict[str, object] = {}

    def value(key: str):
        def get():
            if not computed:
                computed.update(_navigation(request))
            return computed[key]

        return SimpleLazyObject(get)

    return {key: value(key) for key in ("nav_items", "public_nav", "bureau_name", "help_url")}


def _navigation(request):
    user = getattr(request, "user", None)
    items = []
    help_url = None
    if user is not None and user.is_authenticated:
        module = None
        for label, name, perm in NAV:
            url = _url(name)
            if url and (perm is None or user_can(user, perm)):
                active = request.path.startswith(url) and url != "/"
                items.append({"label": label, "url": url, "active": active})
                if active and module is None:
                    module = name.split(":", 1)[0]
        help_url = _help_url(getattr(user, "role", None), module)
    public = [{"label": label, "url": u} for label, name in PUBLIC_NAV if (u := _url(name))]
    from django.conf import settings

    return {
        "nav_items": items,
        "public_nav": public,
        "bureau_name": settings.FAZHI_BUREAU_NAME,
        "help_url": help_url,
    }


def _help_url(role: str | None, module: str | None) -> str:
    """The help link of a staff screen: the reader's own guide, at the section of the screen's module."""
    from fazhi.core.roles import Role

    if role not in Role.values:
        return reverse("web:help")
    return reverse("web:help_role", args=[role]) + (f"#{module}" if module else "")
