from django.contrib.auth import views as auth_views
from django.urls import path

from phaodai.core.access import login_only, public

urlpatterns = [
    path("dang-nhap/", public(auth_views.LoginView.as_view()), name="login"),
    path("dang-xuat/", login_only(auth_views.LogoutView.as_view()), name="logout"),
]
