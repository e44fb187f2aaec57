from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "seo"
    label = "seo"
    verbose_name = "Search engines and sharing"
