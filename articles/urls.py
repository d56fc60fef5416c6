from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("recherche/", views.search_results, name="search"),
    path("relecture/<str:token>/", views.review_link, name="review_link"),
    path("auteurs/<slug:slug>/", views.person, name="person"),
    path("themes/", views.topic_list, name="topics"),
    path("themes/<slug:slug>/", views.topic, name="topic"),
    # MEDIA_URL: one name, no folder (`str` stops at a slash), checked again by the view.
    path("media/personnes/<str:name>", views.person_photo, name="person_photo"),
]
