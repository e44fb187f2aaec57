"""Background tasks on a queue kept in the database, and what the queue itself lacks.

Django's tasks framework (`django.tasks`) with django-tasks-db's database backend holds the
queue; this app adds, on top of it: retries with backoff for passing errors (`retry.py`),
a lease each running task's worker renews and a reaper that queues again the tasks of a
worker that died (`leases.py`, `worker.py`, `manage.py run_worker`), periodic jobs that
apps register in `ready()` and one scheduler at a time enqueues (`schedule.py`, `manage.py
run_scheduler`), an email task (`email.py`), the admin's list of tasks with "Run again",
and a supervisor that runs the site beside its worker and scheduler (`supervisor.py`).
"""
