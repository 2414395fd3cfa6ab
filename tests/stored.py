"""Read what the platform stored under MEDIA_ROOT as a person would get it: the files are
sealed at rest (core.filecrypt), so a test opens the clear content, never the raw file."""

import io

import openpyxl
from django.conf import settings

from gonghui.core.filecrypt import unsealed_bytes


def stored_workbook(relative: str, **options) -> openpyxl.Workbook:
    return openpyxl.load_workbook(
        io.BytesIO(unsealed_bytes(settings.MEDIA_ROOT / relative)), **options
    )
