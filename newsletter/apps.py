from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from datetime import time

        from tasks import schedule

        from .digest import digest_schedule, send_digest
        from .tasks import purge_unconfirmed, send_scheduled

        schedule.register(
            "newsletter.purge_unconfirmed", purge_unconfirmed, schedule.daily(time(4, 20))
        )
        schedule.register("newsletter.digest", send_digest, digest_schedule())
        schedule.register("newsletter.send_scheduled", send_scheduled, schedule.every(minutes=1))
