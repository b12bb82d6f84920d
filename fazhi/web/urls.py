from django.urls import path

from fazhi.web import account_views, audit_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("help/", views.help_index, name="help"),
    path("help/<str:role>/", views.help_role, name="help_role"),
    path("audit/", audit_views.audit, name="audit"),
    path("audit/events/<int:sequence>/", audit_views.audit_event, name="audit_event"),
    path("audit/verify/", audit_views.audit_verify, name="audit_verify"),
    # one's own account
    path("account/", account_views.account, name="account"),
    path("account/password/", account_views.password_change, name="password_change"),
    path("account/otp/setup/", account_views.otp_setup, name="otp_setup"),
    path("account/otp/verify/", account_views.otp_verify, name="otp_verify"),
    path("account/tokens/", account_views.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", account_views.token_revoke, name="token_revoke"),
    # the 安全管理员's account management
    path("accounts/", account_views.accounts_list, name="accounts"),
    path("accounts/new/", account_views.account_create, name="account_create"),
    path("accounts/unlock/", account_views.account_unlock, name="account_unlock"),
    path("accounts/<int:pk>/", account_views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/password/", account_views.account_password, name="account_password"),
    path("accounts/<int:pk>/otp-reset/", account_views.account_otp_reset, name="account_otp_reset"),
    path(
        "accounts/<int:pk>/tokens/<int:token_id>/revoke/",
        account_views.account_token_revoke,
        name="account_token_revoke",
    ),
]
