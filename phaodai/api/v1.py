"""Version 1 of the API: the list of each app's endpoints."""

urlpatterns: list = []
