from django.urls import path

from fazhi.registry import views

app_name = "registry"
urlpatterns = [
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("officers/", views.officer_list, name="officer_list"),
    path("departments/", views.department_list, name="department_list"),
    path("import/", views.import_upload, name="import"),
    path("import/errors/", views.import_error_file, name="import_error_file"),
]
