"""Two-step verification over HTTP: enrolment, the two-step sign-in, the admin rule."""

from pathlib import Path

import httpx
import pyotp

from adapters.container import build_container
from adapters.http.app import create_app
from edu_core.domain.identity import Role
from tests.conftest import make_settings, serving
from tests.integration.helpers import PASSWORD, bearer, make_user


async def test_admins_enrol_before_the_admin_routes_answer_and_then_sign_in_in_two_steps(
        tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path / "var", require_admin_second_factor=True)
    container = build_container(settings, database_url)
    app = create_app(settings, container=container)
    async with serving(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                               base_url="https://testserver.local") as client:
        admin = await make_user(container, Role.ADMIN)
        headers = await bearer(client, admin.email)
        refused = await client.get("/api/v1/admin/users", headers=headers)
        assert refused.status_code == 403 and refused.json()["code"] == "second_factor_required"
        # Their own account pages still work, so they can enrol.
        me = await client.get("/api/v1/me", headers=headers)
        assert me.status_code == 200 and me.json()["second_factor_enabled"] is False

        setup = await client.post("/api/v1/auth/second-factor/setup", headers=headers)
        assert setup.status_code == 200, setup.text
        secret = setup.json()["secret"]
        assert setup.json()["otpauth_uri"].startswith("otpauth://totp/")
        wrong = await client.post("/api/v1/auth/second-factor/confirm", headers=headers,
                                  json={"code": "abcdef"})
        assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_second_factor"
        confirmed = await client.post("/api/v1/auth/second-factor/confirm", headers=headers,
                                      json={"code": pyotp.TOTP(secret).now()})
        assert confirmed.status_code == 200, confirmed.text
        recovery = confirmed.json()["recovery_codes"]
        assert len(recovery) == 10

        step_one = await client.post("/api/v1/auth/login", json={
            "email": admin.email, "password": PASSWORD, "mode": "token"})
        assert step_one.status_code == 200
        body = step_one.json()
        assert body["second_factor_required"] is True and body["user"] is None
        assert body["access_token"] is None and body["challenge"]
        step_two = await client.post("/api/v1/auth/login/second-factor", json={
            "challenge": body["challenge"], "code": recovery[0], "mode": "token"})
        assert step_two.status_code == 200, step_two.text
        assert step_two.json()["user"]["second_factor_enabled"] is True
        admin_headers = {"Authorization": f"Bearer {step_two.json()['access_token']}"}
        assert (await client.get("/api/v1/admin/users", headers=admin_headers)).status_code == 200

        # Changing the password now needs a code as well.
        change = await client.post("/api/v1/auth/password/change", headers=admin_headers, json={
            "current_password": PASSWORD, "new_password": "a brand new phrase"})
        assert change.status_code == 403
        assert change.json()["code"] == "second_factor_code_required"
        change = await client.post("/api/v1/auth/password/change", headers=admin_headers, json={
            "current_password": PASSWORD, "new_password": "a brand new phrase",
            "second_factor_code": recovery[1]})
        assert change.status_code == 204, change.text

        async with container.uow()() as uow:
            from edu_core.domain.pagination import PageRequest

            entries = await uow.audit.list(PageRequest(page_size=100), target_id=str(admin.id))
        actions = [e.action for e in entries.items]
        assert "auth.totp_enable" in actions and "auth.login" in actions
