"""Settings for the benchmarks only: the product's settings plus a URLconf with a bare view.

Nothing here is used by the product; `bench/member_list.py` points gunicorn at this module.
"""

from tienphong.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.bench_urls"
