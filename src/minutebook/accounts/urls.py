"""Sign-in pages under /accounts/."""

from django.urls import path

from minutebook.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/verify/", views.verify, name="verify"),
    path("two-factor/enrol/", views.enrol, name="enrol"),
    path("two-factor/setup/", views.otp_setup, name="otp-setup"),
]
