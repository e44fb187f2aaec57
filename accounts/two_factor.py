"""Optional two-factor sign-in (TOTP authenticator apps) with django-otp.

Anyone may turn it on at /accounts/two-factor/. From then on both log-in pages
ask for the current code as well as the password, and the admin only opens for
sessions that gave one. Accounts without it sign in with their password alone.
"""

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

CODE_HELP = "The 6-digit code your authenticator app shows now."


def code_field(**kwargs):
    return forms.CharField(
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        **kwargs,
    )


def clean_code(value):
    return "".join((value or "").split())


class LoginForm(AuthenticationForm):
    """The password form, plus the code for accounts that turned two-factor sign-in on."""

    otp_token = code_field(
        label="Authentication code",
        required=False,
        help_text="Only if you turned on two-factor sign-in: "
        + CODE_HELP[0].lower()
        + CODE_HELP[1:],
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        devices = list(devices_for_user(user)) if user is not None else []
        if not devices:
            return cleaned
        token = clean_code(cleaned.get("otp_token"))
        device = next((d for d in devices if token and d.verify_token(token)), None)
        if device is None:
            # Counted like a wrong password, so the code cannot be guessed either.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise ValidationError(
                "This account uses two-factor sign-in: enter the code your authenticator "
                "app shows now, with your password.",
                code="otp_required",
            )
        user.otp_device = device  # django-otp marks the session verified on login
        return cleaned


def satisfied(request):
    """True unless the user has two-factor sign-in and this session did not use it."""
    user = request.user
    return user.is_verified() or not user_has_device(user)


class CodeForm(forms.Form):
    code = code_field(label="Authentication code", help_text=CODE_HELP)

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = clean_code(self.cleaned_data["code"])
        if not self.device.verify_token(code):
            raise ValidationError(
                "That code did not match. Check the time on your phone is right and try the "
                "newest code.",
                code="invalid_code",
            )
        return code


@never_cache  # the page shows a secret key
@login_required
def settings_view(request):
    enabled = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if enabled:
        form = CodeForm(enabled, request.POST or None)
        if request.method == "POST" and form.is_valid():
            enabled.delete()
            messages.success(
                request, "Two-factor sign-in is off. Your password alone now signs you in."
            )
            return redirect("two-factor")
        return render(request, "registration/two_factor.html", {"enabled": True, "form": form})

    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(
            request, "Two-factor sign-in is on. You will be asked for a code each time you log in."
        )
        return redirect("two-factor")
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            "config_url": device.config_url,
        },
    )
