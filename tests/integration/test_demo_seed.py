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
    assert again.mentor_profiles == 0

    # Verified mentors are searchable, with photos and a next free slot; applicants are not.
    found = (await client.get("/api/v1/mentors", params={"q": "mentora-demo-unused"})).json()
    assert found["total"] == 0
    cards = (await client.get("/api/v1/mentors", params={"subject": "physics"})).json()["items"]
    amara = next(c for c in cards if c["display_name"] == "Amara Okafor")
    assert amara["photo_url"]
    assert (await client.get(amara["photo_url"])).headers["content-type"] == "image/png"
    assert amara["next_available"]
    names = {c["display_name"] for c in
             (await client.get("/api/v1/mentors", params={"page_size": 100})).json()["items"]}
    assert {"Amara Okafor", "Lukas Becker", "Priya Raman", "Daniel Reyes"} <= names
    assert "Noah Fischer" not in names
    assert {a.role for a in ACCOUNTS} == {Role.ADMIN, Role.MENTOR, Role.STUDENT}
    for account in ACCOUNTS:
        login = await client.post("/api/v1/auth/login", json={
            "email": account.email, "password": DEMO_PASSWORD, "mode": "token"})
        assert login.status_code == 200, account.email
        if account.email == "admin@mentora.demo":
            queue = await client.get("/api/v1/admin/mentors", headers={
                "Authorization": f"Bearer {login.json()['access_token']}"})
            waiting = {m["display_name"] for m in queue.json()["items"]}
            assert {"Noah Fischer", "Inês Duarte"} <= waiting
        user = login.json()["user"]
        assert (user["role"], user["timezone"]) == (account.role.value, account.timezone)
