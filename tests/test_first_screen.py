"""The one action a service page offers first, chosen from its ways of applying (site/first_screen.py)."""

from __future__ import annotations

import pytest

from servicecatalog.site.first_screen import primary_action, where

ONLINE_3 = {"type": "online", "maturity": 3, "url": "https://apply.example.org/"}
ONLINE_3_HTTP = {"type": "online", "maturity": 3, "url": "http://apply.example.org/"}
ONLINE_1 = {"type": "online", "maturity": 1, "url": "https://forms.example.org/"}
BOOKING = {"type": "in-person", "appointment_url": "https://book.example.org/"}
OFFICE = {"type": "in-person", "offices": ["town/hall", "town/north"]}
BARE = {"type": "in-person"}
PHONE = {"type": "phone", "phone": "+389 2 123 456"}


@pytest.mark.parametrize(("channels", "forms", "expected"), [
    ([BARE, ONLINE_3], [], ("apply", "https://apply.example.org/")),
    ([BOOKING, ONLINE_1], [], ("book", "https://book.example.org/")),
    ([ONLINE_3_HTTP, BOOKING], [], ("book", "https://book.example.org/")),  # plain http is never the button
    ([OFFICE, ONLINE_1], [], ("form", "https://forms.example.org/")),
    ([OFFICE], [{"url": "https://x.example.org/form.pdf"}], ("form", "https://x.example.org/form.pdf")),
    ([OFFICE], [{"url": "http://x.example.org/form.pdf"}], ("office", "#where")),
    ([BARE, PHONE], [], ("phone", "tel:+3892123456")),
    ([BARE, ONLINE_3_HTTP], [], ("contact", "#contact")),
])
def test_the_most_direct_secure_way_is_the_action(channels, forms, expected) -> None:
    action = primary_action({"channels": channels, "forms": forms})
    assert action is not None and (action["kind"], action["href"]) == expected


def test_a_withdrawn_service_offers_no_action() -> None:
    assert primary_action({"status": "withdrawn", "channels": [ONLINE_3]}) is None


def test_where_names_the_first_office_online_or_the_institution() -> None:
    assert where({"channels": [OFFICE, ONLINE_3]}) == {"kind": "office", "office": "town/hall", "more": 1}
    assert where({"channels": [ONLINE_3]}) == {"kind": "online"}
    assert where({"channels": [BARE, ONLINE_3]}) == {"kind": "institution"}
