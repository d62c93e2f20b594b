from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import MAX_BOARD_NAME, Board


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_BOARD_NAME)
    description = forms.CharField(
        label=_("Description"),
        max_length=Board._meta.get_field("description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_private = forms.BooleanField(label=_("Only me (private board)"), required=False)

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the matching fields."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)
