"""Forms for proposals, reviews and reader preferences. Checks beyond shape are in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import glossary
from .models import LANGUAGE_CHOICES, REGISTER_CHOICES, EntryFields, ReaderPreferences


def _max(name: str) -> int:
    return EntryFields._meta.get_field(name).max_length


class ListField(forms.CharField):
    """A comma-separated list ("永远的神, 永远滴神"), also split on Chinese commas."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [
            part.strip()
            for part in text.replace("，", ",").replace("、", ",").split(",")
            if part.strip()
        ]

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return value


class ServiceErrorsMixin:
    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the matching fields."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class ProposalForm(ServiceErrorsMixin, forms.Form):
    term = forms.CharField(label=_("Term"), max_length=_max("term"))
    lang = forms.ChoiceField(label=_("Used in"), choices=LANGUAGE_CHOICES)
    aliases = ListField(
        label=_("Other spellings"), required=False, max_length=600,
        help_text=_("Separated by commas. Case and full-width letters are ignored anyway."),
    )  # fmt: skip
    pinyin = forms.CharField(
        label=_("Pinyin"), required=False, max_length=_max("pinyin"),
        help_text=_("Tone marks, one syllable per character (pò fáng). Left empty, it is filled in for you."),
    )  # fmt: skip
    expansion = forms.CharField(
        label=_("Full form"), required=False, max_length=_max("expansion"),
        help_text=_("What an abbreviation, number or emoji stands for: yyds → 永远的神."),
    )  # fmt: skip
    literal = forms.CharField(
        label=_("Literal gloss"), max_length=_max("literal"),
        help_text=_("Word for word, in the other language."),
    )  # fmt: skip
    meaning_en = forms.CharField(
        label=_("Meaning in English"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    meaning_zh = forms.CharField(
        label=_("Meaning in Chinese"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    translation_en = forms.CharField(
        label=_("Short English rendering"), max_length=_max("translation_en"),
        help_text=_("What a translation should say instead: yyds → “the GOAT”."),
    )  # fmt: skip
    translation_zh = forms.CharField(
        label=_("Short Chinese rendering"), max_length=_max("translation_zh")
    )
    register = forms.ChoiceField(label=_("Register"), choices=REGISTER_CHOICES)
    example = forms.CharField(
        label=_("Example sentence"), max_length=_max("example"),
        help_text=_("Write your own sentence using the term; never copy one."),
    )  # fmt: skip
    example_translation = forms.CharField(
        label=_("Its translation"), max_length=_max("example_translation")
    )
    tags = forms.MultipleChoiceField(
        label=_("Tags"), choices=[(t, t) for t in sorted(glossary.TAGS)], widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Usage notes"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ambiguous = forms.BooleanField(
        label=_("It is also an everyday word or number"), required=False,
        help_text=_("Then it is only marked where the context shows it is slang."),
    )  # fmt: skip
    rationale = forms.CharField(
        label=_("Why this change?"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    ENTRY_NAMES = (
        "term", "lang", "aliases", "pinyin", "expansion", "literal", "meaning_en", "meaning_zh",
        "translation_en", "translation_zh", "register", "example", "example_translation", "tags",
        "notes", "ambiguous",
    )  # fmt: skip

    def entry_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ENTRY_NAMES}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note for the author"), required=False, max_length=500)


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        coerce=int, choices=[("1", "up"), ("-1", "down"), ("0", "withdraw")]
    )


class PreferencesForm(ServiceErrorsMixin, forms.Form):
    mark_slang = forms.BooleanField(
        label=_("Mark slang terms"), required=False,
        help_text=_("Underline slang and memes in notes and comments; tap one for its meaning."),
    )  # fmt: skip
    show_pinyin = forms.BooleanField(
        label=_("Show pinyin above Chinese"), required=False,
        help_text=_("Readings fit the word: 行 is háng in 银行. Tap a word for its dictionary entry."),
    )  # fmt: skip
    script = forms.ChoiceField(
        label=_("Chinese characters"),
        choices=ReaderPreferences.Script.choices,
        widget=forms.RadioSelect,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the glossary"), required=False, max_length=100)
    lang = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *LANGUAGE_CHOICES]
    )
    register = forms.ChoiceField(
        label=_("Register"), required=False, choices=[("", _("Any")), *REGISTER_CHOICES]
    )
    tag = forms.ChoiceField(
        label=_("Tag"),
        required=False,
        choices=[("", _("Any"))] + [(t, t) for t in sorted(glossary.TAGS)],
    )
