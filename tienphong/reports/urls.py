from django.urls import path

from . import views, views_ranking

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pivot/", views.pivot, name="pivot"),
    path("partner/<int:pk>/", views.partner, name="partner"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("ranking/", views_ranking.ranking, name="ranking"),
    path("ranking.xlsx", views_ranking.ranking_xlsx, name="ranking_xlsx"),
    path("seed-figures/", views_ranking.seed_figures, name="seed_figures"),
]
