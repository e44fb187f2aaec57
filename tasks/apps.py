from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    label = "tasks"
    verbose_name = "Background tasks"

    def ready(self):
        from datetime import time

        from . import housekeeping, schedule

        schedule.register(
            "tasks.prune_finished", housekeeping.prune_finished, schedule.daily(time(3, 10))
        )
