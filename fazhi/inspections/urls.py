from django.urls import path

from fazhi.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/freeze/", views.task_freeze, name="task_freeze"),
    path("tasks/<int:pk>/seed/value/", views.seed_value, name="seed_value"),
    path("tasks/<int:pk>/seed/replacement/", views.replacement_request, name="replacement_request"),
    path("tasks/<int:pk>/seed/replacement/decide/", views.replacement_decide, name="replacement_decide"),
    path("tasks/<int:pk>/seed/commit/", views.seed_commit, name="seed_commit"),
    path("tasks/<int:pk>/draw/", views.task_draw, name="task_draw"),
    path("tasks/<int:pk>/finish/", views.task_finish, name="task_finish"),
    path("draws/<int:pk>/record.txt", views.draw_record, name="draw_record"),
    path("draws/<int:pk>/record-full.txt", views.draw_full_record, name="draw_full_record"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    path("items/", views.item_list, name="item_list"),
    path("mine/", views.my_inspections, name="my_inspections"),
    path("assignments/<int:pk>/result/", views.result_entry, name="result_entry"),
    path("assignments/<int:pk>/recheck/", views.result_recheck, name="result_recheck"),
]
