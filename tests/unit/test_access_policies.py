"""Route access policies: the label the route audit reads, and no typo passes as a policy."""

import pytest

from adapters.http.access import AUTHENTICATED, PUBLIC, SECURITY, policy
from edu_core.domain.identity import Role


def test_a_policy_labels_whom_it_admits() -> None:
    assert policy(PUBLIC) == {"opt": {"access": PUBLIC}, "security": []}
    assert policy(AUTHENTICATED)["opt"] == {"access": AUTHENTICATED}
    assert policy(Role.ADMIN)["opt"] == {"access": "roles:admin"}
    assert policy([Role.MENTOR, Role.ADMIN], rate_limit="5/minute")["opt"] == {
        "access": "roles:admin,mentor", "rate_limit": "5/minute"}
    assert policy(Role.STUDENT)["security"] == SECURITY


def test_an_unknown_policy_name_is_refused_where_the_route_is_declared() -> None:
    with pytest.raises(ValueError, match="Unknown access policy 'admins'"):
        policy("admins")
