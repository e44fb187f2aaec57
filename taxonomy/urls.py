from django.urls import path, re_path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("topics/", views.topic_list, name="topic-list"),
    # Topic slugs may be non-ASCII (taggit slugifies names with allow_unicode).
    re_path(r"^topics/(?P<slug>[-\w]+)/$", views.topic_detail, name="topic-detail"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
]
