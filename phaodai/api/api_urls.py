from django.urls import path

from phaodai.api.auth import MeApi, TokenObtainApi, TokenRenewApi, TokenRevokeApi
from phaodai.api.base import route

urlpatterns = [
    path("token/", route(TokenObtainApi, TokenRevokeApi), name="token"),
    path("token/renew/", TokenRenewApi.as_view(), name="token-renew"),
    path("me/", MeApi.as_view(), name="me"),
]
