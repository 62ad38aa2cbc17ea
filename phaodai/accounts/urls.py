from django.contrib.auth import views as auth_views
from django.urls import path

from phaodai.accounts import views
from phaodai.core.access import login_only, public

urlpatterns = [
    path(
        "dang-nhap/",
        public(views.LoginView.as_view()),
        name="login",
    ),
    # Logging out is a POST (Django's LogoutView refuses GET).
    path("dang-xuat/", login_only(auth_views.LogoutView.as_view()), name="logout"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/ma-api/", views.api_token_create, name="api_token_create"),
    path("tai-khoan/ma-api/<int:token_id>/thu-hoi/", views.api_token_revoke, name="api_token_revoke"),
]
