"""GET /api/v1/figures: the public figures page's machine-readable twin. Only figures an
organisation chose to publish, for a complete fixed period, each protected by
harbour.impact.disclosure (a suppressed entry is {"value": null, "suppressed": true})."""

from ninja import Router, Schema, Status

from harbour.core.api_errors import ErrorsOut
from harbour.impact import figures as figure_tables
from harbour.impact import privacy, selectors
from harbour.impact.disclosure import DisclosureError

router = Router(tags=["figures"])


class CellOut(Schema):
    row: str
    column: str
    value: int | None
    suppressed: bool


class RowTotalOut(Schema):
    row: str
    value: int | None
    suppressed: bool


class ColumnTotalOut(Schema):
    column: str
    value: int | None
    suppressed: bool


class TotalOut(Schema):
    value: int | None
    suppressed: bool


class SummaryOut(Schema):
    """The statistic published beside a table: "share" (a percentage) or "median_hours". Under the
    same rules as the cells: `value` and `base` null with `suppressed` true when the base is under
    the threshold or would give a hidden cell away."""

    kind: str
    value: float | None
    base: int | None
    suppressed: bool


class FigureOut(Schema):
    id: str
    organisation: str
    period: str
    breakdown: str
    unit: str
    threshold: int
    rounded: bool
    rows: list[str]
    columns: list[str]
    cells: list[CellOut]
    row_totals: list[RowTotalOut]
    column_totals: list[ColumnTotalOut]
    total: TotalOut
    summary: SummaryOut | None = None


class NoisyOut(Schema):
    """A cross-organisation total with differential-privacy noise (harbour/impact/privacy.py)."""

    id: str
    period: str
    organisations: int
    value: int
    interval: list[int]
    confidence: float
    epsilon: float


class FiguresOut(Schema):
    period: str
    figures: list[FigureOut]
    noisy: list[NoisyOut]


@router.get("/figures", response={200: FiguresOut, 400: ErrorsOut}, url_name="figures")
def figures(request, period: str = ""):
    """Published figures for `period` (a year "2025", quarter "2025-Q3" or month "2025-07" that
    has ended; default the last complete quarter)."""
    from harbour.impact.forms import period_message
    from harbour.impact.views import public_period_from

    try:
        chosen = public_period_from(period)
    except DisclosureError as error:
        return Status(400, {"errors": {"period": [period_message(error, public=True)]}})
    out = []
    for organisation, shown in selectors.published_figures(chosen):
        out.append({**shown.payload, "organisation": str(organisation.public_id),
                    "summary": figure_tables.summary_entry(shown.payload)})
    noisy = [{"id": n.metric.id, "period": n.period, "organisations": n.organisations, "value": n.value,
              "interval": [n.low, n.high], "confidence": privacy.CONFIDENCE, "epsilon": n.epsilon}
             for n in privacy.public_releases(chosen)]
    return Status(200, {"period": str(chosen), "figures": out, "noisy": noisy})
