"""Officer set-up URLs for committees, members, standing items and portfolios."""

from django.urls import path

from minutebook.committees import officer_views as views

urlpatterns = [
    path("<slug:council>/committees/", views.committees, name="setup_committees"),
    path("<slug:council>/committees/new/", views.committee_new, name="setup_committee_new"),
    path("committees/<int:pk>/", views.committee, name="setup_committee"),
    path("committees/<int:pk>/delete/", views.committee_delete, name="setup_committee_delete"),
    path(
        "committees/<int:pk>/standing-items/",
        views.standing_items,
        name="setup_standing_items",
    ),
    path("committees/<int:pk>/members/", views.memberships, name="setup_memberships"),
    path("committees/<int:pk>/members/new/", views.membership_new, name="setup_membership_new"),
    path("memberships/<int:pk>/", views.membership, name="setup_membership"),
    path(
        "committees/<int:pk>/named-substitutes/",
        views.named_substitutes,
        name="setup_named_substitutes",
    ),
    path("named-substitutes/<int:pk>/", views.named_substitute, name="setup_named_substitute"),
    path(
        "named-substitutes/<int:pk>/remove/",
        views.named_substitute_remove,
        name="setup_named_substitute_remove",
    ),
    path("<slug:council>/portfolios/", views.portfolios, name="setup_portfolios"),
    path("<slug:council>/portfolios/new/", views.portfolio_new, name="setup_portfolio_new"),
    path("portfolios/<int:pk>/", views.portfolio, name="setup_portfolio"),
    path("portfolios/<int:pk>/holders/new/", views.holder_new, name="setup_holder_new"),
    path("portfolio-holders/<int:pk>/", views.holder, name="setup_holder"),
]
