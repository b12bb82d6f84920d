from django.apps import AppConfig


class SamplingConfig(AppConfig):
    name = "fazhi.sampling"
    label = "sampling"
    verbose_name = "抽检与专项整治"
