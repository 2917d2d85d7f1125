"""Form helpers shared by the staff pages of several apps."""

from django.core.exceptions import ValidationError


def errors_into(form, error: ValidationError) -> None:
    """Put a service's ValidationError on `form`: each field's messages on that field when the
    form has it, every other message on the form as a whole. Returns None; raises nothing."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
