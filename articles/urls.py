from django.urls import path, re_path

from . import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/pdf/", views.article_document, name="document"),
    re_path(
        r"^articles/(?P<slug>[-\w]+)/cite\.(?P<fmt>bib|ris)$",
        views.article_citation,
        name="citation",
    ),
    path("series/", views.series_list, name="series-list"),
    path("series/<slug:slug>/", views.series_detail, name="series-detail"),
    path("updates/", views.update_list, name="update-list"),
    path("updates/new/", views.update_create, name="update-create"),
    path("updates/<int:pk>/", views.update_detail, name="update-detail"),
    path("updates/<int:pk>/edit/", views.update_edit, name="update-edit"),
    path("updates/<int:pk>/delete/", views.update_delete, name="update-delete"),
]
