"""The page side of a payment list's bank file and bank return (core.importing.bank_return):
the download with or without whole accounts, and the return's upload into the import
pipeline. Each app's views look the list up and name their services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from gonghui.core.downloads import content_download
from gonghui.core.views_utils import run_service


class DownloadForm(forms.Form):
    full = forms.BooleanField(
        label="导出完整银行账号", required=False, help_text="完整账号的导出将记入审计日志。"
    )


class ReturnUploadForm(forms.Form):
    file = forms.FileField(
        label="银行回盘文件",
        help_text="Excel或CSV，需有「申请编号」「结果」两列（结果填成功/失败或1/0），可有「失败原因」「日期」。",
        error_messages={"required": "请选择银行回盘文件。"},
    )
    dry_run = forms.BooleanField(label="试导入（只检查，不写入）", required=False)


def bank_file_download(request, make_file: Callable[[bool], tuple[bytes, str]]) -> HttpResponse:
    """`make_file(full)` gives the file and its name (the service checks `full`, audits)."""
    form = DownloadForm(request.GET or None)
    content, name = make_file(bool(form.is_valid() and form.cleaned_data["full"]))
    return content_download(content, name=name)


def bank_return_upload(request, start: Callable[..., Any], back: str) -> HttpResponse:
    """The return's file into `start(upload=, dry_run=)` (the service: permission, scope,
    import_start); on to the run's page, or back to the list's page `back` with the errors."""
    form = ReturnUploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        run = run_service(form, lambda: start(upload=data["file"], dry_run=data["dry_run"]))
        if run:
            return redirect("importing:import_detail", run.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(back)
