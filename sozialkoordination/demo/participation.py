"""Demo Beteiligungsverfahren: activities in 15 Sozialräume, the proposals made there, their milestones and tasks."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sozialkoordination.demo.world import DEMO_NOTE, Raum, World, slug
from sozialkoordination.models import Milestone, ParticipationActivity, Proposal, Task

ACTIVITIES = 15
RUNNING = (5,)  # positions of the activity running now (an online participation) and of the planned ones
PLANNED = (11, 13)
# Participants by format: (field, lowest, highest).
PARTICIPANTS = {
    "Bürgerversammlung": (("participants_on_site", 40, 150),),
    "Zukunftswerkstatt": (("participants_on_site", 15, 45),),
    "Befragung": (("participants_paper", 80, 300), ("participants_online", 50, 400)),
    "Ortsbegehung": (("participants_on_site", 8, 25),),
    "Kinder- und Jugendbeteiligung": (("participants_on_site", 12, 60),),
    "online": (("participants_online", 60, 500),),
}


def make_participation(w: World) -> None:
    rng = w.rng
    texts = w.data.participation
    specs = w.data.activities
    raeume = rng.sample(w.raeume, min(ACTIVITIES, len(w.raeume)))
    proposals: list[tuple[Proposal, Raum]] = []
    for i, raum in enumerate(raeume):
        spec = specs[i % len(specs)]
        place = rng.choice(raum.places)[0]
        if i in RUNNING:
            starts = w.today - timedelta(days=rng.randint(5, 20))
        elif i in PLANNED:
            starts = w.today + timedelta(days=rng.randint(20, 80))
        else:
            starts = w.today - timedelta(days=rng.randint(30, 700))
        ends = starts + timedelta(days=rng.randint(28, 42)) if spec.format in ("Befragung", "online") else starts
        status = "abgeschlossen" if ends < w.today else "laufend" if starts <= w.today else "geplant"
        kommune = [o for o in w.orgs_by_raum[raum.id] if o.org_type == "Kommune"]
        others = [o for o in w.orgs_by_raum[raum.id] if o.org_type != "Kommune"]
        title = spec.title.format(ort=place, raum=raum.name)
        activity = ParticipationActivity(
            format=spec.format,
            title=title,
            topic=spec.topic,
            sozialraum_id=raum.id,
            ortschaft=place,
            starts_on=starts,
            ends_on=ends,
            organiser=kommune[0] if kommune else None,
            target_groups=spec.target_groups,
            status=status,
            notes=DEMO_NOTE + ".",
            partners=rng.sample(others, min(len(others), rng.randint(1, 3))),
            documents=texts["documents_url"].format(slug=slug(title)),
        )
        if status != "geplant":
            for name, lowest, highest in PARTICIPANTS.get(spec.format, PARTICIPANTS["online"]):
                setattr(activity, name, rng.randint(lowest, highest))
            for text in rng.sample(spec.ideas, rng.randint(2, min(4, len(spec.ideas)))):
                proposals.append((_make_proposal(w, activity, raum, text), raum))
        w.activities.append(activity)
    w.s.add_all(w.activities)
    w.s.flush()
    for proposal, raum in proposals:
        if proposal.response_status == "angenommen" and w.chance(0.6):
            due = w.today + timedelta(days=w.rng.randint(-30, 60))
            w.tasks.append(
                Task(
                    proposal_id=proposal.id,
                    description=texts["follow_up_task"].format(proposal=proposal.text),
                    assignee_organisation_id=proposal.responsible_organisation_id,
                    sozialraum_id=raum.id,
                    due_on=due,
                    status="offen",
                )
            )
            w.s.add(w.tasks[-1])


def _make_proposal(w: World, activity: ParticipationActivity, raum: Raum, text: str) -> Proposal:
    rng = w.rng
    texts = w.data.participation
    if activity.status == "abgeschlossen":
        status = w.pick((("angenommen", 3), ("umgesetzt", 2), ("abgelehnt", 1), ("in Prüfung", 2)))
    else:
        status = w.pick((("in Prüfung", 4), ("angenommen", 1)))
    progress = 100 if status == "umgesetzt" else rng.randrange(10, 81, 10) if status == "angenommen" else 0
    conferences = [m for m in w.srk_by_raum[raum.id] if m.meeting_date >= activity.starts_on]
    responsible = activity.organiser or (activity.partners[0] if activity.partners else None)
    proposal = Proposal(
        text=text,
        response_status=status,
        responsible_organisation_id=responsible.id if responsible else None,
        estimated_cost=Decimal(rng.randrange(500, 25001, 250)) if w.chance(0.7) else None,
        progress_percent=progress,
        meeting_id=conferences[0].id if conferences and status != "in Prüfung" else None,
        notes=texts["rejected_note"] if status == "abgelehnt" else None,
    )
    if status in ("angenommen", "umgesetzt"):
        start = activity.ends_on or activity.starts_on
        steps = texts["milestones"][: rng.randint(2, 4)]
        for i, title in enumerate(steps):
            due = start + timedelta(days=45 * (i + 1))
            finished = status == "umgesetzt" or (i + 1) / len(steps) <= progress / 100
            done = min(due - timedelta(days=rng.randint(0, 14)), w.today) if finished else None
            proposal.milestones.append(Milestone(title=title, due_on=due, done_on=done))
    activity.proposals.append(proposal)
    return proposal
