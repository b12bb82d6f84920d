import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after the application set Django up)

if settings.PRODUCTION:
    from fazhi.core import crypto

    crypto.check_keys()  # no personal-data key: refuse to serve rather than fail at the first phone number
