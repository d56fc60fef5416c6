from django.urls import path

from site_pages import views

app_name = "site_pages"

# Included last in the site's URLconf: a page's address never hides another (see
# models.validate_free_address).
urlpatterns = [
    path("<slug:slug>/", views.site_page, name="page"),
]
