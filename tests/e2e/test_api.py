"""The API's browsable page in Chromium: Swagger UI from our own static files, under the
site's strict CSP (no inline script, nothing from another site), and the page's own list of
operations accessible (axe)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_page_shows_the_explorer_under_the_csp(page):
    refus, externes = [], []
    page.on(
        "console",
        lambda message: (
            refus.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "request",
        lambda requete: (
            externes.append(requete.url)
            if not requete.url.startswith(page.base_url) and not requete.url.startswith("data:")
            else None
        ),
    )
    page.goto(page.base_url + "/api/")
    page.wait_for_selector(".swagger-ui .opblock-summary-path")
    # The page's own part: its text and the table of operations, the accessible way to read
    # the API. The explorer inside #swagger-ui is Swagger UI's markup (a main landmark of
    # its own, its heading levels), a developer's tool whose colours api.css darkens.
    results = Axe().run(page, context={"exclude": [["#swagger-ui"]]})
    assert results.violations_count == 0, results.generate_report()
    contraste = Axe().run(
        page, context={"include": [["#swagger-ui"]]}, options={"runOnly": ["color-contrast"]}
    )
    assert contraste.violations_count == 0, contraste.generate_report()
    chemins = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert "/api/v1/rendez-vous" in chemins and "/api/v1/lieux" in chemins
    assert refus == [] and externes == []
