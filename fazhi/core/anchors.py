"""Anchors of the audit chain outside the database (issue 14 §5, ADR 0007).

``fazhi audit anchor`` (a daily timer) appends one JSON line to the anchor file — the head's sequence and hash, the
number of events and the time — keyed with HMAC-SHA256 under ``FAZHI_AUDIT_ANCHOR_KEY`` (kept away from the
database administrator) and chained to the previous line's MAC, so that a line cannot be forged, changed, removed
or reordered without the key. The public page ``/public/core/audit-anchors/`` shows the same lines, so that
anyone can keep a copy.

``verify_against_anchors`` then tells a chain that was truncated, emptied or rewritten after an anchor from an
intact one, and locates the damage between two anchors. The file format is documented in
``docs/formats/audit-anchors.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from fazhi.core.errors import DomainError

GENESIS_MAC = "0" * 64
FORMAT = "fazhi-audit-anchor/1"


def anchor_path() -> Path:
    return Path(settings.FAZHI_AUDIT_ANCHOR_FILE)


def _keys() -> dict[str, bytes]:
    """The current key and retired ones (rotation), by key id."""
    raw = [settings.FAZHI_AUDIT_ANCHOR_KEY, *settings.FAZHI_AUDIT_ANCHOR_OLD_KEYS]
    out = {}
    for value in raw:
        if value:
            key = value.encode()
            out[key_id(key)] = key
    return out


def current_key() -> bytes:
    key = settings.FAZHI_AUDIT_ANCHOR_KEY
    if not key:
        raise DomainError("audit.anchor_key_missing", "未配置审计锚点密钥：请设置环境变量 FAZHI_AUDIT_ANCHOR_KEY")
    return key.encode()


def key_id(key: bytes) -> str:
    """A short public fingerprint of the key (which key signed a line), not the key."""
    return hashlib.sha256(b"fazhi-anchor-key-id:" + key).hexdigest()[:12]


@dataclass(frozen=True)
class Anchor:
    sequence: int  # the head's sequence (0: empty chain)
    hash: str  # the head's hash (GENESIS for an empty chain)
    events: int  # number of events in the chain at that moment
    anchored_at: str  # ISO 8601, UTC
    key_id: str
    prev_mac: str
    mac: str
    line: int = 0  # 1-based line in the file (not part of the signed content)

    def signed_payload(self) -> bytes:
        body = {
            "format": FORMAT,
            "sequence": self.sequence,
            "hash": self.hash,
            "events": self.events,
            "anchored_at": self.anchored_at,
            "key_id": self.key_id,
            "prev_mac": self.prev_mac,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def as_json(self) -> str:
        body = json.loads(self.signed_payload())
        body["mac"] = self.mac
        return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def anchored_at_local(self) -> dt.datetime:
        return timezone.localtime(dt.datetime.fromisoformat(self.anchored_at))


def _mac(key: bytes, anchor: Anchor) -> str:
    return hmac.new(key, anchor.signed_payload(), hashlib.sha256).hexdigest()


@dataclass
class AnchorFile:
    """What the anchor file holds and whether it is intact."""

    path: Path
    exists: bool
    anchors: list[Anchor] = field(default_factory=list)
    problem: str = ""  # empty when every line parses, is signed by a known key and links to the previous one
    problem_line: int | None = None

    @property
    def ok(self) -> bool:
        return self.exists and not self.problem


def read_anchor_file(path: Path | None = None) -> AnchorFile:
    path = path or anchor_path()
    if not path.exists():
        return AnchorFile(path, exists=False)
    keys = _keys()
    result = AnchorFile(path, exists=True)
    prev_mac = GENESIS_MAC
    prev: Anchor | None = None
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
                if data.get("format") != FORMAT:
                    raise ValueError("format")
                anchor = Anchor(
                    sequence=int(data["sequence"]),
                    hash=str(data["hash"]),
                    events=int(data["events"]),
                    anchored_at=str(data["anchored_at"]),
                    key_id=str(data["key_id"]),
                    prev_mac=str(data["prev_mac"]),
                    mac=str(data["mac"]),
                    line=number,
                )
                dt.datetime.fromisoformat(anchor.anchored_at)
            except (ValueError, KeyError, TypeError):
                result.problem, result.problem_line = f"第 {number} 行不是有效的锚点记录", number
                return result
            key = keys.get(anchor.key_id)
            if key is None:
                result.problem, result.problem_line = (
                    f"第 {number} 行由未知密钥（{anchor.key_id}）签名：请配置该密钥（FAZHI_AUDIT_ANCHOR_OLD_KEYS）",
                    number,
                )
                return result
            if not hmac.compare_digest(_mac(key, anchor), anchor.mac):
                result.problem, result.problem_line = f"第 {number} 行的签名不符（锚点被改动或伪造）", number
                return result
            if anchor.prev_mac != prev_mac:
                result.problem, result.problem_line = (
                    f"第 {number} 行与上一行不衔接（锚点行被删除、插入或调换）",
                    number,
                )
                return result
            if prev is not None and (anchor.sequence < prev.sequence or anchor.anchored_at < prev.anchored_at):
                result.problem, result.problem_line = f"第 {number} 行的序号或时间早于上一行", number
                return result
            result.anchors.append(anchor)
            prev_mac, prev = anchor.mac, anchor
    return result


def write_anchor(*, sequence: int, head_hash: str, events: int, now: dt.datetime | None = None) -> Anchor:
    """Append one signed line (the file is opened for appending only and synced to disk)."""
    key = current_key()
    existing = read_anchor_file()
    if existing.exists and not existing.ok:
        raise DomainError(
            "audit.anchor_file_damaged",
            f"锚点文件 {existing.path} 已损坏：{existing.problem}；请先调查，不要在损坏的文件后追加",
        )
    prev_mac = existing.anchors[-1].mac if existing.anchors else GENESIS_MAC
    moment = (now or timezone.now()).astimezone(dt.UTC).isoformat(timespec="microseconds")
    unsigned = Anchor(sequence, head_hash, events, moment, key_id(key), prev_mac, mac="")
    anchor = Anchor(sequence, head_hash, events, moment, key_id(key), prev_mac, mac=_mac(key, unsigned))
    path = existing.path
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (anchor.as_json() + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    line = len(existing.anchors) + 1
    return Anchor(**{**anchor.__dict__, "line": line})


@dataclass(frozen=True)
class AnchorCheck:
    """The chain compared with the anchors: ``problem`` empty when every anchor agrees."""

    anchors: int
    problem: str = ""
    after_sequence: int | None = None  # the damage lies after this sequence (the last anchor that agrees) …
    up_to_sequence: int | None = None  # … and at or before this one (the first anchor that disagrees)


def compare(anchors: Iterable[Anchor], seen: dict[int, str], head: int) -> AnchorCheck:
    """Compare the anchors with the hashes ``seen`` at their sequences (``head``: the chain's last sequence).

    ``seen`` maps each anchored sequence to the stored event's hash (missing: no such event).
    """
    anchors = list(anchors)
    last_good = 0
    for anchor in anchors:
        if anchor.sequence == 0:
            continue
        stored = seen.get(anchor.sequence)
        when = anchor.anchored_at_local.strftime("%Y-%m-%d %H:%M")
        if stored is None:
            return AnchorCheck(
                len(anchors),
                f"{when} 的锚点记录了第 {anchor.sequence} 号事件，现在审计链只到第 {head} 号："
                f"第 {max(head, last_good) + 1} 号起的事件被删除（截断或清空）",
                after_sequence=max(head, last_good),
                up_to_sequence=anchor.sequence,
            )
        if stored != anchor.hash:
            return AnchorCheck(
                len(anchors),
                f"第 {anchor.sequence} 号事件的哈希与 {when} 的锚点不符：第 {last_good} 号（最后一个相符的锚点）"
                f"之后、第 {anchor.sequence} 号及以前的事件被改写",
                after_sequence=last_good,
                up_to_sequence=anchor.sequence,
            )
        last_good = anchor.sequence
    return AnchorCheck(len(anchors))


def anchor_rows(limit: int = 200) -> list[dict[str, Any]]:
    """The newest anchors for the screens (newest first)."""
    data = read_anchor_file()
    return [
        {
            "line": a.line,
            "sequence": a.sequence,
            "hash": a.hash,
            "events": a.events,
            "anchored_at": a.anchored_at_local,
            "key_id": a.key_id,
            "mac": a.mac,
        }
        for a in reversed(data.anchors[-limit:])
    ]
