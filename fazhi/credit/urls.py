from django.urls import path

from fazhi.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.abnormal_list, name="abnormal_list"),
    path("queue/", views.queue, name="queue"),
    path("listings/<int:pk>/", views.listing, name="listing"),
    path("listings/<int:pk>/apply/", views.listing_apply, name="listing_apply"),
    path("applications/<int:pk>/<str:action>/", views.application_act, name="application_act"),
    path("serious/", views.serious_list, name="serious_list"),
    path("serious/<int:pk>/", views.serious, name="serious"),
    path("serious/<int:pk>/<str:action>/", views.serious_act, name="serious_act"),
    path("repairs/", views.repairs, name="repairs"),
    path("repairs/<int:pk>/", views.repair, name="repair"),
    path("repairs/<int:pk>/<str:action>/", views.repair_act, name="repair_act"),
    path("entities/<int:pk>/", views.entity, name="entity"),
    path("entities/<int:pk>/revoke/", views.entity_revoke, name="entity_revoke"),
    path("revocations/", views.revocations, name="revocations"),
    path("revocations/<int:pk>/", views.revocation_detail, name="revocation"),
    path("revocations/<int:pk>/legal-pass/", views.revocation_legal_pass, name="revocation_legal_pass"),
    path("revocations/<int:pk>/legal-return/", views.revocation_legal_return, name="revocation_legal_return"),
    path("revocations/<int:pk>/resubmit/", views.revocation_resubmit, name="revocation_resubmit"),
    path("revocations/<int:pk>/withdraw/", views.revocation_withdraw, name="revocation_withdraw"),
    path("revocations/<int:pk>/approve/", views.revocation_approve, name="revocation_approve"),
    path("revocations/<int:pk>/refuse/", views.revocation_refuse, name="revocation_refuse"),
]
