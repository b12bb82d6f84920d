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
]
