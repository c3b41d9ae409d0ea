from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Value
from django.db.models.functions import Concat

# Up to this many matches a search is cheapest read through its index and sorted; past it,
# walking the sort index and filtering is (both databases tend to pick the walk either way).
SMALL_RESULT = 2000


def paginate(request, queryset, per_page: int | None = None):
    """The page named by ?page= (out-of-range and junk fall back to the nearest page)."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


def paginate_search(request, queryset, order: list[str], per_page: int | None = None):
    """Like `paginate` for a searched list ordered by indexed columns (`order`).

    The count comes first; when it is small, the order is given as an expression so the planner
    cannot walk the order's index (it would test thousands of rows against the search).
    """
    paginator = Paginator(queryset.order_by(*order), per_page or settings.PAGE_SIZE)
    if paginator.count <= SMALL_RESULT:
        paginator.object_list = queryset.order_by(Concat(F(order[0]), Value("")), *order[1:])
    return paginator.get_page(request.GET.get("page"))
