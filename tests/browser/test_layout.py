"""Every staff page works at 390 px wide (issue #10): on the tiny demo district, each kind of
staff user opens every page of their menu and a detail page of each kind at phone size
(390×844), the admin also at desktop size (1280×800), and no page scrolls sideways or sticks
out of the window (a wide table scrolls inside its own box); at phone size the menu toggle
opens and closes the menu, and the chair's member list is readable (no column one character
wide); no page loads anything from outside the server."""

import datetime

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.activities.models import Delegation, Submission
from gonghui.activities.queries.activities import activities_visible
from gonghui.core.registry import menu_for
from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD
from gonghui.democracy.models import (
    AwardNomination,
    BargainingCampaign,
    CollectiveContract,
    CongressSession,
    OpenAffairsRecord,
    RatingApplication,
)
from gonghui.democracy.queries.ratings import rounds_visible as rounds_visible_ratings
from gonghui.finance.models import (
    Allocation,
    AllocationRule,
    Collection,
    RefundBatch,
    RefundLine,
    UnionBankAccount,
)
from gonghui.finance.queries.ledger import entries_visible
from gonghui.members.models import Member
from gonghui.merit.models import InnovationStudio, ModelWorker, Nomination
from gonghui.merit.queries.competitions import competitions_visible
from gonghui.merit.queries.honors import rounds_visible
from gonghui.mutualaid.models import Claim, EnrollmentBatch, Payout, PlanYear
from gonghui.orgs.models import CertificateRequest, Employer, LegalPersonCertificate, Organization
from gonghui.rights.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE, DESKTOP = (390, 844), (1280, 800)
# district admin, a town's staff, a grassroots chair, a station lawyer (manage.py demo_logins)
USERS = ["admin", "shiqiao", "chair", "lawyer01"]
# pages reached from a list rather than the menu; each user opens those their role may
MORE = {
    "members:member_create": "members.edit",
    "members:transfer_list": "members.view",
    "members:transfer_in": "members.transfer",
    "members:joining_list": "members.approve_joining",
    "orgs:organization_list": "orgs.view",
    "orgs:employer_create": "employers.edit",
    "rights:case_create": "rights.register",
    "rights:cases_due": "rights.view",
    "rights:event_list": "rights.view",
    "rights:stats": "rights.stats",
    "assistance:service_create": "assistance.services.record",
    "assistance:file_create": "assistance.files.open",
    "assistance:standards": "assistance.view",
    "assistance:disbursement_create": "assistance.grants.pay",
    "assistance:program_create": "assistance.programs.manage",
    "assistance:program_kinds": "assistance.view",
    "mutualaid:plan_create": "mutualaid.plans.manage",
    "mutualaid:enroll": "mutualaid.enroll",
    "mutualaid:enroll_single": "mutualaid.enroll",
    "mutualaid:enrollment_summary": "mutualaid.view",
    "mutualaid:batch_list": "mutualaid.view",
    "mutualaid:claim_create": "mutualaid.claims.apply",
    "mutualaid:payout_create": "mutualaid.payouts.manage",
    "mutualaid:portal_claim": None,  # the worker's phone page (no login needed)
    "finance:collection_list": "finance.view",
    "finance:payers_without_union": "finance.view",
    "finance:non_payers": "finance.view",
    "finance:payroll_jumps": "finance.view",
    "finance:rule_create": "finance.rules.manage",
    "finance:allocation_run": "finance.allocate",
    "finance:due_unpaid": "finance.view",
    "finance:batch_create": "finance.refunds.manage",
    "finance:bank_account_create": "finance.bank_accounts.manage",
    "finance:expense_create": "finance.expenses.record",
    "finance:balances": "finance.reports",
    "finance:trial_balance": "finance.reports",
    "finance:town_statement": "finance.reports",
    "finance:employer_statement": "finance.reports",
    "merit:round_create": "merit.rounds.manage",
    "merit:honor_create": "merit.honors.record",
    "merit:objection_list": "merit.objections.manage",
    "merit:benefit_list": "merit.view",
    "merit:model_worker_create": "merit.model_workers.manage",
    "merit:studio_create": "merit.studios.manage",
    "merit:competition_create": "merit.competitions.manage",
    "merit:notice_list": None,  # the public notice (no login needed)
    "democracy:contract_create": "democracy.contracts.manage",
    "democracy:offer_list": "democracy.offers.manage",
    "democracy:campaign_create": "democracy.offers.manage",
    "democracy:congress_create": "democracy.congress.manage",
    "democracy:congress_employers": "democracy.stats",
    "democracy:open_affairs_create": "democracy.congress.manage",
    "democracy:round_create": "democracy.ratings.manage",
    "democracy:application_list": "democracy.view",
    "democracy:rated_list": "democracy.view",
    "democracy:rating_objection_list": "democracy.objections.manage",
    "democracy:notice_list": None,  # the ratings' public notice (no login needed)
    "orgs:formation_contacts": "formation.view",
    "orgs:formation_foundings": "formation.view",
    "orgs:formation_setting": "formation.settings",
    "orgs:certificate_without": "certificates.view",
    "orgs:certificate_request_list": "certificates.view",
    "activities:activity_create": "activities.manage",
    "activities:registration_list": "activities.view",
    "activities:delegation_create": "activities.delegations.manage",
    "activities:portal": None,  # the members' phone page
    "accounts:user_create": "accounts.manage",
    "accounts:password_change": None,
}

