"""Attached minutes: which files are accepted (by their content, not only their name), and how
they are handed back."""

from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models.meetings import MINUTES_FILE_LIMIT

ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Extension → (content type, what the file's first bytes must be; None for plain text).
ACCEPTED = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
    ),
    ".doc": ("application/msword", OLE),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".txt": ("text/plain; charset=utf-8", None),
}


def check_minutes_file(upload):
    """The content type of an acceptable minutes file; a ValidationError saying why otherwise."""
    if upload.size > MINUTES_FILE_LIMIT:
        raise forms.ValidationError(
            _("The file is %(size)s; minutes may be up to %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MINUTES_FILE_LIMIT)}
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ACCEPTED:
        raise forms.ValidationError(
            _("Attach the minutes as PDF, Word (.docx, .doc), OpenDocument (.odt) or text (.txt).")
        )
    content_type, magic = ACCEPTED[extension]
    upload.seek(0)
    data = upload.read()
    if magic is not None and not data.startswith(magic):
        raise forms.ValidationError(
            _("The file's content is not a %(kind)s document, whatever its name says.")
            % {"kind": extension.lstrip(".").upper()}
        )
    if magic is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            raise forms.ValidationError(_("A .txt file must be plain text in UTF-8."))
    return content_type
