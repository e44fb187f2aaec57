"""My notifications: each person turns the editorial emails on or off themself."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["workflow_emails"]


@login_required
def notifications_view(request):
    preference = NotificationPreference.objects.filter(user=request.user).first()
    preference = preference or NotificationPreference(user=request.user)
    # An unticked box posts nothing: an empty POST is still a submission.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        if preference.workflow_emails:
            messages.success(request, "Notifications are on: you will get these emails.")
        else:
            messages.success(request, "Notifications are off: you will get none of these emails.")
        return redirect("notifications")
    return render(request, "registration/notifications.html", {"form": form})
