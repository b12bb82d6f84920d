# The final state of 0001_initial … 0003_lottery_seed_two_people in one migration, so that a new database is created in one step
# (Django renders the model states once per operation: the field-by-field history made `migrate` on a fresh
# database the slowest part of `fazhi demo`). Existing databases have applied the replaced migrations; they stay
# for them. Data migrations of the replaced ones have nothing to do on a new database.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("file_reviews", "0001_initial"),
        ("file_reviews", "0002_commit_then_reveal"),
        ("file_reviews", "0003_lottery_seed_two_people"),
    ]

    dependencies = [
        ("cases", "0001_initial"),
        ("registry", "0002_entity_name_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LiveScore",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("score", models.PositiveSmallIntegerField(db_index=True, verbose_name="实时评分")),
                ("max_score", models.PositiveSmallIntegerField(verbose_name="满分")),
                ("failed", models.JSONField(default=list, verbose_name="未通过的要点")),
                ("blocking", models.JSONField(default=list, verbose_name="阻断归档的要点")),
                (
                    "blocking_count",
                    models.PositiveSmallIntegerField(db_index=True, default=0, verbose_name="阻断归档项数"),
                ),
                ("veto_failed", models.BooleanField(default=False, verbose_name="否决项未通过")),
                ("rubric_id", models.CharField(max_length=40, verbose_name="评查标准版本")),
                ("rulebook_version", models.CharField(max_length=40, verbose_name="规则库版本")),
                ("computed_on", models.DateField(verbose_name="计算日期（法定今日）")),
            ],
            options={
                "verbose_name": "实时评查结果",
                "verbose_name_plural": "实时评查结果",
            },
        ),
        migrations.CreateModel(
            name="ReviewRound",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="编号")),
                ("year", models.PositiveSmallIntegerField(db_index=True, verbose_name="年度")),
                ("title", models.CharField(max_length=200, verbose_name="名称")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "计划中"),
                            ("committed", "已固定案卷库"),
                            ("selected", "已抽取案卷"),
                            ("reviewing", "评查中"),
                            ("graded", "已评定等次"),
                            ("feedback", "整改中"),
                            ("closed", "已完成"),
                            ("cancelled", "已撤销"),
                        ],
                        default="draft",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[("draw", "随机抽取（可验证）"), ("criteria", "按条件选取")],
                        max_length=16,
                        verbose_name="选取方式",
                    ),
                ),
                ("rubric_id", models.CharField(max_length=40, verbose_name="评查标准版本")),
                ("started_on", models.DateField(db_index=True, verbose_name="开始日期")),
                ("due_on", models.DateField(verbose_name="评查完成期限")),
                ("decided_from", models.DateField(verbose_name="案卷范围：决定日期自")),
                ("decided_to", models.DateField(verbose_name="案卷范围：决定日期至")),
                ("domains", models.JSONField(blank=True, default=list, verbose_name="案卷范围：领域")),
                (
                    "min_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="案卷范围：罚没金额不低于（元）",
                    ),
                ),
                (
                    "max_live_score",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="案卷范围：实时评分不高于"),
                ),
                ("sample_size", models.PositiveIntegerField(blank=True, null=True, verbose_name="抽取案卷数")),
                ("team_size", models.PositiveSmallIntegerField(default=2, verbose_name="每卷评查人员数")),
                (
                    "seed_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("public_announced", "公开开奖号码（事先确定采用哪一期开奖）"),
                            ("csprng", "系统密钥（事先固定承诺值，抽取时公开）"),
                        ],
                        max_length=20,
                        verbose_name="随机数类型",
                    ),
                ),
                ("seed_value", models.CharField(blank=True, max_length=200, verbose_name="随机数")),
                ("seed_source", models.CharField(blank=True, max_length=300, verbose_name="随机数来源")),
                (
                    "committed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="案卷库和随机数承诺公布时间"),
                ),
                ("pool_codes", models.JSONField(blank=True, null=True, verbose_name="固定的案卷库（案卷编号）")),
                ("pool_salt", models.CharField(blank=True, max_length=64, verbose_name="案卷库盐值")),
                ("pool_hash", models.CharField(blank=True, max_length=64, verbose_name="案卷库哈希")),
                ("panel_codes", models.JSONField(blank=True, null=True, verbose_name="固定的评查人员库（编号、部门）")),
                (
                    "conflict_rows",
                    models.JSONField(blank=True, null=True, verbose_name="固定的回避清单（评查人员、案卷、事由）"),
                ),
                ("seed_commitment", models.CharField(blank=True, max_length=64, verbose_name="系统密钥承诺值")),
                ("seed_secret", models.CharField(blank=True, max_length=64, verbose_name="系统密钥（抽取时公开）")),
                (
                    "seed_fixed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="随机数产生时间（开奖时间）"),
                ),
                ("seed_first_entry", models.CharField(blank=True, max_length=200, verbose_name="第一人录入的开奖号码")),
                ("seed_first_entry_at", models.DateTimeField(blank=True, null=True, verbose_name="第一人录入时间")),
                ("seed_confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="两人录入一致时间")),
                ("draw_record", models.JSONField(blank=True, null=True, verbose_name="抽取记录（可复核）")),
                ("draw_hash", models.CharField(blank=True, max_length=64, verbose_name="抽取记录哈希")),
                ("selected_on", models.DateField(blank=True, null=True, verbose_name="抽取日期")),
                ("graded_on", models.DateField(blank=True, null=True, verbose_name="评定日期")),
                ("feedback_on", models.DateField(blank=True, null=True, verbose_name="反馈日期")),
                ("rectification_due_on", models.DateField(blank=True, null=True, verbose_name="整改期限")),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="完成日期")),
                ("summary", models.TextField(blank=True, verbose_name="评查总结")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "departments",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="registry.department", verbose_name="案卷范围：承办部门"
                    ),
                ),
                (
                    "panel",
                    models.ManyToManyField(
                        blank=True, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="评查人员名单"
                    ),
                ),
                (
                    "seed_confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="第二人（录入一致）",
                    ),
                ),
                (
                    "seed_first_entry_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="第一人",
                    ),
                ),
            ],
            options={
                "verbose_name": "案卷评查活动",
                "verbose_name_plural": "案卷评查活动",
                "ordering": ["-started_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ReviewFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("draw_rank", models.PositiveIntegerField(blank=True, null=True, verbose_name="抽取序号")),
                (
                    "status",
                    models.CharField(
                        choices=[("assigned", "待评查"), ("scored", "已评分")],
                        default="assigned",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("scored_on", models.DateField(blank=True, null=True, verbose_name="评分日期")),
                ("total", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="得分")),
                (
                    "grade",
                    models.CharField(
                        blank=True,
                        choices=[("excellent", "优秀"), ("pass", "合格"), ("fail", "不合格")],
                        max_length=16,
                        verbose_name="等次",
                    ),
                ),
                ("veto_failed", models.JSONField(blank=True, default=list, verbose_name="不符合的否决项")),
                ("machine_snapshot", models.JSONField(blank=True, null=True, verbose_name="评分时的机器核查结果")),
                ("opinion", models.TextField(blank=True, verbose_name="评查意见")),
                (
                    "distinction",
                    models.CharField(
                        blank=True,
                        choices=[("", "—"), ("exemplary", "示范优案"), ("poor", "典型差案")],
                        default="",
                        max_length=16,
                        verbose_name="评选",
                    ),
                ),
                ("distinction_reason", models.TextField(blank=True, verbose_name="评选理由")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                        verbose_name="案件",
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
                (
                    "reviewers",
                    models.ManyToManyField(
                        related_name="file_reviews_assigned", to=settings.AUTH_USER_MODEL, verbose_name="评查人员"
                    ),
                ),
                (
                    "scored_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="files", to="file_reviews.reviewround"
                    ),
                ),
            ],
            options={
                "verbose_name": "评查案卷",
                "verbose_name_plural": "评查案卷",
                "ordering": ["round_id", "draw_rank", "id"],
            },
        ),
        migrations.CreateModel(
            name="HigherReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("authority", models.CharField(max_length=100, verbose_name="组织评查的上级机关")),
                ("review_name", models.CharField(max_length=200, verbose_name="评查活动")),
                ("sent_on", models.DateField(db_index=True, verbose_name="报送日期")),
                ("result", models.CharField(blank=True, max_length=100, verbose_name="评查结果")),
                ("result_note", models.TextField(blank=True, verbose_name="反馈意见")),
                ("result_on", models.DateField(blank=True, null=True, verbose_name="结果日期")),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.case",
                        verbose_name="案件",
                    ),
                ),
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
                "verbose_name": "报送上级评查案卷",
                "verbose_name_plural": "报送上级评查案卷",
                "ordering": ["-sent_on", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("case", "authority", "review_name"), name="file_reviews_sent_up_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Rectification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("issues", models.TextField(verbose_name="存在问题")),
                ("sent_on", models.DateField(verbose_name="反馈日期")),
                ("due_on", models.DateField(verbose_name="整改期限")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "待整改"),
                            ("reported", "已报告整改情况"),
                            ("verified", "整改完成（已销号）"),
                        ],
                        default="open",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("report", models.TextField(blank=True, verbose_name="整改情况")),
                ("reported_on", models.DateField(blank=True, null=True, verbose_name="报告日期")),
                ("verified_on", models.DateField(blank=True, null=True, verbose_name="核验日期")),
                ("verify_note", models.TextField(blank=True, verbose_name="核验意见")),
                ("returns", models.PositiveSmallIntegerField(default=0, verbose_name="退回次数")),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.department",
                        verbose_name="整改部门",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "file",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rectification",
                        to="file_reviews.reviewfile",
                    ),
                ),
            ],
            options={
                "verbose_name": "评查整改",
                "verbose_name_plural": "评查整改",
                "indexes": [
                    models.Index(fields=["department", "status", "due_on"], name="file_review_departm_6c4bc8_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="ItemScore",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("checkpoint_id", models.CharField(max_length=60, verbose_name="评查要点")),
                ("item_id", models.CharField(max_length=60, verbose_name="评查项目")),
                ("deduction", models.PositiveSmallIntegerField(default=0, verbose_name="扣分")),
                ("veto_failed", models.BooleanField(default=False, verbose_name="否决项不符合")),
                ("note", models.TextField(blank=True, verbose_name="扣分理由")),
                ("machine_status", models.CharField(blank=True, max_length=16, verbose_name="机器核查结果")),
                (
                    "file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="scores", to="file_reviews.reviewfile"
                    ),
                ),
            ],
            options={
                "verbose_name": "评查要点得分",
                "verbose_name_plural": "评查要点得分",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("file", "checkpoint_id"), name="file_reviews_score_once_per_checkpoint"
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="reviewfile",
            index=models.Index(fields=["department", "status"], name="file_review_departm_eada2a_idx"),
        ),
        migrations.AddConstraint(
            model_name="reviewfile",
            constraint=models.UniqueConstraint(fields=("round", "case"), name="file_reviews_file_once_per_round"),
        ),
    ]
