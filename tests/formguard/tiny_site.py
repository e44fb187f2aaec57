"""A site with one small public form guarded by formguard, as a content app would use it.

The form takes a name; the view keeps what it accepts in `received`, checks the bots
first and then a limit of LIMIT sends per client an hour, so the tests of formguard need
no content app.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from formguard import ratelimit
from formguard.forms import GuardedForm

LIMIT = 3
THANKS = "Thank you, we have your note."
received = []

TEMPLATES = {
    "tiny/form.html": '<form method="post">{{ form.as_div }}'
    '{% include "formguard/fields.html" %}<button>Send</button></form>',
    "tiny/too_many.html": "<h1>Too many notes</h1>",
}


class NoteForm(GuardedForm, forms.Form):
    name = forms.CharField(max_length=50)


class OtherNoteForm(NoteForm):
    stamp_salt = "tests.other-note"


def form_view(form_class):
    def view(request):
        form = form_class(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return render(request, "tiny/form.html", {"form": form})
        if form.looks_automated():
            return HttpResponse(THANKS)  # what a person gets; nothing is kept
        if not ratelimit.allow_client(request, "tiny-note", LIMIT, ratelimit.HOUR):
            return ratelimit.too_many(request, "tiny/too_many.html")
        received.append(form.cleaned_data["name"])
        return HttpResponse(THANKS)

    return view


urlpatterns = [
    path("note/", form_view(NoteForm)),
    path("other-note/", form_view(OtherNoteForm)),
]
