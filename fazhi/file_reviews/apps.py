from django.apps import AppConfig


class FileReviewsConfig(AppConfig):
    name = "fazhi.file_reviews"
    label = "file_reviews"
    verbose_name = "案卷评查"
