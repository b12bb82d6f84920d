from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.api.root import api
from fazhi.web.forms import LoginForm

admin.site.site_header = "fazhi 法治 · 系统管理"
admin.site.site_title = "fazhi 系统管理"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("registry/", include("fazhi.registry.urls")),
    path("deadlines/", include("fazhi.deadlines.urls")),
    path("powers/", include("fazhi.powers.urls")),
    path("inspections/", include("fazhi.inspections.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("complaints/", include("fazhi.complaints.urls")),
    path("credit/", include("fazhi.credit.urls")),
    path("sampling/", include("fazhi.sampling.urls")),
    path("file-reviews/", include("fazhi.file_reviews.urls")),
    path("remedies/", include("fazhi.remedies.urls")),
    path("disclosure/", include("fazhi.disclosure.urls")),
    path("normative-docs/", include("fazhi.normative_docs.urls")),
    path("major-decisions/", include("fazhi.major_decisions.urls")),
    path("legal-affairs/", include("fazhi.legal_affairs.urls")),
    path("activities/", include("fazhi.activities.urls")),
    path("exams/", include("fazhi.exams.urls")),
    path("reports/", include("fazhi.reports.urls")),
    path("public/", include("fazhi.publicity.urls")),
    path("", include("fazhi.web.urls")),
]

# A 500 shows a Chinese page with a reference number, never a traceback (issue 14 §14).
handler500 = "fazhi.core.errorpages.server_error"
