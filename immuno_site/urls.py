from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm
from immuno_site import views

handler400 = views.bad_request
handler404 = views.page_not_found
handler500 = views.server_error

admin.site.site_header = "Administration du site santé"
admin.site.site_title = "Administration"
admin.site.index_title = "Articles et avis des lecteurs"
# The log-in asks for the code of an authenticator app from accounts that have one (accounts/).
admin.site.login_form = AdminLoginForm
admin.site.login_template = "accounts/login.html"

urlpatterns = [
    path("admin/double-authentification/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("avis/", include("feedback.urls")),
    path("", include("articles.urls")),
    path("", include("seo.urls")),
    # Last: the site's own pages at /<slug>/, never an address taken above.
    path("", include("site_pages.urls")),
]

if settings.BENCH_VIEW:
    urlpatterns += [
        path("bench/bare", views.bare, name="bench-bare"),
        path("bench/reference/<slug:slug>/", views.reference_article, name="bench-reference"),
    ]
