from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
]
