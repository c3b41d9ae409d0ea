"""A juror's pages (/jury/...): the entries to score, blind, and the score sheet on a phone."""

urlpatterns: list = []
