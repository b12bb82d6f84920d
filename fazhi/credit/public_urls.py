"""Public credit pages, mounted at /public/credit/ (namespace ``publicity:public_credit``)."""

from django.urls import path

from fazhi.credit import public_views

PUBLIC_SECTIONS = [
    {
        "title": "经营异常名录",
        "description": "列入经营异常名录的企业和标记为经营异常状态的个体工商户，可按名称或统一社会信用代码查询",
        "url_name": "abnormal_list",
    },
    {"title": "严重违法失信名单", "description": "列入严重违法失信名单的市场主体", "url_name": "serious_list"},
    {
        "title": "信用信息变更",
        "description": "移出名单、信用修复后停止公示等变更，供其他网站同步（另有 JSON）",
        "url_name": "changes",
    },
]

urlpatterns = [
    path("", public_views.abnormal_list, name="abnormal_list"),
    path("serious/", public_views.serious_list, name="serious_list"),
    path("entities/<int:pk>/", public_views.entity, name="entity"),
    path("changes/", public_views.changes, name="changes"),
    path("changes.json", public_views.changes_json, name="changes_json"),
]
