"""The API reference pages render in a browser from the platform alone (S39): Swagger UI and
Redoc load their bundles from the client's build, so they work where no CDN can be reached."""

from playwright.sync_api import Page, Route, expect

from tests.e2e.helpers import LiveApp, NewPage

# The pages embed the whole document (~650 kB) and render it in one go: slow on a busy machine.
RENDERED_WITHIN_MS = 60_000


def _same_origin_only(page: Page, base_url: str) -> list[str]:
    """Refuses every request that leaves the platform's origin; returns the refused ones that
    were not images (Redoc's footer shows its maker's logo from their site: cosmetic)."""
    refused: list[str] = []

    def handle(route: Route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
            return
        if route.request.resource_type != "image":
            refused.append(route.request.url)
        route.abort()

    page.route("**/*", handle)
    return refused


def test_swagger_and_redoc_render_the_document(live_app: LiveApp, new_page: NewPage) -> None:
    page = new_page()
    page.set_default_timeout(RENDERED_WITHIN_MS)
    refused = _same_origin_only(page, live_app.base_url)

    page.goto("/schema/swagger", wait_until="commit")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Mentora API", timeout=RENDERED_WITHIN_MS)
    # The error catalogue is in the introduction.
    expect(page.get_by_role("cell", name="weak_password", exact=True)).to_be_attached(
        timeout=RENDERED_WITHIN_MS)

    page.goto("/schema/redoc", wait_until="commit")
    expect(page.get_by_role("heading", name="Mentora API")).to_be_visible(
        timeout=RENDERED_WITHIN_MS)
    expect(page.get_by_role("heading", name="Error codes")).to_be_visible()
    assert refused == []
