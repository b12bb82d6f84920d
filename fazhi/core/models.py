"""Shared kernel models: staff users, the hash-chained audit trail, API tokens, in-app notices."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models

from fazhi.core.roles import Role


class User(AbstractUser):
    """A staff member who logs in. The natural-person data of officers lives on registry.Officer."""

    role = models.CharField("角色", max_length=32, choices=Role.choices, default=Role.OFFICER)
    department = models.ForeignKey(
        "registry.Department",
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    officer = models.OneToOneField(
        "registry.Officer",
        verbose_name="执法人员档案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    display_name = models.CharField("姓名", max_length=64, blank=True)
    # Password policy (fazhi.core.passwords): when the password was last set, and whether the holder must choose a
    # new one at the next login (a temporary password set by the 安全管理员, or an expired one).
    password_changed_at = models.DateTimeField("密码设置时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role


class AuditEvent(models.Model):
    """One audited write. Append-only through the application; chained by SHA-256.

    ``hash`` = SHA-256 over the canonical JSON of this event's fields and ``prev_hash``, so that
    changing, deleting or reordering any stored event breaks the chain at that point.
    """

    sequence = models.BigIntegerField("序号", unique=True)
    occurred_at = models.DateTimeField("时间")
    # no single-column indexes on actor or action, no unique index on hash: each would be a prefix of an index below
    # or never read (the chain is walked by sequence; a hash covers its unique sequence), and each costs every append
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=80)
    object_type = models.CharField("对象类型", max_length=80)
    object_id = models.CharField("对象编号", max_length=80)
    changes = models.JSONField("变更内容", default=dict)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["sequence"]
        indexes = [
            # the audit screen: each filter walks its own index newest first (keyset paging on sequence)
            models.Index(fields=["actor", "sequence"], name="audit_actor_seq"),
            models.Index(fields=["action", "sequence"], name="audit_action_seq"),
            models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object_seq"),
            models.Index(fields=["occurred_at"], name="audit_occurred"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class AuditVerification(models.Model):
    """One run of the full audit check (``fazhi audit verify`` or the audit screen): shown on the audit screen, so
    that the screen never recomputes a million hashes on a page load. Not part of the chain (it checks it)."""

    checked_at = models.DateTimeField("校验时间")
    exit_code = models.PositiveSmallIntegerField("结果代码")
    message = models.TextField("结论")
    events_checked = models.BigIntegerField("已校验事件数")
    head_sequence = models.BigIntegerField("链头序号")
    anchors_checked = models.PositiveIntegerField("核对的锚点数")
    duration_ms = models.PositiveIntegerField("耗时（毫秒）")
    trigger = models.CharField("发起方式", max_length=16)  # cli | screen
    checked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "审计链校验"
        verbose_name_plural = "审计链校验"
        indexes = [models.Index(fields=["checked_at"], name="audit_verification_time")]

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; it expires (``expires_at``) and can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)  # None only for tokens made before expiry
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def expired(self, now=None) -> bool:
        """Past its expiry; a token made before expiry existed counts from its creation (``FAZHI_API_TOKEN_DAYS``)."""
        import datetime as dt

        from django.conf import settings
        from django.utils import timezone

        now = now or timezone.now()
        ends = self.expires_at or (self.created_at + dt.timedelta(days=settings.FAZHI_API_TOKEN_DAYS))
        return now >= ends

    @staticmethod
    def new_raw_token() -> str:
        return "fz_" + secrets.token_urlsafe(32)


class Notification(models.Model):
    """An in-app notice to a user (reminders of due work, hand-overs)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=64)
    dedupe_key = models.CharField(max_length=200)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        constraints = [models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_once")]
        indexes = [models.Index(fields=["user", "read_at"])]


class NumberCounter(models.Model):
    """The last number issued per numbering scope and year (文书文号, 登记编号 …): see ``fazhi.core.numbering``."""

    scope = models.CharField("编号类别", max_length=64)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "编号计数器"
        verbose_name_plural = "编号计数器"
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="core_counter_scope_year")]

    def __str__(self) -> str:
        return f"{self.scope} {self.year}: {self.last}"


class ImportRun(models.Model):
    """One run of ``fazhi import`` or the upload page: who imported which file, how far it got, what it did.

    Rows are checked first, then applied in short transactions (``fazhi.core.importing``); ``state`` says how far a
    run got, so that a run interrupted half-way is visible (re-importing the same file completes it: imports are
    idempotent).
    """

    class State(models.TextChoices):
        CHECKING = "checking", "检查中"
        APPLYING = "applying", "写入中"
        DONE = "done", "已完成"
        REFUSED = "refused", "文件被拒绝"
        FAILED = "failed", "写入失败"

    kind = models.CharField("数据种类", max_length=40)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件 SHA-256", max_length=64, blank=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField("操作人", max_length=150)
    scope_department_id = models.BigIntegerField("限定部门", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.CHECKING)
    rows = models.PositiveIntegerField("数据行", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    rejected = models.PositiveIntegerField("拒绝", default=0)
    chunks_total = models.PositiveIntegerField("批次", default=0)
    chunks_applied = models.PositiveIntegerField("已写入批次", default=0)
    error_code = models.CharField("错误代码", max_length=64, blank=True)
    error_message = models.TextField("错误说明", blank=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        indexes = [models.Index(fields=["kind", "started_at"], name="core_importrun_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.get_state_display()})"


class LoginAttempt(models.Model):
    """One login attempt (or an unlock by the 安全管理员), for the lockout rules (``fazhi.core.lockout``).

    Operational data, not the audit trail (every attempt is also an audit event); kept for ``FAZHI_LOCKOUT``'s
    windows and pruned by ``fazhi account prune-attempts``."""

    class Result(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        REFUSED = "refused", "锁定期间被拒绝"
        UNLOCK = "unlock", "解除锁定"

    FAILED = (Result.FAILURE, Result.REFUSED)

    at = models.DateTimeField("时间")
    username = models.CharField("用户名", max_length=150, blank=True)  # as typed, lower-cased; "" for an address unlock
    ip = models.CharField("地址", max_length=45, blank=True)  # "" for an account unlock
    result = models.CharField("结果", max_length=8, choices=Result.choices)

    class Meta:
        verbose_name = "登录尝试"
        verbose_name_plural = "登录尝试"
        indexes = [
            models.Index(fields=["ip", "at"], name="login_attempt_ip"),
            models.Index(fields=["username", "at"], name="login_attempt_user"),
        ]


class PasswordHistory(models.Model):
    """The hashes of a user's previous passwords (the policy refuses reusing the last few)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        indexes = [models.Index(fields=["user", "created_at"], name="password_history_user")]
