"""``edu demo seed`` gives a fresh install an account for every role, and can run again."""

from httpx import AsyncClient

from adapters.cli.demo import ACCOUNTS, DEMO_PASSWORD, seed
from adapters.container import Container
from edu_core.domain.identity import Role


async def test_demo_accounts_exist_once_and_can_sign_in(client: AsyncClient,
                                                        container: Container) -> None:
    first = await seed(container)
    again = await seed(container)
    assert all(created for _, created in first.accounts) or not any(
        created for _, created in first.accounts)
    assert not any(created for _, created in again.accounts)
    assert again.catalog.created == 0
    assert again.catalog.updated == first.catalog.created + first.catalog.updated
    tree = (await client.get("/api/v1/catalog")).json()["subjects"]
    assert {"physics", "mathematics", "chemistry"} <= {s["slug"] for s in tree}
    physics = next(s for s in tree if s["slug"] == "physics")
    assert sum(len(c["topics"]) for c in physics["chapters"]) >= 10
    assert {a.role for a in ACCOUNTS} == {Role.ADMIN, Role.MENTOR, Role.STUDENT}
    for account in ACCOUNTS:
        login = await client.post("/api/v1/auth/login", json={
            "email": account.email, "password": DEMO_PASSWORD, "mode": "token"})
        assert login.status_code == 200, account.email
        user = login.json()["user"]
        assert (user["role"], user["timezone"]) == (account.role.value, account.timezone)
