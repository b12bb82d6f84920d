"""Public pages (公示), no login. Each module contributes ``public_urls.py`` mounted here as
``/public/<module>/`` with the namespace ``public_<module>`` and a ``PUBLIC_SECTION`` dict
(title, description, url name) shown on the portal index."""

import importlib

from django.urls import URLPattern, URLResolver, include, path

from fazhi.publicity import views
from fazhi.publicity.modules import MODULES

app_name = "publicity"

urlpatterns: list[URLPattern | URLResolver] = [path("", views.index, name="index")]

for _app in MODULES:
    try:
        importlib.import_module(f"fazhi.{_app}.public_urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"fazhi.{_app}.public_urls":
            raise
        continue
    urlpatterns.append(path(f"{_app}/", include((f"fazhi.{_app}.public_urls", f"public_{_app}"))))
