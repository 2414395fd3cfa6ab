from gonghui.core.audit import register_actions

# The workflows register their steps' labels themselves (members.member.retain, …,
# members.transfer.approve, …, members.joining.approve, …: members/workflow.py).
register_actions(
    {
        "members.member.created": "新增会员",
        "members.member.updated": "修改会员信息",
        "members.member.imported": "导入时更新会员信息",
        "members.member.identity_viewed": "查看会员完整证件号",
        "members.member.transferred": "会籍接转完成",
        "members.member.exported": "导出会员名册",
        "members.transfer.requested": "申请会籍接转",
        "members.joining.submitted": "提交网上入会申请",
        # Status changes before they ran on MEMBER_WORKFLOW (issue #9); old entries keep them.
        "members.member.retained": "保留会籍",
        "members.member.left": "会员离会",
        "members.member.restored": "恢复会籍",
    }
)
