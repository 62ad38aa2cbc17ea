"""Output serializers shared by several apps' endpoints."""

from __future__ import annotations

from rest_framework import serializers

from phaodai.areas.models import AdminUnit


class UnitRefSerializer(serializers.Serializer[AdminUnit]):
    """An administrative unit as other records point at it."""

    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField(help_text="1 tỉnh, 2 huyện, 3 xã, 4 thôn/tổ dân phố")
