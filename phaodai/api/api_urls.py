from django.urls import path

from phaodai.api.auth import MeApi, TokenObtainApi, TokenRevokeApi
from phaodai.api.base import route

urlpatterns = [
    path("token/", route(TokenObtainApi, TokenRevokeApi), name="token"),
    path("me/", MeApi.as_view(), name="me"),
]
