from gonghui.core.audit import register_actions

register_actions(
    {
        "importing.run.started": "开始导入",
        "importing.run.finished": "完成导入",
        "importing.run.failed": "导入失败",
        "importing.report.downloaded": "下载导入错误报告",
    }
)
