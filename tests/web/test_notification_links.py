"""The links the notifications service writes (in-app, e-mails, pushes: its messages.py) open the
web client's pages: /connexion, /groupes/<id>, /groupes/<id>/discussions/<id>#message-<post id>."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .browser import log_in
from .pages import DEMO_THREAD, TEACHER, Demo


def test_the_notifications_links_open_their_pages(new_page, web_stack):
    demo = Demo(web_stack.stack.config.base_url)
    group, thread = demo.group_id(), demo.thread_id()
    page = new_page()
    page.goto("/connexion")
    expect(page).to_have_url(re.compile("/compte/connexion$"))

    log_in(page, TEACHER)
    page.goto(f"/groupes/{group}")
    expect(page).to_have_url(re.compile(f"/communaute/groupes/{group}$"))
    expect(page.locator("main h1")).to_be_visible()

    reply = demo.get(f"/threads/{thread}", TEACHER)["replies"]["items"][0]  # the demo reply (a mention)
    anchor = f"#message-{reply['id']}"
    page.goto(f"/groupes/{group}/discussions/{thread}{anchor}")
    expect(page).to_have_url(re.compile(f"/communaute/discussions/{thread}{re.escape(anchor)}$"))
    expect(page.locator("main h1")).to_have_text(DEMO_THREAD)
    expect(page.locator(anchor)).to_be_in_viewport()
    assert page.js_errors == []
