"""ASGI entry point for servers: ``uvicorn adapters.http.asgi:create --factory``."""

from litestar import Litestar

from adapters.http.app import create_app


def create() -> Litestar:
    return create_app()
