# English pages keep the Vietnamese date and number conventions: the data is Vietnamese.
from tienphong.formats.vi.formats import *  # noqa: F401,F403
