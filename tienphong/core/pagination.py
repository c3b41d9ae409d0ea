from django.conf import settings
from django.core.paginator import Paginator

# Up to this many matches, a search is cheapest read once through its index and sorted here;
# past it, the database walks the sort index and filters.
SMALL_RESULT = 5000


def paginate(request, queryset, per_page: int | None = None):
    """The page named by ?page= (out-of-range and junk fall back to the nearest page)."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


def paginate_search(request, queryset, order: list[str], select_related=(), per_page: int | None = None):
    """Like `paginate` for a searched list, with one pass over the search index instead of two.

    The matches' keys and sort columns are read once (they give the count), sorted in Python
    (`order` must be columns that sort the same in Python as in the database), and only the
    page's rows are loaded. A search matching more than SMALL_RESULT rows falls back to `paginate`.
    """
    keys = list(queryset.order_by().values_list("pk", *order)[:SMALL_RESULT + 1])
    if len(keys) > SMALL_RESULT:
        return paginate(request, queryset.select_related(*select_related).order_by(*order), per_page)
    keys.sort(key=lambda row: row[1:])
    page = Paginator([row[0] for row in keys], per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queryset.model._default_manager.select_related(*select_related).in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list]
    return page
