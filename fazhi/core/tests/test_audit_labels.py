"""Every audit action written in the code has a Chinese name for the audit screen (no raw codes on screen)."""

from __future__ import annotations

import re
from pathlib import Path

import fazhi
from fazhi.core import audit_labels

LITERAL = re.compile(r"""action=["']([a-z_]+(?:\.[a-z_]+)+)["']""")


def literal_actions() -> set[str]:
    root = Path(fazhi.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_代码中写入的每个审计操作都有中文名称():
    """Every app, without exception: a new app names its actions in its own ``audit_labels.py`` when it lands."""
    missing = sorted(code for code in literal_actions() if audit_labels.action_label(code) is None)
    assert not missing, "这些审计操作没有中文名称（在所属模块的 audit_labels.py 中补上）：" + ", ".join(missing)


def test_每个写审计的模块都有自己的操作名称表():
    root = Path(fazhi.__file__).parent
    writers = {
        path.relative_to(root).parts[0]
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and len(path.relative_to(root).parts) > 1
        and re.search(r"\baudit_records?\(", path.read_text(encoding="utf-8"))
    }
    assert {"cases", "sampling", "registry"} <= writers
    without = sorted(a for a in writers - {"core", "api", "demo", "web"} if not (root / a / "audit_labels.py").exists())
    assert not without, "这些模块写审计事件却没有 audit_labels.py：" + ", ".join(without)


def test_每种导入的审计操作都有中文名称():
    from fazhi.core.importing import IMPORTERS

    assert {"entities", "permits", "complaints", "samples"} <= set(IMPORTERS)
    unnamed = []
    for kind, factory in IMPORTERS.items():
        importer = factory()
        action = importer.audit_action or f"{importer.kind}.import"
        if audit_labels.action_label(action) is None or audit_labels.action_label(f"{action}.record") is None:
            unnamed.append(f"{kind}: {action}")
    assert not unnamed, "这些导入的审计操作没有中文名称：" + ", ".join(unnamed)


def test_中文名称不含英文代码():
    for code, label in audit_labels.catalogue().items():
        assert not re.search(r"[a-z]{3,}", label), (code, label)


def test_管理后台与逐条导入的操作名由规则生成():
    assert audit_labels.action_label("core.user.admin_change") == "账号：管理后台修改"
    assert audit_labels.action_label("registry.import_entities.record") == "市场主体：批量导入（逐条）"


def test_未命名的操作显示模块名_不显示代码():
    shown = audit_labels.display("cases.no_such_step")
    assert shown == "行政处罚：未命名的操作" or shown.endswith("：未命名的操作")
    assert "no_such_step" not in shown


def test_对象类型显示模型中文名():
    assert audit_labels.object_type_label("credit.identitymisuserevocation") == "撤销冒用身份信息登记"
    assert audit_labels.object_type_label("core.bundle") == "数据包"
    assert audit_labels.object_type_label("nothing.here") == "其他对象"
