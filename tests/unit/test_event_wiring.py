"""The composition root subscribes every event handler the core defines.

A handler group written in ``edu_core.application`` but left out of ``event_handler_groups``
would never run; this test finds every class with ``subscriptions()`` and requires it wired.
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import edu_core.application
from adapters.container import Container, bootstrap
from edu_core.domain.events import event_types
from tests.conftest import make_settings


def handler_group_classes() -> set[type]:
    found: set[type] = set()
    for module_info in pkgutil.iter_modules(edu_core.application.__path__):
        if module_info.name == "messagebus":  # the registry itself
            continue
        module = importlib.import_module(f"edu_core.application.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and callable(
                    getattr(cls, "subscriptions", None)) and not getattr(
                    cls, "_is_protocol", False):
                found.add(cls)
    return found


def wired(tmp_path: Path) -> Container:
    # No connection is made: the engine connects on first use only.
    return bootstrap(Container(settings=make_settings(tmp_path),
                               database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none"))


def test_every_handler_group_of_the_core_is_subscribed(tmp_path: Path) -> None:
    registry = wired(tmp_path).event_registry()
    groups = {type(g) for g in registry.groups}
    defined = handler_group_classes()
    assert defined, "no handler group found: the scan is broken"
    assert defined - groups == set(), "handler groups defined but never subscribed"


def test_every_subscription_names_a_known_event_and_a_handler_of_its_group(
        tmp_path: Path) -> None:
    registry = wired(tmp_path).event_registry()
    known = event_types()
    subscriptions = registry.subscriptions()
    assert len(subscriptions) >= 10
    for sub in subscriptions:
        assert known.get(sub.event.name) is sub.event
        owner, method = sub.name.split(".")
        assert type(sub.handler.__self__).__name__ == owner  # type: ignore[attr-defined]
        assert method == sub.handler.__name__


def test_bootstrapping_twice_subscribes_each_handler_once(tmp_path: Path) -> None:
    container = wired(tmp_path)
    before = [s.name for s in container.event_registry().subscriptions()]
    bootstrap(container)
    assert [s.name for s in container.event_registry().subscriptions()] == before
