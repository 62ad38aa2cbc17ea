from django.urls import path

from tests.throwaway import api

urlpatterns = [
    path("notes/", api.NoteListApi.as_view(), name="note-list"),
    path("notes/<int:note_id>/", api.NoteDetailApi.as_view(), name="note-detail"),
]
