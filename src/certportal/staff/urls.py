from django.urls import path

from .views import auth, home, issuing, review

app_name = "staff"

urlpatterns = [
    path("", home.dashboard, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("registrations/", review.queue, name="queue"),
    path("registrations/<uuid:pk>/", review.registration_detail, name="registration"),
    path("registrations/<uuid:pk>/approve/", review.approve, name="approve"),
    path("registrations/<uuid:pk>/reject/", review.reject, name="reject"),
    path(
        "registrations/<uuid:pk>/letters/<uuid:letter_id>/pages/<int:number>.png",
        review.letter_page,
        name="letter_page",
    ),
    path("documents/", issuing.document_list, name="documents"),
    path("documents/issue/", issuing.issue_start, name="issue"),
    path(
        "documents/<uuid:pk>/download/",
        issuing.document_download,
        name="document_download",
    ),
    path(
        "documents/issue/<uuid:organization_id>/",
        issuing.issue_form,
        name="issue_form",
    ),
]
