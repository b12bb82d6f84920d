"""Public pages of the kernel, mounted at /public/core/ (namespace ``publicity:public_core``): the audit chain's
anchors, so that anyone can keep a copy and later hold the bureau's audit trail against it (ADR 0007), and the
technical specifications that let anyone re-check a published draw or anchor with their own program."""

from django.urls import path

from fazhi.core import public_views

PUBLIC_SECTIONS = [
    {
        "title": "审计日志锚点",
        "description": "每日公布的审计链链头（序号与哈希）：任何人都可保存，用以核对本局操作日志事后未被删改",
        "url_name": "audit_anchors",
    },
]

urlpatterns = [
    path("audit-anchors/", public_views.audit_anchors, name="audit_anchors"),
    path("audit-anchors.jsonl", public_views.audit_anchors_file, name="audit_anchors_file"),
    path("specs/<slug:name>/", public_views.spec, name="spec"),
]
