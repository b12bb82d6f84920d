"""Chinese names of the registry's audit actions (the audit screen; ``fazhi.core.audit_labels``)."""

LABELS: dict[str, str] = {
    "registry.entity_create": "市场主体：新增",
    "registry.entity_update": "市场主体：变更",
    "registry.annual_report_file": "市场主体：登记年度报告",
    "registry.department_create": "部门：新增",
    "registry.department_update": "部门：修改",
    "registry.officer_create": "执法人员：新增",
    "registry.officer_update": "执法人员：修改",
    "registry.import_entities": "市场主体：批量导入",
    "registry.import_departments": "部门：批量导入",
    "registry.import_officers": "执法人员：批量导入",
    "permits.import": "证照分离：批量导入",  # fazhi/registry/permits.py (PermitImporter, kind "permits")
}
