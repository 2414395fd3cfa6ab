from gonghui.core.audit import register_actions

register_actions(
    {
        "reports.target.set": "设定目标",
        "reports.target.changed": "修改目标",
        "reports.target.removed": "删除目标",
    }
)
