"""The Sozialraumprofil: one Word report for a Sozialraum or a Sozialregion – key indicators with trend and
comparison to the Landkreis, charts and the map, actors by type, networks, meetings, open tasks, participation and
volunteering – gathered from the existing services and written in the background."""

from __future__ import annotations

import io
import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.core.progress import Progress, check
from sozialkoordination.indicators.service import (
    POPULATION_KEY,
    AreaRef,
    IndicatorService,
    value_text,
)
from sozialkoordination.meetings.dto import TaskFilter
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.networks.dto import GapTable
from sozialkoordination.networks.service import NetworkService
from sozialkoordination.offers.service import PHASE_LABELS, AngebotService
from sozialkoordination.participation.dto import RESPONSES
from sozialkoordination.participation.service import ParticipationService
from sozialkoordination.sozialraumprofil.dto import (
    CHART_DPI,
    CHARTED_INDICATORS,
    MEETING_MONTHS,
    IndicatorLine,
    ProfileData,
    ProfileResult,
)
from sozialkoordination.volunteering.service import VolunteeringService

log = logging.getLogger(__name__)


class ProfileReportService:
    def __init__(
        self,
        indicators: IndicatorService,
        networks: NetworkService,
        meetings: MeetingService,
        participation: ParticipationService,
        volunteering: VolunteeringService,
        organisation_types: Callable[[], list[str]],
        today: Callable[[], date] = date.today,
        sender: Callable[[], SenderProfile] = SenderProfile,
        offers: AngebotService | None = None,
    ):
        self._sender = sender  # who the report comes from (the settings' letterhead)
        self._indicators = indicators
        self._networks = networks
        self._meetings = meetings
        self._participation = participation
        self._volunteering = volunteering
        self._offers = offers  # the Präventionskette page of a Sozialraum
        self._organisation_types = organisation_types
        self._today = today

    @classmethod
    def from_context(cls, context) -> ProfileReportService:
        return cls(
            context.indicators,
            context.networks,
            context.meetings,
            context.participation,
            context.volunteering,
            context.actors.organisation_types,
            sender=context.profile.sender,
            offers=context.offers,
        )

    # -- gathering -----------------------------------------------------------------------------
    def gather(self, area: AreaRef, user_name: str | None = None, progress: Progress | None = None) -> ProfileData:
        """Everything the report shows, without charts (those need matplotlib; see write)."""
        if area.level not in (AreaLevel.SOZIALRAUM, AreaLevel.SOZIALREGION):
            raise ValueError("Ein Sozialraumprofil gibt es für einen Sozialraum oder eine Sozialregion.")
        check(progress, 0, 10, "Kennzahlen werden zusammengestellt …")
        tree = self._indicators.area_tree()
        raeume = tree.raeume_in(area)
        region = tree.region_of(area) if area.level == AreaLevel.SOZIALRAUM else area
        region_id = tree.region_ids.get(region.key) if region else None
        gemeinden = [tree.gemeinden[a].name for r in raeume for a in tree.members.get(r.key, [])]
        limit = self._indicators.small_number_limit()
        lines, population = [], None
        raum_values: dict[str, list[str]] = {r.name: [] for r in raeume}
        sources: list[str] = []
        for indicator in self._indicators.catalogue():
            calc = self._indicators.calculator(indicator.id, tree)
            days = [d for d in calc.dates() if calc.value(area, d).value is not None or calc.value(area, d).protected]
            if not days:
                continue
            latest = calc.value(area, days[-1])
            earlier = calc.value(area, days[0]) if len(days) > 1 else None
            line = IndicatorLine(indicator, latest, earlier, calc.value(tree.landkreis, days[-1]), limit)
            lines.append(line)
            if indicator.key == POPULATION_KEY:
                population = line
            for raum in raeume:
                raum_values[raum.name].append(value_text(calc.value(raum, days[-1]), limit, indicator.decimals))
            for text in calc.sources(days):
                if text not in sources:
                    sources.append(text)
        data = ProfileData(
            area,
            region,
            raeume,
            gemeinden,
            self._today(),
            user_name,
            limit,
            population,
            lines,
            list(raum_values.items()) if area.level == AreaLevel.SOZIALREGION else [],
            sources=sources,
        )
        check(progress, 1, 10, "Akteure und Netzwerke werden gezählt …")
        self._actors(data, region_id)
        self._network_rows(data, region_id)
        check(progress, 2, 10, "Sitzungen und Aufgaben werden gesammelt …")
        self._meeting_rows(data, region_id, tree)
        self._participation_rows(data, region_id)
        year = data.today.year
        raum_id = tree.raum_ids.get(area.key) if area.level == AreaLevel.SOZIALRAUM else None
        data.volunteering = self._volunteering.counts(year, region_id if raum_id is None else None, raum_id)
        if self._offers is not None and raum_id is not None:
            data.chain = self._offers.chain(raum_id)
        return data

    def _actors(self, data: ProfileData, region_id: int | None) -> None:
        types = self._organisation_types()
        table = self._networks.type_gaps(region_id, types)
        totals = self._area_totals(data, table)
        data.actor_types = sorted(((t, n) for t, n in totals.items() if n), key=lambda tn: (-tn[1], tn[0]))
        data.organisations = sum(totals.values())
        self._gaps(data, region_id)

    def _gaps(self, data: ProfileData, region_id: int | None) -> None:
        """The weiße Flecken by what the coordinator chose to count (Netzwerke → Weiße Flecken → Was zählt?): for
        the area as a whole, and for a region per Sozialraum."""
        choice = self._networks.gap_choice()
        names = [r.name for r in data.raeume]
        tables = []
        if choice.org_types:
            tables.append(("Akteure", self._networks.type_gaps(region_id, list(choice.org_types))))
        if choice.offer_kinds and self._offers is not None:
            phases = list(choice.life_phases)
            tables.append(("Angebote", self._offers.kind_gaps(region_id, list(choice.offer_kinds), phases)))
            data.gap_phases = [PHASE_LABELS.get(p, p) for p in phases]
        for group, table in tables:
            totals = self._area_totals(data, table)
            missing = [c for c in table.columns if not totals.get(c)]
            (data.missing_types if group == "Akteure" else data.missing_kinds).extend(missing)
            if data.area.level == AreaLevel.SOZIALREGION:
                rows = dict(table.rows)
                data.gap_tables.append((group, GapTable(table.columns, [(n, rows[n]) for n in names if n in rows])))

    @staticmethod
    def _area_totals(data: ProfileData, table: GapTable) -> Counter:
        names = {r.name for r in data.raeume}
        totals = Counter()
        for raum, counts in table.rows:
            if raum in names:
                totals.update(dict(zip(table.columns, counts, strict=True)))
        return totals

    def _network_rows(self, data: ProfileData, region_id: int | None) -> None:
        wanted = {r.name for r in data.raeume} | ({data.region.name} if data.region else set())
        for network in self._networks.network_list(region_id):
            if network.area in wanted:
                data.networks.append((network.name, network.network_type or "", network.area, network.active_members))

    def _meeting_rows(self, data: ProfileData, region_id: int | None, tree) -> None:
        since = data.today - timedelta(days=round(MEETING_MONTHS * 30.5))
        wanted = {r.name for r in data.raeume} | ({data.region.name} if data.region else set())
        ids = set()
        for m in self._meetings.meetings(region_id):
            if m.area in wanted:
                ids.add(m.id)
                if since <= m.meeting_date <= data.today:
                    data.meetings.append((m.meeting_date, m.meeting_type, m.title, m.area))
        data.meetings.sort()
        names = {r.name for r in data.raeume}
        for task in self._meetings.tasks(TaskFilter(open_only=True, sozialregion_id=region_id)):
            if data.area.level == AreaLevel.SOZIALRAUM and task.sozialraum not in names and task.meeting_id not in ids:
                continue
            overdue = task.due_on is not None and task.due_on < data.today
            data.open_tasks.append((task.assignee or "offen", task.description, task.due_on, overdue))

    def _participation_rows(self, data: ProfileData, region_id: int | None) -> None:
        names = {r.name for r in data.raeume}
        by_year: dict[int | None, list[int]] = {}
        for raum, year, activities, participants, *responses in self._participation.overview(region_id):
            if raum in names:
                row = by_year.setdefault(year, [0] * (2 + len(RESPONSES)))
                for i, n in enumerate([activities, participants, *responses]):
                    row[i] += n or 0
        data.participation = [(year, *row) for year, row in sorted(by_year.items(), key=lambda kv: kv[0] or 0)]

    # -- writing -------------------------------------------------------------------------------
    def write(
        self, area: AreaRef, path: Path, user_name: str | None = None, progress: Progress | None = None
    ) -> ProfileResult:
        started = time.perf_counter()
        data = self.gather(area, user_name, progress)
        self._draw(data, progress)
        check(progress, 9, 10, "Word-Dokument wird geschrieben …")
        from sozialkoordination.sozialraumprofil.documents import write_profile

        write_profile(Path(path), data, self._sender())
        check(progress, 10, 10, "Fertig.")
        seconds = time.perf_counter() - started
        log.info("Sozialraumprofil %s in %.2f s", area.name, seconds)
        return ProfileResult(Path(path), seconds, len(data.indicators), len(data.charts) + bool(data.map_png))

    def _draw(self, data: ProfileData, progress: Progress | None) -> None:
        """Trend and comparison of the first key indicators, and the map; matplotlib is loaded only here."""
        from sozialkoordination.indicators.documents import charts, maps

        svc, area = self._indicators, data.area
        charted = self._charted(data)
        steps = len(charted) * 2 + 1
        done = 0
        region_id = svc.area_tree().region_ids.get(data.region.key) if data.region else None
        for line in charted:
            ind = line.indicator
            check(progress, 3 + done * 6 // steps, 10, f"Grafik „{ind.name}“ wird gezeichnet …")
            shown = data.raeume if area.level == AreaLevel.SOZIALREGION and len(data.raeume) <= 5 else [area]
            trend = charts.trend_chart(svc.trend(ind.id, shown), 16, 7.5)
            data.charts.append((ind.name, f"Entwicklung {area.name} und Landkreis", _png(trend)))
            done += 1
            highlight = area if area.level == AreaLevel.SOZIALRAUM else None
            comparison = svc.comparison(ind.id, None, None, region_id if highlight is None else None, highlight)
            figure = charts.comparison_chart(comparison, 16, 12.5)
            data.charts.append((ind.name, "Vergleich der 18 Sozialräume", _png(figure)))
            done += 1
        main = next((line for line in charted if line.indicator.is_rate), charted[0] if charted else None)
        if main is not None:
            check(progress, 8, 10, "Karte wird gezeichnet …")
            figure = maps.choropleth_map(svc.map_data(main.indicator.id, AreaLevel.SOZIALRAUM, None, area), 16.5, 11.5)
            data.map_png = _png(figure)
            data.map_caption = f"{main.indicator.name} – {area.name} hervorgehoben"

    @staticmethod
    def _charted(data: ProfileData) -> list[IndicatorLine]:
        """Rates first (they compare across areas), then counts; population last but kept when it is all there is."""
        ranked = sorted(
            data.indicators, key=lambda line: (not line.indicator.is_rate, line.indicator.key == POPULATION_KEY)
        )
        return ranked[:CHARTED_INDICATORS]


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=CHART_DPI, facecolor="white")
    return buffer.getvalue()
