"""The one refusal of the exchange: a package that failed a check, naming the member and the check.

`check` is a stable code (for the JSON and the window); the message says the same in Chinese.
"""

from __future__ import annotations

from typing import Any

from app.errors import UserError

CHECK_LABELS: dict[str, str] = {
    "file": "文件", "zip": "压缩包结构", "count": "成员数量上限", "size_limit": "成员大小上限",
    "total_size": "总大小上限", "ratio": "压缩比上限", "compression": "压缩方式", "name": "成员名称",
    "duplicate": "重复成员", "not_in_manifest": "清单外成员", "missing": "缺少成员", "size": "大小",
    "sha256": "SHA-256 哈希", "signature": "签名", "manifest": "清单内容", "key": "签名密钥",
    "replay": "重放", "sequence": "序号", "chain": "前序数据包", "data": "数据内容",
    "layout": "压缩包规范布局", "header": "文件头一致", "crc": "CRC 校验", "attributes": "文件属性",
    "extra": "扩展字段", "changelog": "变更日志延续", "office": "发送单位",
}
WHOLE_FILE = "（整个文件）"


class PackageRejected(UserError):
    """A package refused by a check. `member` is the zip member (or WHOLE_FILE), `check` a key of
    CHECK_LABELS; `details` carries what the window needs (e.g. a new key's fingerprint)."""

    def __init__(self, member: str, check: str, detail: str, *, details: dict[str, Any] | None = None,
                 suffix: str = "") -> None:
        self.member, self.check, self.detail = member, check, detail
        self.details = dict(details or {})
        label = CHECK_LABELS.get(check, check)
        super().__init__(f"数据包未通过「{label}」检查：成员「{member}」{detail}。{suffix}")

    def with_suffix(self, suffix: str) -> PackageRejected:
        """The same refusal with a closing sentence (e.g. that nothing was imported)."""
        return PackageRejected(self.member, self.check, self.detail, details=self.details, suffix=suffix)

    def to_json(self) -> dict[str, Any]:
        return {"member": self.member, "check": self.check, "message": self.message}
