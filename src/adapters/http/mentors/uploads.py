"""Raw-body uploads: the file is the request body, streamed straight to blob storage.

Simpler and lighter than multipart for one file (no parsing, no spooling, natural upload
progress in browsers); the name travels in ``?filename=`` and the type in ``Content-Type``,
both only claims that the server checks against the bytes.
"""

from dataclasses import dataclass, field
from typing import Any

from litestar.openapi.spec import OpenAPIMediaType as MediaType
from litestar.openapi.spec import Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType


def _file_body() -> RequestBody:
    return RequestBody(
        required=True,
        description="The file's bytes. Its type is read from the bytes themselves; "
                    "`Content-Type` and `filename` must agree with it.",
        content={"application/octet-stream": MediaType(
            schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY))})


@dataclass
class BinaryUploadOperation(Operation):
    """Documents a request body that is the file's bytes."""

    request_body: Any = field(default_factory=_file_body)

    def __post_init__(self) -> None:
        # Litestar passes ``request_body=None`` for a handler without a ``data`` parameter,
        # which would override the default above.
        if self.request_body is None:
            self.request_body = _file_body()
