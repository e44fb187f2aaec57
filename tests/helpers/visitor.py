"""A visitor over real HTTP (standard library only): cookies, forms and the admin's log-in,
for the tests that run the site in gunicorn, behind Varnish or not."""

import http.client
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.helpers.forms import forms_in


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name):
        return self.headers.get(name)


class Visitor:
    """One browser: keeps the cookies it is given; `source` picks the address it calls from."""

    def __init__(self, port, host="127.0.0.1", source=None):
        self.host, self.port, self.source = host, port, source
        self.cookies = {}

    def request(self, method, path, *, form=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        source = (self.source, 0) if self.source else None
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=30, source_address=source
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return Answer(response.status, response.headers, text)

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def form(self, path, form_id=None, field=None):
        """The fields of the form on `path` with this id (or holding `field`), as sent."""
        page = self.get(path)
        assert page.status == 200, f"{path} answered {page.status}"
        for form in forms_in(page.text):
            data = form.data()
            if (form_id and form.attrs.get("id") == form_id) or (field and field in data):
                return data
        raise AssertionError(f"no such form on {path}")

    def log_in_admin(self, username, password):
        data = self.form("/admin/login/", field="username")
        data |= {"username": username, "password": password}
        answer = self.request("POST", "/admin/login/", form=data)
        assert answer.status == 302, f"logging in as {username} answered {answer.status}"

    def publish(self, article):
        """Publish `article` with the admin change form's "Publish now", as an editor does."""
        url = f"/admin/articles/article/{article.pk}/change/"
        data = self.form(url, form_id="article_form") | {"_publish": "Publish now"}
        answer = self.request("POST", url, form=data)
        assert answer.status == 302, f"publishing answered {answer.status}: {answer.text[:2000]}"
        return answer


def wait_for(visitor, path, check, timeout=10):
    """Ask for `path` until `check(answer)` holds; the answer and the seconds it took."""
    started = time.monotonic()
    while True:
        answer = visitor.get(path)
        if check(answer):
            return answer, time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{path} never passed the check: {answer.status}")
        time.sleep(0.02)
