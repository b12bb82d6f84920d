from django.apps import AppConfig


class LegalAffairsConfig(AppConfig):
    name = "fazhi.legal_affairs"
    label = "legal_affairs"
    verbose_name = "法律事务与建议提案"
