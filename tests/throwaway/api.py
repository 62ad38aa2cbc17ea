from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.api.base import ScopedAPIView
from phaodai.core.roles import Capability
from tests.throwaway.selectors import note_get_for_user, notes_for


class NoteSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")


class NoteListApi(ScopedAPIView):
    required_capability = Capability.VIEW_PEOPLE
    selector = notes_for

    @extend_schema(operation_id="note_list", responses={200: NoteSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return self.paginated(self.get_scoped_queryset().order_by("pk"), NoteSerializer)


class NoteDetailApi(ScopedAPIView):
    required_capability = Capability.VIEW_PEOPLE
    fetch = note_get_for_user

    @extend_schema(operation_id="note_retrieve", responses={200: NoteSerializer})
    def get(self, request: Request, note_id: int) -> Response:
        return Response(NoteSerializer(self.get_scoped_object(note_id=note_id)).data)
