"""The headless indicator commands behind __main__: import a table, draw a chart or map, write a Sozialraumprofil."""

from __future__ import annotations

import argparse
import sys

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.indicators.statistics_import import parse_day

EXIT_OK, EXIT_FAILED = 0, 1


def import_indicators(context, args: argparse.Namespace) -> int:
    service = context.indicator_import
    assignments = {}
    for pair in args.assign:
        text, sep, target = pair.partition("=")
        if not sep or not text.strip():
            print(
                f'Fehler: „{pair}“: Bitte als TEXT=GEBIET angeben, z. B. "Mündener Land=Hann. Münden".', file=sys.stderr
            )
            return EXIT_FAILED
        assignments[text.strip()] = find_area(context, target) if target.strip() else None
    day = parse_day(args.date) if args.date else None
    plan = service.prepare(
        args.file, args.sheet, args.indicator, day, assignments, args.source, keep_lines=set(args.keep_line)
    )
    print(plan.describe())
    for row in plan.fuzzy:
        print(f"Hinweis: Zeile {row.line}: „{row.area_text}“ als {row.area.label} gelesen (ähnlicher Name).")
    for line, reason in plan.ignored[:20]:
        print(f"Hinweis: Zeile {line} ausgelassen: {reason}.")
    if len(plan.ignored) > 20:
        print(f"Hinweis: {len(plan.ignored) - 20} weitere Zeilen ausgelassen.")
    for row in plan.rejected[:20]:
        print(f"Hinweis: Zeile {row.line} abgelehnt: {row.error}")
    if len(plan.rejected) > 20:
        print(f"Hinweis: {len(plan.rejected) - 20} weitere Zeilen abgelehnt.")
    for duplicate in plan.duplicates:
        print(
            f"Doppelt: {duplicate.describe()} – bitte mit --nimm-zeile {duplicate.lines[0]} (oder einer der anderen "
            "Zeilen) wählen.",
            file=sys.stderr,
        )
    if plan.earlier:
        print(f"Hinweis: Diese Datei wurde schon importiert ({', '.join(plan.earlier)}).")
    if plan.unmatched:
        for u in plan.unmatched:
            lines = ", ".join(str(n) for n in u.lines[:8])
            hint = f" – meinten Sie: {', '.join(a.label for a in u.suggestions)}?" if u.suggestions else ""
            print(f"Nicht zugeordnet: „{u.text}“ (Zeile {lines}){hint}", file=sys.stderr)
        example = plan.unmatched[0]
        target = example.suggestions[0].name if example.suggestions else ""
        print(
            f'Fehler: Bitte ordnen Sie die Gebiete zu, z. B. --assign "{example.text}={target}" '
            f'(oder --assign "{example.text}=" zum Auslassen). Es wurde nichts gespeichert.',
            file=sys.stderr,
        )
        return EXIT_FAILED
    result = service.run(plan, user_name=context.profile.load().user_name, dry_run=args.dry_run)
    prefix = "Probelauf, nichts gespeichert" if args.dry_run else f"Import {result.batch_id}"
    print(f"{prefix}: {result.summary()}")
    # A dry run checks a file for a script: anything that would be refused makes it fail.
    return EXIT_FAILED if args.dry_run and (plan.rejected or plan.duplicates) else EXIT_OK


def find_area(context, text: str):
    """A Sozialraum, Sozialregion, Gemeinde or the Landkreis by name or key, for --assign and --areas."""
    from sozialkoordination.core.errors import NotFoundError
    from sozialkoordination.indicators.statistics_import import AreaMatcher

    tree = context.indicators.area_tree()
    area, how = AreaMatcher(tree).match(text, None, None, AreaLevel.SOZIALRAUM)
    if area is None:
        raise NotFoundError(f"Ein Gebiet „{text}“ gibt es nicht ({how}).")
    return area


def chart(context, args: argparse.Namespace) -> int:
    """Draw one chart or the map and save it; matplotlib is imported only here."""
    from sozialkoordination.indicators.documents import charts, maps, style

    service = context.indicators
    indicator = service.find(args.indicator)
    day = parse_day(args.date) if args.date else None
    areas = [find_area(context, name) for name in args.areas]
    region_id = context.areas.find_region(args.region).id if args.region else None
    own = context.profile.load().sozialregion_id
    tree = service.area_tree()
    # --region names the region every kind shows: its Sozialräume in the trend, its outline on the map
    chosen = region_id or own
    region = tree.region_by_id(chosen)
    if args.kind == "trend":
        if not areas:  # the region's Sozialräume, or the district alone
            areas = [tree.raeume[k] for k in tree.raeume_of_region.get(region.key, [])] if region else []
        figure = charts.trend_chart(service.trend(indicator.id, areas))
    elif args.kind == "compare":
        highlight = areas[0] if areas else None
        data = service.comparison(indicator.id, day, region_id, None if highlight else own, highlight)
        figure = charts.comparison_chart(data)
    elif args.kind == "map":
        highlight = areas[0] if areas else (region if args.region else None)
        figure = maps.choropleth_map(service.map_data(indicator.id, args.level, day, highlight))
    else:
        figure = charts.small_multiples(service.small_multiples(indicator.id, region_id))
    style.save(figure, args.out)
    names = {"trend": "Zeitreihe", "compare": "Vergleich", "map": "Karte", "multiples": "Kleine Grafiken"}
    print(f"{names[args.kind]} „{indicator.name}“ gespeichert: {args.out}")
    return EXIT_OK


def report(context, args: argparse.Namespace) -> int:
    from sozialkoordination.sozialraumprofil.service import ProfileReportService

    if args.level == AreaLevel.SOZIALRAUM:
        area = find_area(context, args.name)
        if area.level != AreaLevel.SOZIALRAUM:
            raum = context.areas.find_sozialraum(args.name)
            area = context.indicators.area_tree().raeume[raum.ars]
    else:
        region = context.areas.find_region(args.name)
        area = context.indicators.area_tree().regions[region.code]
    service = ProfileReportService.from_context(context)
    result = service.write(area, args.out, user_name=context.profile.load().user_name)
    print(f"Sozialraumprofil „{area.name}“ gespeichert: {args.out} ({result.pages_hint})")
    return EXIT_OK
