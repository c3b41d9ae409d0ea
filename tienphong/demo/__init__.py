"""The demo: a believable Ninh Bình, loaded by `manage.py load_demo` (`make run`).

It sits at the top of the layer order: it may import any app, and no app imports it. It is loaded in
parts, each a module that writes what its pages need and only what is missing (so a second run
creates nothing), from a fixed seed:

- `tree.py`   the plan: units, members, teams and one login per role (word lists in `names.py`);
- `field.py`  places, citizens helped, literacy classes, campaigns and youth works (`field_data.py`);
- `public.py` relics and red addresses, wifi points and digital libraries, OCOP products, their QR
  codes (`public_data.py`);
- `figures.py`, `competence.py`, `partners.py`, `events.py`: the seeds' figures, self-assessments, the partner
  register, the congress, forum and training;
- `contests.py` the idea contest of 2026 judged and published, a contest open for entries, its jury's logins,
  and the ecosystem (experts, mentor matches, projects, startups) (`contests_data.py`).

`loader.load_demo()` calls the parts in that order inside one transaction, rebuilds the rollups once
(the parts write in bulk, past the services that keep them) and prints each part's summary, the time
taken and the logins.

A part has `load_<part>(...) -> dict` (what it created, what the province now holds) and
`<part>_summary(result, ...) -> str`. It imports the parts it builds on (field imports tree, public
imports field), never a later part and never the loader. A new part is added
the same way: a module `demo/<part>.py`, its data beside it, one call and one summary line in
`loader.load_demo`, after the parts it reads.
"""
