from gonghui.core.audit import register_actions

register_actions(
    {
        "orgs.organization.created": "新建工会组织",
        "orgs.organization.updated": "修改工会组织",
        "orgs.organization.moved": "调整上级组织",
        "orgs.employer.created": "新建用人单位",
        "orgs.employer.updated": "修改用人单位",
        "orgs.employer.import_created": "导入新建用人单位",
        "orgs.employer.imported": "导入修改用人单位",
        "orgs.term.elected": "换届批复产生新一届任期",
        "orgs.term.recorded": "直接登记任期",
        "orgs.election.created": "启动换届",
    }
)
