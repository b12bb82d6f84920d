from django.urls import path

from fazhi.powers import views

app_name = "powers"
urlpatterns = [
    path("", views.power_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("items/<str:code>/", views.item, name="item"),
    path("diff/", views.diff, name="diff"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/lines/", views.line_add, name="line_add"),
    path("batches/<int:pk>/lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
    path("batches/<int:pk>/submit/", views.batch_submit, name="batch_submit"),
    path("batches/<int:pk>/reopen/", views.batch_reopen, name="batch_reopen"),
    path("batches/<int:pk>/review/", views.batch_review, name="batch_review"),
    path("batches/<int:pk>/approve/", views.batch_approve, name="batch_approve"),
    path("batches/<int:pk>/reject/", views.batch_reject, name="batch_reject"),
]
