"""The five roles and what each may do (issue 16 point 2), and the one permission check.

    管理员  accounts, settings, backups — administration only: separation of duties holds for
            the administrator too, so a 管理员 does not approve, close out or confirm anything
    负责人  approves 销号, signs reports and holds the signing certificate, decides 挂牌督办 and
            the other dispositions
    审核员  confirms and dismisses findings, approves measures, approves 销号
    评查员  reviews the cases assigned to them (评查)
    录入员  imports, registers, records entered by hand, measures (整改措施) and progress

Actions nobody is named for (an audit run, a report drawn, a list printed) are open to every
logged-in account; only the actions below are checked. `require` raises `PermissionDeniedError`
whose message names the role(s) the action needs, which the CLI prints (exit 2) and the window
shows, and which the window's tooltips reuse (`roles_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from db.errors import StoreError

ADMIN, LEADER, CHECKER, REVIEWER, CLERK = "管理员", "负责人", "审核员", "评查员", "录入员"
ROLES = (ADMIN, LEADER, CHECKER, REVIEWER, CLERK)

# action → the roles that may do it. The names are the services' use cases, not widgets.
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "accounts.manage": (ADMIN,),
    "settings.write": (ADMIN,),
    "backups.manage": (ADMIN,),
    "problems.close": (LEADER, CHECKER),  # 销号
    "reports.sign": (LEADER,),
    "dispositions.decide": (LEADER,),  # 挂牌督办 and the other dispositions
    "findings.confirm": (CHECKER,),  # confirm or dismiss
    "measures.approve": (CHECKER,),
    "reviews.review": (REVIEWER,),  # start, mark, submit a review, record a consensus
    "records.import": (CLERK,),
    # The registers — complaints (add, triage, reply, close), return visits (draw, record), surveys
    # (create, import the answers) — and problems added by hand. The 录入员's alone: a 审核员 or
    # 负责人 who entered a complaint would then confirm or close the problem it turned into, the
    # one person at both ends that separation of duties is there to prevent.
    "records.register": (CLERK,),
    # Adding, editing and deleting a register record by hand (案卷, 台账, 收据, 执法人员, 执法单位);
    # undoing such a change (撤销上一次修改) is a change of the same record, so the same action.
    "records.edit": (CLERK,),
    "measures.enter": (CLERK,),
    "progress.enter": (CLERK,),
    # The process registers: whole-process records (one or a folder of them) and the 三项制度
    # tasks (import, status, progress) — entry work, like the other registers.
    "process.enter": (CLERK,),
    # The office signing certificate (signer create / import). The 负责人's, not the 管理员's:
    # whoever creates or imports it sets or knows its passphrase, and with that could sign a
    # report outside the program; the key belongs to the one who signs (reports.sign).
    "signers.manage": (LEADER,),
}

ACTION_LABELS: dict[str, str] = {
    "accounts.manage": "管理账户", "settings.write": "修改设置", "backups.manage": "备份与恢复",
    "problems.close": "销号", "reports.sign": "签署报告", "dispositions.decide": "决定处置（含挂牌督办）",
    "findings.confirm": "确认或排除问题线索", "measures.approve": "审核整改措施", "reviews.review": "案卷评查",
    "records.import": "导入数据", "records.register": "登记", "measures.enter": "录入整改措施",
    "progress.enter": "录入整改进展", "records.edit": "手工录入、修改、删除或撤销修改记录",
    "process.enter": "登记全过程记录和三项制度任务", "signers.manage": "管理签名证书",
}


class PermissionDeniedError(StoreError):
    """The logged-in account's role may not do the action (or nobody is logged in on a store
    that has accounts). `roles` are the roles that may; `action` the action refused."""

    def __init__(self, message: str, *, action: str = "", roles: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.action, self.roles = action, roles


@dataclass(frozen=True)
class Actor:
    """The account a store was opened by: its name and role (never its password or hash)."""

    name: str
    role: str


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may do `action` (all of them for an action nobody is named for)."""
    return PERMISSIONS.get(action, ROLES)


def allowed(actor: Actor, action: str) -> bool:
    return actor.role in roles_for(action)


def needs_text(action: str) -> str:
    """'销号须由负责人或审核员办理' — the sentence a refusal and a disabled action's tooltip say."""
    return f"{ACTION_LABELS.get(action, action)}须由{'或'.join(roles_for(action))}办理"


def require(actor: Actor | None, action: str) -> None:
    """Refuse (PermissionDeniedError, nothing written) unless `actor` may do `action`."""
    if actor is None:
        raise PermissionDeniedError(f"本数据库已启用账户登录，请先登录；{needs_text(action)}。",
                                    action=action, roles=roles_for(action))
    if not allowed(actor, action):
        raise PermissionDeniedError(f"账户「{actor.name}」的角色是{actor.role}，无权{ACTION_LABELS.get(action, action)}："
                                    f"{needs_text(action)}，未作任何改动。", action=action, roles=roles_for(action))
