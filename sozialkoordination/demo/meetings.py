"""Demo meetings (Sozialforen, Sozialraumkonferenzen, network meetings) with invitations, attendance, agenda,
minutes, decisions, tasks and the budget applications the conferences advise on."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from sozialkoordination.core.enums import TaskStatus
from sozialkoordination.demo.actors import person_name
from sozialkoordination.demo.world import DEMO_NOTE, Raum, Series, World, display, euro, workday
from sozialkoordination.models import AgendaItem, Attendance, Decision, Invitation, Meeting, Person, Task


def make_meetings(w: World) -> None:
    series = _plan_series(w)
    for position in range(max(len(x.dates) for x in series)):
        built: list[tuple[Series, Meeting, list[AgendaItem]]] = []
        for item in series:
            if position < len(item.dates):
                meeting, agenda = _make_meeting(w, item, position)
                built.append((item, meeting, agenda))
        w.s.flush()
        for item, meeting, agenda in built:
            if meeting.meeting_date < w.today:
                _make_tasks(w, item, meeting, agenda)
    w.s.add_all(w.tasks)
    _ensure_task_mix(w)
    _update_last_activity(w)


def _plan_series(w: World) -> list[Series]:
    rng = w.rng
    today = w.today
    leading = set(w.data.persons["leading_functions"])
    series: list[Series] = []
    for i, region in enumerate(w.regions):
        raeume = w.raeume_of_region(region)
        if not raeume:
            continue
        offsets = [-680, -430, -190, 30 + 9 * i]  # every region has its next forum ahead
        dates = [workday(today + timedelta(days=o + rng.randint(-20, 20))) for o in offsets]
        pool = [w.coordinators[region.id]] if region.id in w.coordinators else []
        for raum in raeume:
            leaders = [p for p in w.staff_by_raum[raum.id] if p.function in leading]
            pool += rng.sample(leaders, min(len(leaders), max(3, 18 // len(raeume))))
            pool += rng.sample(w.locals_by_raum[raum.id], min(2, len(w.locals_by_raum[raum.id])))
        title = f"Regionales Sozialforum {region.name}"
        series.append(Series("Regionales Sozialforum", title, "sozialregion", dates, region, pool=pool))
    twice = set(rng.sample([r.id for r in w.raeume], min(12, len(w.raeume))))
    for raum in w.raeume:
        dates = [today + timedelta(days=rng.randint(-250, 80))]
        if raum.id in twice:
            dates.insert(0, today - timedelta(days=rng.randint(420, 700)))
        dates = [workday(d) for d in dates]
        staff = w.staff_by_raum[raum.id]
        pool = rng.sample(staff, min(len(staff), rng.randint(10, 18))) + w.locals_by_raum[raum.id]
        if raum.region is not None and raum.region.id in w.coordinators:
            pool.insert(0, w.coordinators[raum.region.id])
        title = f"Sozialraumkonferenz {raum.name}"
        series.append(Series("Sozialraumkonferenz", title, "sozialraum", dates, raum.region, raum=raum, pool=pool))
    network_meetings = [n for n in w.networks if n.network_type in ("Arbeitskreis", "Steuerungsgruppe")][:5]
    for network in network_meetings:
        dates = sorted(workday(today + timedelta(days=o + rng.randint(-25, 25))) for o in (-420, -150))
        if network.network_type == "Steuerungsgruppe":
            dates.append(workday(today + timedelta(days=rng.randint(20, 70))))
        region = next((r for r in w.regions if r.id == network.sozialregion_id), None)
        current = [m for m in network.memberships if m.valid_until is None]
        pool = [m.person for m in current if m.person is not None]
        pool += [w.staff[m.organisation][0] for m in current if m.organisation is not None and w.staff[m.organisation]]
        series.append(
            Series(
                network.network_type,  # Arbeitskreis or Steuerungsgruppe, as the meeting types are called
                network.name,
                network.level,
                dates,
                region,
                raum=w.raum_of(network.sozialraum_id),
                network=network,
                pool=list(dict.fromkeys(pool)),
            )
        )
    return series


def _make_meeting(w: World, series: Series, position: int) -> tuple[Meeting, list[AgendaItem]]:
    rng = w.rng
    texts = w.data.meetings
    day = series.dates[position]
    past = day < w.today
    later_past = position + 1 < len(series.dates) and series.dates[position + 1] < w.today
    if not past:
        status = "Entwurf"
    elif later_past:
        status = "genehmigt"
    else:
        status = "versendet" if (w.today - day).days > 14 else "Entwurf"
    raum = series.raum
    venue_raum = (
        raum or (rng.choice(w.raeume_of_region(series.region)) if series.region else None) or rng.choice(w.raeume)
    )
    venues = [o for o in w.orgs_by_raum[venue_raum.id] if o.org_type in texts["venue_types"]]
    venue = rng.choice(venues or w.orgs_by_raum[venue_raum.id])
    times = texts["times"].get(series.meeting_type) or texts["times"]["other"]
    start, end = (time.fromisoformat(t) for t in (rng.choice(times) if len(times) > 1 else times[0]))
    coordinator = w.coordinator_of(series.region)
    chair = coordinator
    if series.meeting_type == "Sozialraumkonferenz":
        kommune = [p for p in w.staff_by_raum[raum.id] if p.function == "Fachdienstleitung"]
        chair = kommune[0] if kommune else coordinator
    meeting = Meeting(
        meeting_type=series.meeting_type,
        title=f"{series.title} – {texts['months'][day.month - 1]} {day.year}",
        level=series.level,
        sozialregion_id=series.region.id if series.region else None,
        sozialraum_id=raum.id if raum else None,
        network_id=series.network.id if series.network else None,
        previous_meeting_id=series.meetings[-1].id if series.meetings else None,
        meeting_date=day,
        start_time=start,
        end_time=end,
        venue=venue.name,
        venue_address=f"{venue.street} {venue.house_number}, {venue.postcode} {venue.city}",
        chair_person_id=chair.id if chair else None,
        minute_taker_person_id=coordinator.id if coordinator else None,
        minutes_status=status,
        notes=DEMO_NOTE + ".",
    )
    series.meetings.append(meeting)
    w.meetings.append(meeting)
    w.meeting_raum[meeting] = raum
    if raum is not None and series.meeting_type == "Sozialraumkonferenz":
        w.srk_by_raum[raum.id].append(meeting)
    w.s.add(meeting)
    _invite(w, series, meeting)
    agenda = _make_agenda(w, series, meeting, coordinator, past)
    return meeting, agenda


def _invite(w: World, series: Series, meeting: Meeting) -> None:
    rng = w.rng
    days_ahead = (meeting.meeting_date - w.today).days
    if days_ahead > 35:
        return  # invitations go out about four weeks before
    pool = [p for p in series.pool if w.chance(0.9)]
    past = days_ahead < 0
    statuses = w.data.meetings["invitation_statuses"]["past" if past else "soon"]
    sent = datetime.combine(min(meeting.meeting_date - timedelta(days=28), w.today - timedelta(days=2)), time(9, 0))
    now = datetime.combine(w.today, time(8, 0))
    present: list[Person] = []
    for person in pool:
        status = w.pick(statuses)
        invited_at = sent + timedelta(minutes=rng.randint(0, 240))
        replied = None
        if status != "eingeladen":
            replied = min(invited_at + timedelta(days=rng.randint(1, 18), hours=rng.randint(0, 8)), now)
        meeting.invitations.append(
            Invitation(
                person=person,
                status=status,
                invited_at=invited_at,
                replied_at=replied,
                represented_by=" ".join(person_name(w)[1:]) if status == "vertreten" else None,
            )
        )
        if not past:
            continue
        if status == "zugesagt" and w.chance(0.92):
            meeting.attendances.append(Attendance(person=person, present=True))
            present.append(person)
        elif status == "zugesagt":
            meeting.attendances.append(Attendance(person=person, present=False, excused=False))
        elif status == "abgesagt" and w.chance(0.8):
            meeting.attendances.append(Attendance(person=person, present=False, excused=True))
    if past:
        area = [series.raum] if series.raum else w.raeume_of_region(series.region) or w.raeume
        others = [p for r in area for p in w.staff_by_raum[r.id] if p not in series.pool]
        for person in rng.sample(others, min(len(others), rng.randint(0, 3))):
            meeting.attendances.append(Attendance(person=person, present=True, walk_in=True))
            present.append(person)
    w.present[meeting] = present


def _make_agenda(
    w: World, series: Series, meeting: Meeting, coordinator: Person | None, past: bool
) -> list[AgendaItem]:
    """The agenda of the meeting type from sitzungen.json, filled in; minutes and decisions for past meetings."""
    rng = w.rng
    texts = w.data.meetings
    topic = rng.choice(w.data.topics)
    raum = series.raum
    area_orgs = [
        o for r in ([raum] if raum else w.raeume_of_region(series.region) or w.raeume) for o in w.orgs_by_raum[r.id]
    ]
    guest_org = rng.choice(area_orgs)
    guest = w.staff[guest_org][0] if w.staff[guest_org] else None
    has_previous = bool(meeting.previous_meeting_id)
    fill = {
        "topic": topic.title,
        "finding": topic.finding,
        "coordinator": display(coordinator) if coordinator else texts["coordinator_fallback"],
        "guest": f"{display(guest)} ({guest_org.name})" if guest else guest_org.name,
        "guest_organisation": guest_org.name,
        "raum": raum.name if raum else "",
        "year": meeting.meeting_date.year,
    }
    parts = ["opening", series.meeting_type if series.meeting_type in w.data.agenda else "other"]
    if has_previous:
        parts.append("after_previous_meeting")
    parts.append("closing")
    agenda = []
    for position, spec in enumerate((spec for part in parts for spec in w.data.agenda[part]), start=1):
        minutes = spec.minutes + (spec.minutes_after_previous if has_previous else "")
        item = AgendaItem(
            position=position,
            title=spec.title.format(**fill),
            item_type=spec.kind,
            duration_minutes=spec.duration_minutes,
            presenter=spec.presenter.format(**fill) if spec.presenter else None,
            is_standing=spec.standing,
            minutes=minutes.format(**fill) if past else None,
        )
        meeting.agenda_items.append(item)
        agenda.append(item)
        if past and spec.kind == "Beschluss":
            decisions = [topic.decision]
            if series.meeting_type == "Sozialraumkonferenz":
                decisions = _plan_applications(w, series.raum, meeting) or [texts["no_applications"]]
            elif w.chance(0.5):
                decisions.append(texts["decision_again"])
            item.decisions = [Decision(position=i, text=t) for i, t in enumerate(decisions, start=1)]
    if not past and series.meeting_type == "Sozialraumkonferenz":
        _plan_applications(w, series.raum, meeting)
    return agenda


def _plan_applications(w: World, raum: Raum, meeting: Meeting) -> list[str]:
    """Budget applications advised on in a conference (made in budgets.py); returns the decision texts."""
    rng = w.rng
    budget = w.data.meetings["budget"]
    year = meeting.meeting_date.year
    if year < w.today.year - 1:
        return []
    past = meeting.meeting_date < w.today
    applicants = [o for o in w.orgs_by_raum[raum.id] if o.org_type != "Kommune"]
    texts = []
    for org in rng.sample(applicants, min(len(applicants), rng.randint(1, 3) if past else rng.randint(1, 2))):
        purpose = rng.choice(budget["purposes"]).format(ort=org.city)
        requested = Decimal(rng.randrange(500, 5001, 50))
        plan = {
            "raum": raum,
            "year": year,
            "org": org,
            "purpose": purpose,
            "requested": requested,
            "meeting": meeting,
            "recommendation": None,
            "recommended": None,
        }
        if past:
            recommendation = w.pick(budget["recommendations"])
            plan["recommendation"] = recommendation
            amount = None
            if recommendation == "befürwortet":
                amount = requested if w.chance(0.6) else (requested * Decimal("0.8")).quantize(Decimal("1"))
                plan["recommended"] = amount
            decision = budget["decisions"][recommendation]
            texts.append(decision.format(purpose=purpose, organisation=org.name, amount=euro(amount or Decimal(0))))
        w.budget_plans.append(plan)
    return texts


def _make_tasks(w: World, series: Series, meeting: Meeting, agenda: list[AgendaItem]) -> None:
    rng = w.rng
    generic = w.data.meetings["generic_tasks"]
    present = w.present.get(meeting) or series.pool
    topic_item = next((a for a in agenda if a.item_type == "Diskussion"), agenda[0])
    task_text = next((t.task for t in w.data.topics if t.title == topic_item.title), rng.choice(generic))
    descriptions = [(topic_item, task_text)]
    for _ in range(rng.randint(0, 2)):
        descriptions.append((rng.choice(agenda), rng.choice(generic)))
    raum = w.meeting_raum.get(meeting)
    for item, text in descriptions:
        due = meeting.meeting_date + timedelta(days=rng.choice((14, 21, 28, 42, 56, 90)))
        person = rng.choice(present) if present and w.chance(0.75) else None
        org = None
        if person is None:
            orgs = (
                w.orgs_by_raum[raum.id] if raum else [o for p in series.pool if (o := w.person_org.get(p)) is not None]
            )
            org = rng.choice(orgs) if orgs else None
        overdue_days = (w.today - due).days
        done = w.chance(0.92 if overdue_days > 60 else 0.5 if overdue_days > 0 else 0.2)
        done_on = None
        if done:
            latest = min(due + timedelta(days=10), w.today - timedelta(days=1))
            done_on = w.day_between(meeting.meeting_date + timedelta(days=1), latest)
        if raum is not None:
            raum_id = raum.id
        elif org is not None:
            raum_id = w.org_raum[org].id
        else:
            raum_id = person.sozialraum_id if person else None
        w.tasks.append(
            Task(
                meeting_id=meeting.id,
                agenda_item_id=item.id,
                description=text,
                assignee_person_id=person.id if person else None,
                assignee_organisation_id=org.id if org else None,
                sozialraum_id=raum_id,
                due_on=due,
                status="erledigt" if done else "offen",
                done_on=done_on,
            )
        )


def _ensure_task_mix(w: World) -> None:
    """The demo needs overdue tasks and tasks due in the next days, whatever the seed."""
    today = w.today
    open_tasks = [t for t in w.tasks if t.status == TaskStatus.OPEN]
    overdue = [t for t in open_tasks if t.due_on < today]
    soon = [t for t in open_tasks if today <= t.due_on <= today + timedelta(days=14)]
    for task in sorted(w.tasks, key=lambda t: t.due_on, reverse=True):
        if len(soon) >= 4:
            break
        if task not in soon and task not in overdue:
            task.due_on, task.status, task.done_on = today + timedelta(days=w.rng.randint(1, 12)), "offen", None
            soon.append(task)
    for task in sorted(w.tasks, key=lambda t: t.due_on):
        if len(overdue) >= 4:
            break
        if task.due_on < today - timedelta(days=20) and task.status == TaskStatus.DONE:
            task.status, task.done_on = "offen", None
            overdue.append(task)


def _update_last_activity(w: World) -> None:
    for meeting, persons in w.present.items():
        for person in persons:
            if person.last_activity_on is None or person.last_activity_on < meeting.meeting_date:
                person.last_activity_on = meeting.meeting_date
