"""Chinese labels of the rights app's audit action codes (workflow ones register themselves)."""

from gonghui.core.audit import register_actions

register_actions(
    {
        "rights.case.registered": "登记维权案件",
        "rights.case.submitted_online": "职工网上提交",
        "rights.case.updated": "修改维权案件",
        "rights.case.party_added": "添加当事职工",
        "rights.case.note_added": "添加办理记录",
        "rights.case.overdue": "案件超期",
        "rights.case.review_requested": "申请复查/复核",
        "rights.attachment.viewed": "查看附件",
        "rights.station.created": "新建工作站",
        "rights.station.updated": "修改工作站",
        "rights.firm.created": "新建律师事务所",
        "rights.lawyer.created": "新建律师",
        "rights.firm.updated": "修改律师事务所",
        "rights.lawyer.updated": "修改律师信息",
        "rights.event.created": "登记法律服务活动",
        "rights.event.updated": "修改法律服务活动",
    }
)
