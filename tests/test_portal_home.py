"""The workers' phone home page /m/ (no account): every worker page the apps register is
listed with its link, and each link opens for an anonymous visitor."""

import pytest
from django.urls import reverse

from gonghui.core.registry import portal_pages


@pytest.mark.django_db
def test_the_phone_home_lists_every_worker_page_and_each_opens_without_an_account(client):
    keys = {p.key for p in portal_pages()}
    assert {
        "join",
        "join_status",
        "complaint",
        "complaint_track",
        "assistance",
        "mutualaid",
    } <= keys
    answer = client.get("/m/")
    assert answer.status_code == 200
    body = answer.content.decode()
    for page in portal_pages():
        url = reverse(page.url_name)
        assert f'href="{url}"' in body and page.label in body
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_every_worker_page_leads_back_to_the_phone_home(client):
    for page in portal_pages():
        assert 'href="/m/"' in client.get(reverse(page.url_name)).content.decode(), page.key
