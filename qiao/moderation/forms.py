"""Forms of the moderation pages; validation beyond field shapes is in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import MAX_DETAILS, MAX_REASON_TEXT, MAX_RULE_PATTERN, Reason, Rule
from .services import MAX_SUSPEND_DAYS, QUEUE_ACTIONS, ModerationAction


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Reason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_DETAILS}),
        help_text=_("Anything that helps the moderators, in any language."),
    )


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, ModerationAction.Action(a).label) for a in QUEUE_ACTIONS],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_REASON_TEXT}),
    )
    days = forms.IntegerField(
        label=_("Days"), required=False, min_value=1, max_value=MAX_SUSPEND_DAYS
    )


def _languages() -> list[tuple[str, str]]:
    return [("", _("Every language"))] + [(code, code) for code in settings.QIAO_CONTENT_LANGUAGES]


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ("type", "pattern", "outcome", "lang", "homophones", "is_active", "note")
        widgets = {
            "pattern": forms.TextInput(attrs={"maxlength": MAX_RULE_PATTERN, "autocomplete": "off"})
        }
        help_texts = {
            "pattern": _(
                "Words match whole words (Chinese via word segmentation; add * for a prefix: "
                "fuck*). Pinyin matches Chinese written in any characters that sound alike, and the "
                "same spelled in Latin letters. Regular expressions see the text lower-cased, "
                "Simplified, full-width letters made plain, and again without spaces or punctuation."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lang"] = forms.ChoiceField(
            label=_("Language"), choices=_languages(), required=False
        )


class TestTextForm(forms.Form):
    text = forms.CharField(
        label=_("Try a text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    lang = forms.ChoiceField(label=_("Language"), choices=_languages, required=False)


class SurgeForm(forms.Form):
    surge_mode = forms.BooleanField(label=_("Surge mode"), required=False)
    reason = forms.CharField(label=_("Why"), required=False, max_length=MAX_REASON_TEXT)
