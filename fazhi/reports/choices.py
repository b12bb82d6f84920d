from django.db import models


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "撰写中"
    SUBMITTED = "submitted", "待领导审定"
    APPROVED = "approved", "已审定"
    PUBLISHED = "published", "已公开"


class ParagraphSource(models.TextChoices):
    TEMPLATE = "template", "系统起草"
    FINDING = "finding", "系统发现的问题"
    BUREAU = "bureau", "本局撰写"


def report_kinds() -> dict[str, str]:
    """Every report this installation has a template for (``specs/<kind>.yaml``) → its Chinese name."""
    from fazhi.reports.spec import available_kinds, load_spec

    return {kind: load_spec(kind).name for kind in available_kinds()}
