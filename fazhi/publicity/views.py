import importlib

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from fazhi.core.access import public_view
from fazhi.publicity.modules import MODULES


def sections() -> list[dict]:
    out = []
    for app in MODULES:
        try:
            module = importlib.import_module(f"fazhi.{app}.public_urls")
        except ModuleNotFoundError as exc:
            if exc.name != f"fazhi.{app}.public_urls":  # a broken import inside the module fails loudly
                raise
            continue
        for section in getattr(module, "PUBLIC_SECTIONS", []):
            try:
                url = reverse(f"publicity:public_{app}:{section['url_name']}")
            except NoReverseMatch:
                continue
            out.append({**section, "url": url})
    return out


@public_view
def index(request):
    return render(request, "publicity/index.html", {"sections": sections()})
