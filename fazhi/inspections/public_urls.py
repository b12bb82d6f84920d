"""Public pages of 双随机、一公开 (mounted at /public/inspections/)."""

from django.urls import path

from fazhi.inspections import public_views

PUBLIC_SECTIONS = [
    {"title": "双随机抽查计划", "description": "年度抽查计划、联合抽查成员单位及其抽查任务", "url_name": "plans"},
    {
        "title": "抽查任务与抽取记录",
        "description": "抽取前公布的名录库哈希与筛选条件、随机种子来源及承诺值、可下载并自行验证的抽取记录，以及公示的检查结果",
        "url_name": "tasks",
    },
]

urlpatterns = [
    path("", public_views.plans, name="plans"),
    path("tasks/", public_views.tasks, name="tasks"),
    path("tasks/<int:pk>/", public_views.task, name="task"),
    path("tasks/<int:pk>/pool.txt", public_views.pool, name="pool"),
    path("draws/<int:pk>/record.txt", public_views.draw_record, name="draw_record"),
]
