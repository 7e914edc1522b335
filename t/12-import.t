#!/usr/bin/python3
# frontdesk migrate, import and clinics: both example clinics import; broken
# copies are refused with the field named, and nothing changes.
import copy, json, os, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import fdtest

t = fdtest.TAP()
fd = fdtest.Instance(web=False)
r = fd.cli("migrate")
t.is_(r.returncode, 0, "migrate runs again harmlessly")
t.like(r.stdout, "0 migrations applied", "and applies nothing the second time")
versions = [row[0] for row in fd.sql("SELECT version FROM schema_migrations ORDER BY version")]
t.ok(versions and versions[0] == "001", "migrations are recorded in order", versions)
bad_tables = fd.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                    "AND (engine <> 'InnoDB' OR table_collation NOT LIKE 'utf8mb4%')")
t.is_(bad_tables, [], "every table is InnoDB and utf8mb4")
nopk = fd.sql("SELECT t.table_name FROM information_schema.tables t LEFT JOIN "
              "information_schema.table_constraints c ON c.table_schema = t.table_schema AND "
              "c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY' "
              "WHERE t.table_schema = DATABASE() AND c.constraint_name IS NULL")
t.is_(nopk, [], "every table has a primary key")

for name in ("riverside-physio", "oakwood-dental"):
    r = fd.cli("import", fdtest.clinic_path(name))
    t.ok(r.returncode == 0, "%s imports" % name, r.stderr)
r = fd.cli("import", fdtest.clinic_path("riverside-physio"))
t.is_(r.returncode, 0, "importing again updates in place")
r = fd.cli("clinics")
t.like(r.stdout, "riverside-physio\tRiverside Physiotherapy", "clinics lists them")
t.is_(len(r.stdout.strip().splitlines()), 2, "two clinics, not three")
t.is_(fd.sql("SELECT COUNT(*) FROM services WHERE clinic_id = 'riverside-physio' AND active = 1"),
      [["4"]], "services have rows")

with open(fdtest.clinic_path("riverside-physio")) as f:
    good = json.load(f)
before = fd.sql("SELECT doc FROM clinics WHERE id = 'riverside-physio'")

def broken(name, change, field, raw=None):
    doc = copy.deepcopy(good)
    if change:
        change(doc)
    fh = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    fh.write(raw if raw is not None else json.dumps(doc))
    fh.close()
    r = fd.cli("import", fh.name)
    os.unlink(fh.name)
    t.ok(r.returncode != 0, name + ": refused")
    t.like(r.stderr, field, name + ": names " + field)
    t.is_(fd.sql("SELECT doc FROM clinics WHERE id = 'riverside-physio'"), before,
          name + ": nothing changed")

broken("missing id", lambda d: d.pop("id"), "id: is required")
broken("unknown time zone", lambda d: d.update(timezone="Europe/Atlantis"), "timezone: unknown time zone")
broken("negative duration", lambda d: d["services"][2].update(duration_min=-60),
       "services[2].duration_min: must be a positive integer")
broken("unknown practitioner", lambda d: d["services"][1]["practitioners"].append("nobody"),
       "services[1].practitioners[2]: unknown practitioner")
broken("wrong type", lambda d: d["booking"].update(slot_step_min="15"), "booking.slot_step_min")
broken("wrong type of a list", lambda d: d.update(languages="en"), "languages: must be an array")
broken("bad hours", lambda d: d["opening_hours"].update(mon=[["18:00", "08:00"]]),
       "opening_hours.mon[0]: must start before it ends")
broken("bad day", lambda d: d["opening_hours"].update(funday=[]), "opening_hours.funday")
broken("bad colour", lambda d: d["widget"].update(colour="teal"), "widget.colour")
broken("duplicate practitioner", lambda d: d["practitioners"].append(dict(d["practitioners"][0])),
       "practitioners[3]: duplicate id")
broken("invalid JSON", None, "invalid JSON", raw='{"id": "riverside-physio",')
broken("bad origin", lambda d: d["allowed_origins"].append("riverside-physio.example"),
       "allowed_origins[3]")
broken("a changed clinic with one bad field", lambda d: (d.update(name="Renamed"),
       d["closures"][0].update(to="2026-13-01")), "closures[0]")
r = fd.cli("import", "/nonexistent/clinic.json")
t.ok(r.returncode != 0 and "No such file" in r.stderr, "a missing file is refused clearly")
r = fd.cli("frobnicate")
t.is_(r.returncode, 2, "an unknown command: exit 2")
t.done()
