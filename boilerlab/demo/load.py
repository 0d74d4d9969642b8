"""Loading the demo district into a database: generated, then imported exactly as uploaded files would be."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from boilerlab.db.accounts import add_demo_accounts
from boilerlab.db.imports import import_file
from boilerlab.db.models import Campaign
from boilerlab.db.permissions import DEMO_LOADER, Who
from boilerlab.db.monitoring import import_monitoring
from boilerlab.db.risk import classify_units
from boilerlab.demo.campaign import NAME, STATUS_DATE, load_demo_campaign
from boilerlab.demo.district import generate_demo
from boilerlab.demo.monitoring import monitoring_export
from boilerlab.demo.vehicles import demo_vehicles
from boilerlab.intake.rows import ImportReport


def load_demo(sessions: sessionmaker[Session], seed: int = 2024, who: Who = DEMO_LOADER) -> list[ImportReport]:
    """Generate the demo district and its in-plant vehicles (:mod:`boilerlab.demo.vehicles`), import them exactly as
    uploaded files would be, run its 2024 campaign (:mod:`boilerlab.demo.campaign`) up to the end of September,
    import the 2024 online data of twenty key gas boilers (:mod:`boilerlab.demo.monitoring`), classify the units by
    credit risk at the end of September (the campaign's draw classified them at its start), and add one demo
    account per role."""
    frames = generate_demo(seed)
    reports = []
    for kind, key in (("units", "units"), ("boilers", "boilers"), ("tests", "tests"), ("fuel-use", "fuel_use"),
                      ("unit-events", "unit_events")):
        content = frames[key].to_csv(index=False).encode("utf-8")
        reports.append(import_file(sessions, kind, content, f"demo-{kind}-seed{seed}.csv", who=who))
    vehicles = demo_vehicles(frames["units"], seed).to_csv(index=False).encode("utf-8")
    reports.append(import_file(sessions, "vehicles", vehicles, f"demo-vehicles-seed{seed}.csv", who=who))
    with sessions() as session:
        have_campaign = session.scalar(select(Campaign).where(Campaign.name == NAME.format(year=2024))) is not None
    if not have_campaign:  # loading the demo again adds nothing
        load_demo_campaign(sessions, year=2024, seed=seed, who=who)  # classifies the units as of its start
        export = monitoring_export(frames["boilers"], frames["units"], frames["tests"], seed)
        import_monitoring(sessions, export.to_csv(index=False).encode("utf-8"), f"demo-monitoring-seed{seed}.csv",
                          who=who)
        classify_units(sessions, STATUS_DATE, who=who)  # and again at the demo's status date, online hours counted
    add_demo_accounts(sessions, who=who)
    return reports
