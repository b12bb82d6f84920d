# The final state of 0001_initial … 0002_alter_majordecision_status_decisionevaluation_and_more in one migration, so that a new database is created in one step
# (Django renders the model states once per operation: the field-by-field history made `migrate` on a fresh
# database the slowest part of `fazhi demo`). Existing databases have applied the replaced migrations; they stay
# for them. Data migrations of the replaced ones have nothing to do on a new database.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("major_decisions", "0001_initial"),
        ("major_decisions", "0002_alter_majordecision_status_decisionevaluation_and_more"),
    ]

    dependencies = [
        ("registry", "0002_entity_name_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MajorDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="目录编号")),
                ("catalogue_year", models.PositiveIntegerField(db_index=True, verbose_name="目录年度")),
                ("catalogued_on", models.DateField(verbose_name="列入目录日期")),
                ("title", models.CharField(max_length=200, verbose_name="决策事项")),
                ("description", models.TextField(blank=True, verbose_name="决策事项说明")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("catalogued", "履行决策程序中"),
                            ("decided", "已作出决策"),
                            ("published", "已公布"),
                            ("evaluating", "决策后评估中"),
                            ("evaluated", "已完成决策后评估"),
                        ],
                        default="catalogued",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("decided_on", models.DateField(blank=True, db_index=True, null=True, verbose_name="决策日期")),
                ("decision_text", models.TextField(blank=True, verbose_name="决策内容")),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="公布日期")),
                ("publication_channel", models.CharField(blank=True, max_length=100, verbose_name="公布途径")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
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
                        verbose_name="承办部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "重大行政决策",
                "verbose_name_plural": "重大行政决策",
                "ordering": ["-catalogue_year", "number"],
            },
        ),
        migrations.CreateModel(
            name="DecisionHearing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("announced_on", models.DateField(verbose_name="公布听证事项日期")),
                ("materials_served_on", models.DateField(verbose_name="听证材料送达日期")),
                ("held_on", models.DateField(verbose_name="举行日期")),
                ("venue", models.CharField(max_length=200, verbose_name="地点")),
                ("presider", models.CharField(max_length=60, verbose_name="主持人")),
                ("participants", models.TextField(verbose_name="听证参加人")),
                ("participant_count", models.PositiveIntegerField(verbose_name="听证参加人数")),
                ("opinions", models.TextField(verbose_name="听证参加人的主要意见")),
                ("adoption", models.TextField(verbose_name="意见采纳情况（未采纳的说明理由）")),
                ("record_signed", models.BooleanField(default=False, verbose_name="听证参加人已确认听证会记录并签字")),
                ("citation", models.CharField(max_length=200, verbose_name="依据")),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hearings",
                        to="major_decisions.majordecision",
                    ),
                ),
            ],
            options={
                "verbose_name": "决策听证会",
                "verbose_name_plural": "决策听证会",
                "ordering": ["held_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="DecisionEvaluation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ground", models.CharField(max_length=32, verbose_name="评估情形")),
                ("ground_label", models.CharField(max_length=100, verbose_name="评估情形（中文）")),
                ("citation", models.CharField(max_length=200, verbose_name="依据")),
                ("evaluator", models.CharField(max_length=200, verbose_name="承担评估具体工作的单位")),
                ("third_party", models.BooleanField(default=False, verbose_name="委托第三方评估")),
                ("started_on", models.DateField(verbose_name="启动日期")),
                ("concluded_on", models.DateField(blank=True, null=True, verbose_name="评估结论日期")),
                ("public_views", models.TextField(blank=True, verbose_name="听取社会公众意见情况")),
                ("participation", models.TextField(blank=True, verbose_name="人大代表、政协委员等参与评估情况")),
                ("findings", models.TextField(blank=True, verbose_name="评估结论")),
                (
                    "recommendation",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("continue", "继续执行"),
                            ("adjust", "调整决策（依法履行相关程序）"),
                            ("suspend", "中止执行"),
                            ("stop", "停止执行"),
                        ],
                        max_length=16,
                        verbose_name="处理建议",
                    ),
                ),
                (
                    "concluded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evaluation",
                        to="major_decisions.majordecision",
                    ),
                ),
            ],
            options={
                "verbose_name": "决策后评估",
                "verbose_name_plural": "决策后评估",
            },
        ),
        migrations.CreateModel(
            name="DecisionStep",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("step", models.CharField(max_length=32, verbose_name="程序")),
                ("label", models.CharField(max_length=60, verbose_name="程序（中文）")),
                (
                    "outcome",
                    models.CharField(
                        choices=[("done", "已履行"), ("skipped", "依法不适用")], max_length=8, verbose_name="办理情况"
                    ),
                ),
                ("started_on", models.DateField(blank=True, null=True, verbose_name="开始日期")),
                ("ended_on", models.DateField(verbose_name="完成日期")),
                (
                    "summary",
                    models.TextField(
                        blank=True, verbose_name="情况（意见采纳、论证结论、风险等级、审查意见、会议纪要）"
                    ),
                ),
                ("dissent", models.TextField(blank=True, verbose_name="不同意见")),
                ("passed", models.BooleanField(default=True, verbose_name="通过（合法性审查）")),
                ("skip_reason", models.CharField(blank=True, max_length=500, verbose_name="不适用的理由")),
                ("citation", models.CharField(max_length=200, verbose_name="依据")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="major_decisions.majordecision",
                    ),
                ),
            ],
            options={
                "verbose_name": "决策程序",
                "verbose_name_plural": "决策程序",
                "ordering": ["ended_on", "id"],
                "constraints": [models.UniqueConstraint(fields=("decision", "step"), name="major_decision_step_once")],
            },
        ),
    ]
