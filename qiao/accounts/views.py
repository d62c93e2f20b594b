"""Sign-in, sign-up and settings pages.

One flow serves both sign-in and sign-up: number → code → (new numbers only)
handle and name. Whether a number has an account is only revealed after its
owner has typed the code we texted to it.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qiao.core.ratelimit import RateLimited, client_ip

from . import services
from .forms import CodeForm, NewAccountForm, PasswordForm, PasswordLoginForm, PhoneForm, ProfileForm
from .phones import format_phone
from .sms import SmsError

FLOW_KEY = "accounts_flow"  # {"phone", "purpose", "mode", "next"}: a code was sent
SIGNUP_KEY = "accounts_signup"  # {"phone", "at", "next"}: a new number was verified
SIGNUP_WINDOW_SECONDS = 30 * 60


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""


def _after_login_url(request: HttpRequest, next_url: str = "") -> str:
    return _safe_next(request, next_url) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _sign_in(request: HttpRequest, user) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if user.interface_language:
        request.session["interface_language"] = user.interface_language


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service's errors on the form fields they name (others on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _limited(form, exc: RateLimited) -> int:
    form.add_error(None, exc.message)
    return 429


def _render(
    request, template: str, context: dict, status: int = 200, retry_after: int | None = None
):
    """Render a form page; a page showing form errors answers 400 (429/503 kept as given)."""
    forms_ = [
        value
        for value in context.values()
        if hasattr(value, "errors") and hasattr(value, "is_bound")
    ]
    if status == 200 and any(form.is_bound and form.errors for form in forms_):
        status = 400
    response = render(request, template, context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _send(request: HttpRequest, phone: str, purpose: str) -> None:
    sent = services.send_code(phone, purpose, client_ip(request))
    if sent.debug_code:
        messages.info(request, _("Demo mode: your code is %(code)s") % {"code": sent.debug_code})


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    return _phone_step(request, "login")


@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    return _phone_step(request, "signup")


def _phone_step(request: HttpRequest, mode: str) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(_after_login_url(request, next_url))
    form = PhoneForm(request.POST or None)
    status, retry_after = 200, None
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["e164"]
        purpose = services.purpose_for(phone)
        try:
            _send(request, phone, purpose)
        except RateLimited as exc:
            status, retry_after = _limited(form, exc), exc.retry_after
        except SmsError as exc:
            form.add_error(None, str(exc))
            status = 503
        else:
            request.session.pop(SIGNUP_KEY, None)
            request.session[FLOW_KEY] = {
                "phone": phone,
                "purpose": purpose,
                "mode": mode,
                "next": next_url,
            }
            return redirect("accounts:verify")
    context = {"form": form, "mode": mode, "next": next_url}
    return _render(request, "accounts/phone.html", context, status, retry_after)


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    flow = request.session.get(FLOW_KEY)
    if not flow:
        return redirect("accounts:login")
    phone, purpose = flow["phone"], flow["purpose"]
    form = CodeForm(
        request.POST if request.method == "POST" and "resend" not in request.POST else None
    )
    status, retry_after, resend_error = 200, None, ""
    if request.method == "POST" and "resend" in request.POST:
        try:
            _send(request, phone, purpose)
        except RateLimited as exc:
            status, retry_after, resend_error = 429, exc.retry_after, exc.message
        except SmsError as exc:
            status, resend_error = 503, str(exc)
        else:
            messages.success(request, _("We sent you a new code."))
            return redirect("accounts:verify")
    elif request.method == "POST" and form.is_valid():
        try:
            user = services.authenticate_with_code(
                phone, purpose, form.cleaned_data["code"], client_ip(request)
            )
        except RateLimited as exc:
            status, retry_after = _limited(form, exc), exc.retry_after
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            del request.session[FLOW_KEY]
            if user is not None:
                _sign_in(request, user)
                if flow["mode"] == "signup":
                    messages.info(
                        request, _("This number already has an account, so we signed you in.")
                    )
                return redirect(_after_login_url(request, flow.get("next", "")))
            request.session[SIGNUP_KEY] = {
                "phone": phone,
                "at": time.time(),
                "next": flow.get("next", ""),
            }
            if flow["mode"] == "login":
                messages.info(
                    request, _("No account uses this number yet. Create one in a few seconds.")
                )
            return redirect("accounts:signup_profile")
    context = {
        "form": form,
        "resend_error": resend_error,
        "phone_display": format_phone(phone),
        "mode": flow["mode"],
    }
    return _render(request, "accounts/verify.html", context, status, retry_after)


@require_http_methods(["GET", "POST"])
def signup_profile_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SIGNUP_KEY)
    if not pending or time.time() - pending["at"] > SIGNUP_WINDOW_SECONDS:
        request.session.pop(SIGNUP_KEY, None)
        messages.info(request, _("Confirm your phone number first."))
        return redirect("accounts:signup")
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_account(
                pending["phone"],
                data["handle"],
                data["display_name"],
                password=data["password"] or None,
                interface_language=request.session.get("interface_language", ""),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            del request.session[SIGNUP_KEY]
            _sign_in(request, user)
            messages.success(request, _("Welcome to Qiao, %(name)s!") % {"name": user.name})
            return redirect(_after_login_url(request, pending.get("next", "")))
    context = {"form": form, "phone_display": format_phone(pending["phone"])}
    return _render(request, "accounts/signup_profile.html", context)


@require_http_methods(["GET", "POST"])
def login_password_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(_after_login_url(request, next_url))
    form = PasswordLoginForm(request.POST or None)
    status, retry_after = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_with_password(
                form.cleaned_data["e164"], form.cleaned_data["password"], client_ip(request)
            )
        except RateLimited as exc:
            status, retry_after = _limited(form, exc), exc.retry_after
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _sign_in(request, user)
            return redirect(_after_login_url(request, next_url))
    context = {"form": form, "next": next_url}
    return _render(request, "accounts/login_password.html", context, status, retry_after)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    language = request.session.get("interface_language", "")
    logout(request)
    if language:  # signing out should not switch the page's language
        request.session["interface_language"] = language
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile_form = ProfileForm(initial=ProfileForm.initial_for(user))
    password_form = PasswordForm(user=user)
    if request.method == "POST" and request.POST.get("action") == "password":
        password_form = PasswordForm(request.POST, user=user)
        if password_form.is_valid():
            try:
                services.change_password(
                    user,
                    password_form.cleaned_data["new_password"],
                    password_form.cleaned_data.get("current_password"),
                )
            except ValidationError as exc:
                _add_errors(password_form, exc)
            else:
                update_session_auth_hash(request, user)
                messages.success(request, _("Your password is saved."))
                return redirect("accounts:settings")
    elif request.method == "POST":
        profile_form = ProfileForm(
            request.POST, request.FILES, initial=ProfileForm.initial_for(user)
        )
        if profile_form.is_valid():
            data = profile_form.cleaned_data
            upload, remove = data.pop("avatar"), data.pop("remove_avatar")
            avatar = upload or (False if remove else None)
            try:
                services.update_profile(user, avatar=avatar, **data)
            except ValidationError as exc:
                _add_errors(profile_form, exc)
            else:
                request.session["interface_language"] = user.interface_language
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:settings")
    context = {
        "profile_form": profile_form,
        "password_form": password_form,
        "phone_display": format_phone(user.phone),
    }
    return _render(request, "accounts/settings.html", context)
