from django.urls import path


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("boom/", boom)]
