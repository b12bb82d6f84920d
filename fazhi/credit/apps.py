from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "fazhi.credit"
    label = "credit"
    verbose_name = "信用监管"
