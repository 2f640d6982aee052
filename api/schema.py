"""The OpenAPI description (drf-spectacular), with the answers every list can give
besides 200: a bad filter (400), a page past the end (404), too many requests (429)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong.")


ERROR_RESPONSES = {
    "400": OpenApiResponse(
        response={
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        description="A filter's value is not allowed: each parameter with what is wrong.",
    ),
    "404": OpenApiResponse(ErrorSerializer, description="No such page."),
    "429": OpenApiResponse(
        ErrorSerializer,
        description="Too many requests from this address: try again after Retry-After seconds.",
    ),
}


class OpenDataSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            for code, response in ERROR_RESPONSES.items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(
                        response, code, ["application/json", "text/csv"], direction
                    )
        return responses
