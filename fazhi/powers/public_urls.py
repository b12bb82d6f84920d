"""Public pages of the power list (公示): the list in force, an item's history, the diff, published batches.

Only approved data; no personal data (staff names of preparers and approvers are not shown).
"""

from django.urls import path

from fazhi.powers import public_views

PUBLIC_SECTIONS = [
    {
        "title": "权责清单",
        "description": "本局现行有效的权责事项，可按日期查询历史清单并导出 Excel",
        "url_name": "list",
    },
    {"title": "权责清单调整", "description": "已生效的权责清单调整函及清单变化对比", "url_name": "batches"},
]

urlpatterns = [
    path("", public_views.power_list, name="list"),
    path("export.xlsx", public_views.export, name="export"),
    path("items/<str:code>/", public_views.item, name="item"),
    path("diff/", public_views.diff, name="diff"),
    path("batches/", public_views.batches, name="batches"),
    path("batches/<int:pk>/", public_views.batch, name="batch"),
]
