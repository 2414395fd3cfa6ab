from gonghui.core.audit import register_actions

register_actions(
    {
        "members.member.created": "新增会员",
        "members.member.updated": "修改会员信息",
        "members.member.identity_viewed": "查看会员完整证件号",
        "members.member.retained": "保留会籍",
        "members.member.left": "会员离会",
        "members.member.restored": "恢复会籍",
        "members.member.transferred": "会籍接转完成",
        "members.member.exported": "导出会员名册",
        "members.transfer.requested": "申请会籍接转",
        "members.joining.submitted": "提交网上入会申请",
    }
)
