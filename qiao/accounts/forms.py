"""Web forms. They check shape; the rules live in services and phones."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from qiao.core.languages import LANGUAGE_NAMES

from . import phones, services


class PhoneForm(forms.Form):
    """Country select plus number; ``cleaned_data["e164"]`` is the normalised number."""

    region = forms.ChoiceField(
        label=_("Country or region"), widget=forms.Select(attrs={"class": "phone-region"})
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=phones.MAX_INPUT_LENGTH,
        widget=forms.TextInput(
            attrs={
                "class": "phone-number",
                "inputmode": "tel",
                "autocomplete": "tel",
                "placeholder": _("Mobile number"),
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language()
        self.fields["region"].choices = phones.country_choices(language)
        self.fields["region"].initial = phones.default_region(language)

    def clean(self):
        data = super().clean()
        if "phone" in data:
            try:
                data["e164"] = phones.normalize_phone(data["phone"], data.get("region"))
            except ValidationError as exc:
                self.add_error("phone", exc)
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "code-input",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "placeholder": "000000",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        return services.normalize_code(self.cleaned_data["code"])


class PasswordLoginForm(PhoneForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class NewAccountForm(forms.Form):
    """The last sign-up step, after the number is verified."""

    handle = forms.CharField(
        label=_("Handle"),
        max_length=31,
        help_text=_("Your @name: 3–30 lowercase letters, digits or underscores."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "autocomplete": "username", "spellcheck": "false"}
        ),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=services.DISPLAY_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password = forms.CharField(
        label=_("Password (optional)"),
        required=False,
        strip=False,
        help_text=_("Lets you sign in without a text message."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=services.DISPLAY_NAME_MAX)
    handle = forms.CharField(label=_("Handle"), max_length=31)
    avatar = forms.FileField(
        label=_("Profile photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_avatar = forms.BooleanField(
        label=pgettext_lazy("profile photo", "Remove photo"), required=False
    )
    bio = forms.CharField(
        label=_("Bio"),
        required=False,
        # Length is checked by services.clean_bio, after newlines are normalised.
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.BIO_MAX}),
    )
    interface_language = forms.ChoiceField(label=_("Interface language"), required=False)
    read_languages = forms.MultipleChoiceField(
        label=_("Languages I read"),
        required=True,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Notes in other languages get a translate button."),
    )
    auto_translate = forms.BooleanField(
        label=_("Translate other languages automatically"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interface_language"].choices = [
            ("", _("Same as my browser")),
            *settings.LANGUAGES,
        ]
        self.fields["read_languages"].choices = [
            (code, LANGUAGE_NAMES.get(code, code)) for code in settings.QIAO_CONTENT_LANGUAGES
        ]

    @classmethod
    def initial_for(cls, user) -> dict:
        return {
            "display_name": user.display_name,
            "handle": user.handle,
            "bio": user.bio,
            "interface_language": user.interface_language,
            "read_languages": user.read_languages,
            "auto_translate": user.auto_translate,
        }


class PasswordForm(forms.Form):
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            del self.fields["current_password"]

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("The two passwords don't match."))
        return data
