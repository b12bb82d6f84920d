from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "fazhi.registry"
    label = "registry"
    verbose_name = "市场主体登记"
