# The final state of 0001_initial … 0002_lateretestreview_resultcorrection in one migration, so that a new database is created in one step
# (Django renders the model states once per operation: the field-by-field history made `migrate` on a fresh
# database the slowest part of `fazhi demo`). Existing databases have applied the replaced migrations; they stay
# for them. Data migrations of the replaced ones have nothing to do on a new database.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("sampling", "0001_initial"),
        ("sampling", "0002_lateretestreview_resultcorrection"),
    ]

    dependencies = [
        ("cases", "0002_clue_party_and_materials"),
        ("registry", "0003_permit_matter"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Lab",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="承检机构")),
                ("accreditation_number", models.CharField(blank=True, max_length=64, verbose_name="资质认定证书编号")),
                ("active", models.BooleanField(default=True, verbose_name="在用")),
            ],
            options={
                "verbose_name": "承检机构",
                "verbose_name_plural": "承检机构",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Campaign",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="编号")),
                ("title", models.CharField(max_length=200, verbose_name="名称")),
                (
                    "kind",
                    models.CharField(
                        choices=[("rectification", "专项整治"), ("enforcement", "专项执法检查")],
                        max_length=16,
                        verbose_name="类型",
                    ),
                ),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("food", "食品安全"),
                            ("drug", "药品医疗器械化妆品"),
                            ("special_equipment", "特种设备"),
                            ("product", "产品质量"),
                            ("price", "价格"),
                            ("advertising", "广告"),
                            ("other", "其他"),
                        ],
                        max_length=24,
                        verbose_name="领域",
                    ),
                ),
                (
                    "target_kind",
                    models.CharField(
                        choices=[
                            ("food_business", "食品经营者"),
                            ("food_producer", "食品生产企业"),
                            ("catering", "餐饮服务单位"),
                            ("school_canteen", "学校食堂"),
                            ("elevator_maintainer", "电梯维保单位"),
                            ("pharmacy", "药品零售企业"),
                            ("other", "其他经营主体"),
                        ],
                        max_length=24,
                        verbose_name="检查对象",
                    ),
                ),
                ("basis", models.CharField(blank=True, max_length=300, verbose_name="依据文件")),
                ("starts_on", models.DateField(db_index=True, verbose_name="开始日期")),
                ("ends_on", models.DateField(verbose_name="结束日期")),
                (
                    "selection",
                    models.CharField(
                        blank=True,
                        choices=[("criteria", "按条件选定"), ("draw", "随机抽取")],
                        max_length=16,
                        verbose_name="对象选定方式",
                    ),
                ),
                ("criteria", models.JSONField(blank=True, default=dict, verbose_name="选定条件")),
                ("draw", models.JSONField(blank=True, default=dict, verbose_name="随机抽取记录")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "进行中"), ("closed", "已结束")],
                        default="open",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="工作总结")),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="结束日期（实际）")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.department",
                        verbose_name="牵头部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "专项整治",
                "verbose_name_plural": "专项整治",
                "ordering": ["-starts_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Sample",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="抽样单编号")),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("food", "食品"),
                            ("drug", "药品"),
                            ("cosmetic", "化妆品"),
                            ("device", "医疗器械"),
                            ("product", "工业产品"),
                        ],
                        max_length=16,
                        verbose_name="产品领域",
                    ),
                ),
                ("product_category", models.CharField(blank=True, max_length=60, verbose_name="产品类别")),
                ("product_name", models.CharField(max_length=200, verbose_name="样品名称")),
                ("brand", models.CharField(blank=True, max_length=100, verbose_name="商标")),
                ("specification", models.CharField(blank=True, max_length=100, verbose_name="规格型号")),
                ("batch_number", models.CharField(blank=True, max_length=60, verbose_name="生产日期/批号")),
                ("sampled_on", models.DateField(db_index=True, verbose_name="抽样日期")),
                ("producer_name", models.CharField(blank=True, max_length=200, verbose_name="标称生产者名称")),
                ("report_number", models.CharField(blank=True, max_length=60, verbose_name="检验报告编号")),
                ("report_on", models.DateField(blank=True, null=True, verbose_name="检验报告日期")),
                (
                    "result",
                    models.CharField(
                        blank=True,
                        choices=[("qualified", "合格"), ("unqualified", "不合格")],
                        max_length=16,
                        verbose_name="检验结论",
                    ),
                ),
                ("failed_items", models.JSONField(blank=True, default=list, verbose_name="不合格项目")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("sampled", "已抽样待检验"),
                            ("qualified", "检验合格"),
                            ("unqualified", "检验不合格待通知"),
                            ("notified", "已送达不合格通知"),
                            ("retest", "复检中"),
                            ("disposing", "核查处置中"),
                            ("closed", "已办结"),
                        ],
                        default="sampled",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                (
                    "notice_served_on",
                    models.DateField(blank=True, null=True, verbose_name="不合格通知送达被抽样单位日期"),
                ),
                ("producer_notified_on", models.DateField(blank=True, null=True, verbose_name="通知标称生产者日期")),
                ("retest_rule", models.CharField(blank=True, max_length=80, verbose_name="复检申请期限规则")),
                ("retest_due_on", models.DateField(blank=True, db_index=True, null=True, verbose_name="复检申请期限")),
                ("retest_requested_on", models.DateField(blank=True, null=True, verbose_name="复检申请日期")),
                ("retest_in_window", models.BooleanField(blank=True, null=True, verbose_name="在复检申请期限内")),
                ("retest_lab", models.CharField(blank=True, max_length=200, verbose_name="复检机构")),
                (
                    "retest_outcome",
                    models.CharField(
                        blank=True,
                        choices=[("upheld", "复检结论维持不合格"), ("reversed", "复检结论为合格")],
                        max_length=16,
                        verbose_name="复检结论",
                    ),
                ),
                ("retest_concluded_on", models.DateField(blank=True, null=True, verbose_name="复检结论日期")),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="办结日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "clue",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.clue",
                        verbose_name="移交线索",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.department",
                        verbose_name="抽样部门",
                    ),
                ),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.marketentity",
                        verbose_name="被抽样单位",
                    ),
                ),
                (
                    "producer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.marketentity",
                        verbose_name="标称生产者",
                    ),
                ),
            ],
            options={
                "verbose_name": "抽检样品",
                "verbose_name_plural": "抽检样品",
                "ordering": ["-sampled_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ResultCorrection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("before", models.JSONField(verbose_name="更正前")),
                ("after", models.JSONField(verbose_name="更正后")),
                ("reason", models.CharField(max_length=500, verbose_name="更正理由")),
                ("corrected_on", models.DateField(verbose_name="更正日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "corrected_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="更正人",
                    ),
                ),
                (
                    "sample",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="sampling.sample",
                        verbose_name="样品",
                    ),
                ),
            ],
            options={
                "verbose_name": "检验结论更正记录",
                "verbose_name_plural": "检验结论更正记录",
                "ordering": ["sample", "id"],
            },
        ),
        migrations.CreateModel(
            name="LateRetestReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("requested_on", models.DateField(verbose_name="复检申请日期")),
                ("retest_lab", models.CharField(blank=True, max_length=200, verbose_name="复检机构")),
                ("due_on", models.DateField(verbose_name="复检申请期限")),
                ("reason", models.TextField(verbose_name="逾期理由及所附材料")),
                ("submitted_on", models.DateField(verbose_name="提交法制审核日期")),
                (
                    "decision",
                    models.CharField(
                        blank=True,
                        choices=[("accepted", "同意受理"), ("refused", "不予受理")],
                        max_length=16,
                        verbose_name="审核结论",
                    ),
                ),
                ("opinion", models.TextField(blank=True, verbose_name="法制审核意见")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="审核日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="法制审核人员",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="提交人",
                    ),
                ),
                (
                    "sample",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="late_reviews",
                        to="sampling.sample",
                        verbose_name="样品",
                    ),
                ),
            ],
            options={
                "verbose_name": "逾期复检申请法制审核",
                "verbose_name_plural": "逾期复检申请法制审核",
                "ordering": ["-submitted_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Disposal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "measure",
                    models.CharField(
                        choices=[
                            ("delist", "下架"),
                            ("recall", "召回"),
                            ("stop_sale", "停止销售"),
                            ("stop_production", "停止生产"),
                            ("seal", "查封扣押"),
                        ],
                        max_length=16,
                        verbose_name="处置措施",
                    ),
                ),
                ("ordered_on", models.DateField(verbose_name="责令日期")),
                ("completed_on", models.DateField(blank=True, null=True, verbose_name="完成日期")),
                ("quantity", models.CharField(blank=True, max_length=100, verbose_name="涉及数量")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="说明")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "sample",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="disposals",
                        to="sampling.sample",
                        verbose_name="样品",
                    ),
                ),
            ],
            options={
                "verbose_name": "核查处置措施",
                "verbose_name_plural": "核查处置措施",
                "ordering": ["ordered_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="SamplingPlan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="计划编号")),
                ("year", models.PositiveSmallIntegerField(db_index=True, verbose_name="年度")),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("food", "食品"),
                            ("drug", "药品"),
                            ("cosmetic", "化妆品"),
                            ("device", "医疗器械"),
                            ("product", "工业产品"),
                        ],
                        max_length=16,
                        verbose_name="产品领域",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("national", "国家抽检"),
                            ("provincial", "省级抽检"),
                            ("city", "市级抽检"),
                            ("district", "区级抽检"),
                        ],
                        max_length=16,
                        verbose_name="任务来源",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="计划名称")),
                ("planned_batches", models.PositiveIntegerField(verbose_name="计划批次")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.department",
                        verbose_name="组织实施部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "抽检计划",
                "verbose_name_plural": "抽检计划",
                "ordering": ["-year", "number"],
            },
        ),
        migrations.CreateModel(
            name="SamplingTask",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="任务编号")),
                ("product_category", models.CharField(blank=True, max_length=60, verbose_name="产品类别")),
                ("planned_batches", models.PositiveIntegerField(verbose_name="计划批次")),
                ("starts_on", models.DateField(verbose_name="开始日期")),
                ("ends_on", models.DateField(verbose_name="结束日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.department",
                        verbose_name="抽样部门",
                    ),
                ),
                (
                    "lab",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tasks",
                        to="sampling.lab",
                        verbose_name="承检机构",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tasks",
                        to="sampling.samplingplan",
                        verbose_name="抽检计划",
                    ),
                ),
            ],
            options={
                "verbose_name": "抽样任务",
                "verbose_name_plural": "抽样任务",
                "ordering": ["-starts_on", "number"],
            },
        ),
        migrations.AddField(
            model_name="sample",
            name="task",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="samples",
                to="sampling.samplingtask",
                verbose_name="抽样任务",
            ),
        ),
        migrations.CreateModel(
            name="CampaignCheck",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("checked_on", models.DateField(blank=True, db_index=True, null=True, verbose_name="检查日期")),
                ("officers", models.CharField(blank=True, max_length=200, verbose_name="检查人员")),
                (
                    "finding",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("no_problem", "未发现问题"),
                            ("rectify", "发现问题，责令整改"),
                            ("clue", "发现违法线索，移交立案核查"),
                            ("not_found", "未发现经营（查无）"),
                        ],
                        max_length=16,
                        verbose_name="检查结果",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="发现的问题")),
                ("rectification_due_on", models.DateField(blank=True, null=True, verbose_name="整改期限")),
                ("rechecked_on", models.DateField(blank=True, null=True, verbose_name="复查日期")),
                (
                    "recheck_result",
                    models.CharField(
                        blank=True,
                        choices=[("rectified", "已整改"), ("not_rectified", "未整改")],
                        max_length=16,
                        verbose_name="复查结果",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="checks",
                        to="sampling.campaign",
                        verbose_name="专项整治",
                    ),
                ),
                (
                    "clue",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.clue",
                        verbose_name="移交线索",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.department",
                        verbose_name="检查部门",
                    ),
                ),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.marketentity",
                        verbose_name="检查对象",
                    ),
                ),
            ],
            options={
                "verbose_name": "专项检查对象",
                "verbose_name_plural": "专项检查对象",
                "ordering": ["campaign", "id"],
                "constraints": [models.UniqueConstraint(fields=("campaign", "entity"), name="sampling_check_once")],
            },
        ),
        migrations.AddIndex(
            model_name="sample",
            index=models.Index(fields=["area", "sampled_on"], name="sampling_sa_area_c2b387_idx"),
        ),
        migrations.AddIndex(
            model_name="sample",
            index=models.Index(fields=["department", "status"], name="sampling_sa_departm_d2f2b1_idx"),
        ),
    ]
