"""How request bodies appear in the OpenAPI document.

- They refuse unknown fields (``forbid_unknown_fields``); the document says so with
  ``additionalProperties: false``, so generated clients and API fuzzers agree with the server
  about what a valid body is.
- A body's ``EXAMPLE`` (a class variable: a value the server accepts) is the schema's example,
  shown by Swagger and Redoc and filled into "Try it out". A test decodes every example with
  the struct itself, so none can drift from what the server takes.
"""

from typing import Any

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import Schema
from litestar.typing import FieldDefinition

EXAMPLE_ATTRIBUTE = "EXAMPLE"


class StrictStructSchemaPlugin(StructSchemaPlugin):
    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields:
            schema.additional_properties = False
        # The struct's own: a subclass (a response extending a request) shows its own shape.
        example = vars(field_definition.type_).get(EXAMPLE_ATTRIBUTE)
        if example is not None:
            schema.examples = [example]
        return schema
