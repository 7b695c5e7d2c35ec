from django.urls import path

from . import views, wizard

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("client/", views.client_entry, name="login"),
    path("client/logout/", views.logout_view, name="logout"),
    path("client/home/", views.client_home, name="client_home"),
    path(
        "client/documents/<uuid:pk>/download/",
        views.document_download,
        name="document_download",
    ),
    path("verify/", views.verify, name="verify"),
    path("register/", wizard.register_menu, name="register"),
    path("register/letter.<str:fmt>", wizard.letter_template, name="letter_template"),
    path("register/new/", wizard.prepare, name="reg_prepare"),
    path("register/new/basic/", wizard.basic, name="reg_basic"),
    path("register/new/phone/", wizard.phone, name="reg_phone"),
    path("register/new/account/", wizard.account, name="reg_account"),
    path("register/new/upload/", wizard.upload, name="reg_upload"),
    path("register/status/", wizard.status, name="reg_status"),
]
