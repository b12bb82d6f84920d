# The final state of 0001_initial … 0005_serious_authority_and_representative_bar in one migration, so that a new database is created in one step
# (Django renders the model states once per operation: the field-by-field history made `migrate` on a fresh
# database the slowest part of `fazhi demo`). Existing databases have applied the replaced migrations; they stay
# for them. Data migrations of the replaced ones have nothing to do on a new database.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("credit", "0001_initial"),
        ("credit", "0002_list_indexes"),
        ("credit", "0003_revocation_in_three_steps"),
        ("credit", "0004_listing_indexes_with_id"),
        ("credit", "0005_serious_authority_and_representative_bar"),
    ]

    dependencies = [
        ("registry", "0003_permit_matter"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AbnormalListing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(max_length=60, unique=True, verbose_name="决定书文号")),
                (
                    "consequence",
                    models.CharField(
                        choices=[("abnormal_list", "列入经营异常名录"), ("abnormal_mark", "标记为经营异常状态")],
                        max_length=16,
                        verbose_name="措施",
                    ),
                ),
                (
                    "ground",
                    models.CharField(
                        choices=[
                            ("annual_report", "未按规定报送（公示）年度报告"),
                            ("not_disclosed", "未在责令期限内公示有关信息"),
                            ("false_information", "公示信息隐瞒真实情况、弄虚作假"),
                            ("unreachable", "通过登记的住所或者经营场所无法联系"),
                        ],
                        max_length=24,
                        verbose_name="列入事由",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("decided_on", models.DateField(verbose_name="列入日期")),
                ("basis_ref", models.CharField(max_length=300, verbose_name="法律依据")),
                ("basis_status", models.CharField(blank=True, max_length=16, verbose_name="依据核对状态")),
                ("rulebook_version", models.CharField(blank=True, max_length=40, verbose_name="规则库版本")),
                ("source_ref", models.CharField(blank=True, max_length=100, verbose_name="来源")),
                (
                    "status",
                    models.CharField(
                        choices=[("listed", "在列"), ("removed", "已移出")],
                        default="listed",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("removed_on", models.DateField(blank=True, null=True, verbose_name="移出日期")),
                (
                    "removal_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cured", "已履行义务，申请移出"),
                            ("objection_upheld", "异议成立，更正"),
                            ("serious_list", "列入严重违法失信名单"),
                            ("entity_ended", "主体已注销或被吊销、撤销"),
                        ],
                        max_length=24,
                        verbose_name="移出原因",
                    ),
                ),
                ("revision", models.PositiveIntegerField(default=0, verbose_name="修订号")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="registry.department",
                        verbose_name="作出决定的单位",
                    ),
                ),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="abnormal_listings",
                        to="registry.marketentity",
                        verbose_name="市场主体",
                    ),
                ),
            ],
            options={
                "verbose_name": "经营异常名录记录",
                "verbose_name_plural": "经营异常名录记录",
                "ordering": ["-decided_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CreditChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("abnormal_removed", "移出经营异常名录（恢复正常状态）"),
                            ("serious_removed", "移出严重违法失信名单"),
                            ("penalty_publicity_ended", "行政处罚信息停止公示（信用修复）"),
                            ("registration_revoked", "撤销冒用身份信息取得的登记"),
                        ],
                        max_length=32,
                        verbose_name="变更类型",
                    ),
                ),
                ("reference", models.CharField(max_length=60, verbose_name="相关文号")),
                ("occurred_on", models.DateField(verbose_name="生效日期")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.marketentity"
                    ),
                ),
            ],
            options={
                "verbose_name": "信用信息变更",
                "verbose_name_plural": "信用信息变更",
                "ordering": ["-occurred_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CreditRepair",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("case_number", models.CharField(max_length=60, verbose_name="处罚决定书文号/案件编号")),
                ("owner_type", models.CharField(blank=True, max_length=80, verbose_name="来源记录类型")),
                ("owner_id", models.CharField(blank=True, max_length=64, verbose_name="来源记录编号")),
                ("penalty_kinds", models.JSONField(default=list, verbose_name="处罚种类")),
                ("domain", models.CharField(default="general", max_length=32, verbose_name="领域")),
                ("published_on", models.DateField(verbose_name="公示日期")),
                ("applied_on", models.DateField(verbose_name="申请日期")),
                ("performed", models.BooleanField(default=False, verbose_name="已履行处罚决定")),
                ("harm_removed", models.BooleanField(default=False, verbose_name="已消除危害后果和不良影响")),
                ("repeated", models.BooleanField(default=False, verbose_name="再受同类处罚")),
                ("listed", models.BooleanField(default=False, verbose_name="在经营异常名录或严重违法失信名单")),
                ("eligibility", models.JSONField(default=dict, verbose_name="资格审查（规则计算）")),
                (
                    "status",
                    models.CharField(
                        choices=[("applied", "已申请"), ("approved", "准予修复（停止公示）"), ("rejected", "不予修复")],
                        default="applied",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="决定日期")),
                ("publicity_ended_on", models.DateField(blank=True, null=True, verbose_name="停止公示日期")),
                ("decision_note", models.TextField(blank=True, verbose_name="决定理由")),
                ("revision", models.PositiveIntegerField(default=0, verbose_name="修订号")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="registry.department",
                        verbose_name="承办单位",
                    ),
                ),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="credit_repairs",
                        to="registry.marketentity",
                        verbose_name="市场主体",
                    ),
                ),
            ],
            options={
                "verbose_name": "信用修复",
                "verbose_name_plural": "信用修复",
                "ordering": ["-applied_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="IdentityMisuseRevocation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(blank=True, default="", max_length=60, verbose_name="决定书文号")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "已提出，待法制审核"),
                            ("returned", "法制审核退回补充"),
                            ("reviewed", "法制审核通过，待局领导批准"),
                            ("effective", "已批准撤销（生效）"),
                            ("refused", "局领导不予批准"),
                            ("withdrawn", "已撤回"),
                        ],
                        default="proposed",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("evidence", models.TextField(verbose_name="调查核实情况与证据")),
                ("proposed_on", models.DateField(blank=True, null=True, verbose_name="提出日期")),
                ("legal_opinion", models.TextField(blank=True, verbose_name="法制审核意见")),
                ("legal_reviewed_on", models.DateField(blank=True, null=True, verbose_name="法制审核日期")),
                ("decision_note", models.TextField(blank=True, verbose_name="局领导意见")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="批准（撤销决定）日期")),
                ("basis_ref", models.CharField(max_length=300, verbose_name="法律依据")),
                ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="修订号")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="批准人",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="registry.department",
                        verbose_name="承办单位",
                    ),
                ),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="identity_revocations",
                        to="registry.marketentity",
                        verbose_name="市场主体",
                    ),
                ),
                (
                    "legal_reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="法制审核人",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="提出人",
                    ),
                ),
            ],
            options={
                "verbose_name": "撤销冒用身份信息登记",
                "verbose_name_plural": "撤销冒用身份信息登记",
            },
        ),
        migrations.CreateModel(
            name="ListingApplication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("removal", "申请移出"), ("objection", "异议")], max_length=16, verbose_name="类型"
                    ),
                ),
                (
                    "cure",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("report_filed", "已补报年度报告"),
                            ("info_published", "已公示有关信息"),
                            ("corrected", "已更正公示信息"),
                            ("address_fixed", "已办理住所变更或证明可以联系"),
                        ],
                        max_length=16,
                        verbose_name="消除事由的情况",
                    ),
                ),
                ("statement", models.TextField(blank=True, verbose_name="申请事实和理由")),
                ("received_on", models.DateField(verbose_name="收到日期")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("submitted", "已提交"),
                            ("accepted", "已受理（核实中）"),
                            ("not_accepted", "不予受理"),
                            ("approved", "准予移出（异议成立）"),
                            ("rejected", "不予移出（异议不成立）"),
                        ],
                        default="submitted",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("due_on", models.DateField(blank=True, db_index=True, null=True, verbose_name="当前办理期限")),
                ("accepted_on", models.DateField(blank=True, null=True, verbose_name="受理日期")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="决定日期")),
                ("decision_note", models.TextField(blank=True, verbose_name="决定理由")),
                ("revision", models.PositiveIntegerField(default=0, verbose_name="修订号")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="registry.department",
                        verbose_name="承办单位",
                    ),
                ),
                (
                    "listing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applications",
                        to="credit.abnormallisting",
                    ),
                ),
            ],
            options={
                "verbose_name": "移出申请/异议",
                "verbose_name_plural": "移出申请/异议",
                "ordering": ["due_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="SeriousListing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "number",
                    models.CharField(blank=True, max_length=60, null=True, unique=True, verbose_name="决定书文号"),
                ),
                (
                    "ground",
                    models.CharField(
                        choices=[
                            ("abnormal_list_3_years", "列入经营异常名录届满3年仍未履行义务"),
                            ("heavy_penalty", "严重违法失信行为且受到较重行政处罚"),
                        ],
                        max_length=32,
                        verbose_name="列入事由",
                    ),
                ),
                ("source_ref", models.CharField(max_length=100, verbose_name="来源（案件编号、异常名录文号）")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "拟列入（已告知，待陈述申辩）"),
                            ("listed", "在列"),
                            ("not_listed", "决定不予列入"),
                            ("removed_early", "提前移出"),
                            ("expired", "期满移出"),
                        ],
                        default="proposed",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                ("proposed_on", models.DateField(verbose_name="拟列入告知日期")),
                ("statement", models.TextField(blank=True, verbose_name="陈述、申辩或听证意见")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="列入决定日期")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="列入期满日")),
                ("early_removal_from", models.DateField(blank=True, null=True, verbose_name="可申请提前移出日")),
                ("removed_on", models.DateField(blank=True, null=True, verbose_name="移出日期")),
                ("basis_ref", models.CharField(blank=True, max_length=300, verbose_name="法律依据")),
                ("basis_status", models.CharField(blank=True, max_length=16, verbose_name="依据核对状态")),
                ("rulebook_version", models.CharField(blank=True, max_length=40, verbose_name="规则库版本")),
                ("decides", models.CharField(blank=True, max_length=32, verbose_name="决定方式")),
                ("deciding_authority", models.CharField(blank=True, max_length=200, verbose_name="决定机关")),
                ("authority_basis", models.CharField(blank=True, max_length=300, verbose_name="决定机关依据")),
                ("upper_authority", models.CharField(blank=True, max_length=100, verbose_name="上级机关")),
                ("upper_ref", models.CharField(blank=True, max_length=60, verbose_name="上级机关决定（同意）文号")),
                ("upper_on", models.DateField(blank=True, null=True, verbose_name="上级机关决定（同意）日期")),
                (
                    "removal_upper_ref",
                    models.CharField(blank=True, max_length=60, verbose_name="上级机关移出决定（同意）文号"),
                ),
                (
                    "removal_upper_on",
                    models.DateField(blank=True, null=True, verbose_name="上级机关移出决定（同意）日期"),
                ),
                (
                    "barred_person",
                    models.CharField(blank=True, max_length=64, verbose_name="受任职限制的法定代表人（负责人）"),
                ),
                ("bar_ends_on", models.DateField(blank=True, null=True, verbose_name="任职限制届满日")),
                ("bar_basis", models.CharField(blank=True, max_length=300, verbose_name="任职限制依据")),
                ("bar_status", models.CharField(blank=True, max_length=16, verbose_name="任职限制依据核对状态")),
                ("revision", models.PositiveIntegerField(default=0, verbose_name="修订号")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="记录时间")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="签发人",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="registry.department",
                        verbose_name="作出决定的单位",
                    ),
                ),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="serious_listings",
                        to="registry.marketentity",
                        verbose_name="市场主体",
                    ),
                ),
            ],
            options={
                "verbose_name": "严重违法失信名单记录",
                "verbose_name_plural": "严重违法失信名单记录",
                "ordering": ["-proposed_on", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="abnormallisting",
            index=models.Index(
                fields=["status", "consequence", "decided_on", "id"], name="abnormal_status_kind_date_id"
            ),
        ),
        migrations.AddIndex(
            model_name="abnormallisting",
            index=models.Index(fields=["status", "decided_on", "id"], name="abnormal_status_date_id"),
        ),
        migrations.AddIndex(
            model_name="abnormallisting",
            index=models.Index(
                fields=["department", "status", "decided_on", "id"], name="abnormal_dept_status_date_id"
            ),
        ),
        migrations.AddIndex(
            model_name="abnormallisting",
            index=models.Index(fields=["decided_on"], name="abnormal_decided"),
        ),
        migrations.AddIndex(
            model_name="abnormallisting",
            index=models.Index(fields=["removed_on"], name="abnormal_removed"),
        ),
        migrations.AddConstraint(
            model_name="abnormallisting",
            constraint=models.UniqueConstraint(
                fields=("entity", "ground", "year"), name="one_abnormal_listing_per_ground_year"
            ),
        ),
        migrations.AddIndex(
            model_name="creditchange",
            index=models.Index(fields=["occurred_on", "id"], name="credit_change_feed"),
        ),
        migrations.AddIndex(
            model_name="creditrepair",
            index=models.Index(fields=["status", "decided_on"], name="repair_status_date"),
        ),
        migrations.AddIndex(
            model_name="identitymisuserevocation",
            index=models.Index(fields=["decided_on"], name="revocation_decided"),
        ),
        migrations.AddIndex(
            model_name="identitymisuserevocation",
            index=models.Index(fields=["status", "proposed_on"], name="revocation_status"),
        ),
        migrations.AddConstraint(
            model_name="identitymisuserevocation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number", ""), _negated=True), fields=("number",), name="revocation_number_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="identitymisuserevocation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["proposed", "returned", "reviewed", "effective"])),
                fields=("entity",),
                name="revocation_one_open_per_entity",
            ),
        ),
        migrations.AddIndex(
            model_name="listingapplication",
            index=models.Index(fields=["status", "due_on"], name="credit_application_queue"),
        ),
        migrations.AddIndex(
            model_name="listingapplication",
            index=models.Index(fields=["department", "status", "due_on"], name="credit_application_dept_queue"),
        ),
        migrations.AddIndex(
            model_name="seriouslisting",
            index=models.Index(fields=["status", "decided_on"], name="serious_status_date"),
        ),
        migrations.AddIndex(
            model_name="seriouslisting",
            index=models.Index(fields=["barred_person", "bar_ends_on"], name="serious_barred_person"),
        ),
        migrations.AddConstraint(
            model_name="seriouslisting",
            constraint=models.UniqueConstraint(
                fields=("entity", "ground", "source_ref"), name="one_serious_listing_per_source"
            ),
        ),
    ]
