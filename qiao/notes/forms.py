"""Compose and edit forms. They shape the input; qiao.notes.services has the final word."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qiao.core.languages import LANGUAGE_NAMES, content_languages

from .images import ACCEPT_ATTRIBUTE
from .models import MAX_BODY, MAX_LOCATION, MAX_TITLE, Note


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one ``<input type=file multiple>``; their content is checked by the service."""

    widget = MultipleImageInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list:
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleImageField, self).clean(item, initial) for item in files if item]


def language_choices() -> list[tuple[str, str]]:
    return [("", _("Detect automatically"))] + [
        (code, LANGUAGE_NAMES.get(code, code)) for code in content_languages()
    ]


class NoteForm(forms.Form):
    images = MultipleImageField(
        label=_("Photos"),
        help_text=_("1–9 photos: JPEG, PNG or WebP."),
        widget=MultipleImageInput(attrs={"accept": ACCEPT_ATTRIBUTE, "data-note-images": ""}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        widget=forms.TextInput(attrs={"placeholder": _("A catchy title"), "data-counter": ""}),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,  # the service normalises line breaks before counting
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "maxlength": MAX_BODY,
                "placeholder": _(
                    "Share the story behind your photos. Add #topics and @mention people."
                ),
                "data-autogrow": "",
            }
        ),
    )
    location = forms.CharField(
        label=_("Location"),
        required=False,
        max_length=MAX_LOCATION,
        widget=forms.TextInput(attrs={"placeholder": _("Where was this?")}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Note.Visibility.choices, initial=Note.Visibility.PUBLIC
    )
    lang = forms.ChoiceField(
        label=_("Language of the note"),
        required=False,
        help_text=_("Used to offer translations to readers of other languages."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lang"].choices = language_choices()
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"

    def note_fields(self) -> dict:
        """The cleaned fields as keyword arguments for create_note/update_note."""
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "body", "location", "visibility", "lang")}

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the matching fields (or above the form)."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class NoteEditForm(NoteForm):
    """Like NoteForm; photos are optional because kept photos count too."""

    def __init__(self, *args, note: Note, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": note.title,
                "body": note.body,
                "location": note.location,
                "visibility": note.visibility,
                "lang": note.lang if note.lang_set_by_author else "",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["images"].label = _("Add photos")
        self.fields["images"].help_text = _("Up to 9 photos in all.")