# What sticks out of the window: an element whose right edge is past it and that no box
# between it and the page clips or scrolls (a table inside .table-responsive is fine).
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let parent = el.parentElement, clipped = false;
    while (parent && parent !== document.body) {
      if (getComputedStyle(parent).overflowX !== "visible") { clipped = true; break; }
      parent = parent.parentElement;
    }
    if (!clipped) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} → ${Math.round(box.right)} px`);
  }
  const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  return {scroll, width, out: out.slice(0, 5)};
}"""


# rows the demo need not give every user: the district's own delegation and campaign (a
# town does not see them), model workers and studios, and certificate requests (a chair's
# union or a town may have none; the admin walks each)
NOT_EVERYONES = {
    "orgs:certificate_request_detail",
    "activities:delegation_detail",
    "activities:submission_detail",
    "merit:model_worker_detail",
    "merit:studio_detail",
}


def _pages(user: User) -> list[str]:
    """The user's menu, the other pages their role opens, and a detail page of each kind."""
    urls = [reverse(item.url_name) for _section, items in menu_for(user) for item in items]
    urls += [reverse(name) for name, perm in MORE.items() if perm is None or user.can(perm)]
    details = [
        (Member, "members.view", "members:member_detail"),
        (Case, "rights.view", "rights:case_detail"),
        (Organization, "orgs.view", "orgs:organization_detail"),
        (Employer, "employers.view", "orgs:employer_detail"),
        # mutual aid: by the role that works on the page (the tiny demo's chair has none)
        (PlanYear, "mutualaid.plans.manage", "mutualaid:plan_detail"),
        (EnrollmentBatch, "mutualaid.contributions.record", "mutualaid:batch_detail"),
        (Claim, "mutualaid.claims.review", "mutualaid:claim_detail"),
        (Payout, "mutualaid.payouts.manage", "mutualaid:payout_detail"),
        # finance: the same way (the rules are the district's settings, not scoped)
        (Collection, "finance.collections.match", "finance:collection_detail"),
        (AllocationRule, "finance.rules.manage", "finance:rule_detail"),
        (Allocation, "finance.allocate", "finance:allocation_detail"),
        (entries_visible, "finance.view", "finance:entry_detail"),  # by its lines' accounts
        (RefundBatch, "finance.refunds.manage", "finance:batch_detail"),
        (RefundLine, "finance.bank_accounts.manage", "finance:refund_detail"),
        (UnionBankAccount, "finance.bank_accounts.manage", "finance:bank_account_detail"),
        # merit and activities: the district's rounds, competitions and activities are seen
        # below it too (a town nominates, enters, registers), as their lists show them
        (lambda u, _a: rounds_visible(u), "merit.view", "merit:round_detail"),
        (Nomination, "merit.view", "merit:nomination_detail"),
        (ModelWorker, "merit.view", "merit:model_worker_detail"),
        (InnovationStudio, "merit.view", "merit:studio_detail"),
        (lambda u, _a: competitions_visible(u), "merit.view", "merit:competition_detail"),
        (activities_visible, "activities.view", "activities:activity_detail"),
        # democracy and the union's certificates
        (CollectiveContract, "democracy.view", "democracy:contract_detail"),
        (BargainingCampaign, "democracy.offers.manage", "democracy:campaign_detail"),
        (CongressSession, "democracy.view", "democracy:congress_detail"),
        (OpenAffairsRecord, "democracy.view", "democracy:open_affairs_detail"),
        (lambda u, _a: rounds_visible_ratings(u), "democracy.view", "democracy:round_detail"),
        (RatingApplication, "democracy.view", "democracy:application_detail"),
        (AwardNomination, "democracy.view", "democracy:award_detail"),
        (LegalPersonCertificate, "certificates.view", "orgs:certificate_detail"),
        (CertificateRequest, "certificates.view", "orgs:certificate_request_detail"),
        (Employer, "formation.view", "orgs:employer_formation"),
        (Delegation, "activities.view", "activities:delegation_detail"),
        (Submission, "activities.view", "activities:submission_detail"),
    ]
    for rows_of, action, url_name in details:
        if user.can(action):
            if isinstance(rows_of, type):  # a model: its rows in the user's scope
                rows = rows_of.objects
                rows = rows.visible_to(user, action) if hasattr(rows, "visible_to") else rows.all()
            else:  # a query function (user, action)
                rows = rows_of(user, action)
            row = rows.order_by("pk").first()
            if row is None and url_name in NOT_EVERYONES:
                continue
            assert row is not None, f"{user.username} sees no {url_name} in the demo"
            urls.append(reverse(url_name, args=[row.pk]))
    return list(dict.fromkeys(urls))


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#sidebar")


def _fits(page, url: str, size: tuple[int, int]) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    # the top bar's to-do badge comes after the page: measure with it (and one request at a time)
    page.wait_for_selector("#todo-badge-slot", state="detached")
    found = page.evaluate(OVERFLOW_JS)
    where = f"{url} at {size[0]}×{size[1]}"
    assert found["scroll"] <= found["width"], f"{where} is {found['scroll']} px wide"
    assert not found["out"], f"{where}: sticks out: {found['out']}"


def _menu_toggles(page) -> None:
    toggle, menu = page.locator("#menu-toggle"), page.locator("#sidebar-menu")
    assert toggle.is_visible() and not menu.is_visible()
    toggle.click()
    page.wait_for_selector("#sidebar-menu.collapse.show")  # opened, its animation over
    assert menu.locator(".nav-link").first.is_visible()
    assert page.evaluate(OVERFLOW_JS)["out"] == []
    toggle.click()
    menu.wait_for(state="hidden")


@pytest.mark.parametrize("username", USERS)
def test_every_staff_page_fits_a_phone_and_a_desktop(browser, live_server, username):
    """Each user's pages at phone size; at desktop size the admin's, whose menu holds every
    page (the same templates the others open). No page loads anything from outside the
    server: intranet deployments are offline (the kit, fonts and scripts from /static/)."""
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), members=True)
    user = User.objects.get(username=username)
    urls = [f"{live_server.url}{path}" for path in _pages(user)]
    context = browser.new_context(locale="zh-CN", viewport={"width": PHONE[0], "height": PHONE[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _login(page, live_server, username)
    _menu_toggles(page)
    for url in urls:
        _fits(page, url, PHONE)
    if user.can("members.view"):
        # the member list at phone size: the name column is readable (not one character wide)
        page.goto(f"{live_server.url}{reverse('members:member_list')}")
        name = page.locator("table.list tbody tr td").first
        assert name.bounding_box()["width"] > 60, name.bounding_box()
    if username == "admin":
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        for url in urls:
            _fits(page, url, DESKTOP)
        assert page.locator("#sidebar-menu .nav-link").first.is_visible()  # the menu is open
        assert not page.locator("#menu-toggle").is_visible()
    page.wait_for_load_state("networkidle")
    local = (live_server.url, "data:", "blob:")
    assert [url for url in requests if not url.startswith(local)] == []
    assert any("/static/vendor/tabler" in url for url in requests)
    context.close()
