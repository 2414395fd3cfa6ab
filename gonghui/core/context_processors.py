from django.conf import settings


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [("core:dashboard", "首页", "dashboard")]
    if user.can("orgs.view"):
        items += [
            ("orgs:tree", "组织架构", "orgs"),
            ("orgs:employer_list", "用人单位", "employers"),
            ("orgs:terms", "换届提醒", "terms"),
            ("orgs:coverage", "双亮与女职工组织", "coverage"),
        ]
    if user.can("imports.view"):
        items.append(("importing:import_list", "数据导入", "imports"))
    items += [("members:member_list", "会员", "members")] if user.can("members.view") else []
    if user.can("rights.view"):
        items.append(("rights:case_list", "维权服务", "rights"))
    if user.can("audit.view"):
        items.append(("core:audit_list", "审计日志", "audit"))
    if user.can("accounts.manage"):
        items.append(("accounts:user_list", "账号管理", "users"))
    return {"nav_items": items, "idle_minutes": settings.SESSION_COOKIE_AGE // 60}
